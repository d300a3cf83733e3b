// npm run bench -- scoring-db [--contacts 100000] [--keep]
// Loads the demo business at 100k contacts into a temp PGlite folder, trains the lead model, then scores every open
// lead with its top factors and writes the scores back: the timed part. One JSON line per measure on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emit } from './args';
import { openDatabase } from '../packages/server/src/platform/db';
import { systemClock } from '../packages/server/src/platform/clock';
import { workspaces } from '../packages/server/src/platform/schema';
import { createDemoService } from '../packages/server/src/modules/demo/demo.service';
import { hashPassword } from '../packages/server/src/modules/auth/passwords';
import { createAuditService } from '../packages/server/src/modules/audit/audit.service';
import { createScoringService } from '../packages/server/src/modules/scoring/scoring.service';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const contacts = Number(flag('contacts') ?? 100_000);
const log = (...a: unknown[]) => console.error('[bench scoring-db]', ...a);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-scoring-bench-'));
const database = await openDatabase({ dataDir });
try {
  await database.migrate();
  const db = database.db;
  const [ws] = await db.insert(workspaces).values({ name: 'Scoring bench' }).returning();
  const demo = createDemoService({ db, clock: systemClock, hashPassword: (p) => hashPassword(p) });
  log(`loading the demo at ${contacts} contacts`);
  const loaded = await demo.load(ws!.id, { contacts });
  log(`loaded in ${loaded.seconds.toFixed(1)} s`);
  const scoring = createScoringService({
    db,
    clock: systemClock,
    audit: createAuditService({ db, clock: systemClock }),
  });

  let t = performance.now();
  const trained = await scoring.train(ws!.id, 'contact_conversion', 'bench', undefined, { activate: true });
  const trainSeconds = (performance.now() - t) / 1000;
  const test = trained.report.test as { auc?: number; brier?: number; liftAt10?: number } | null;
  emit({
    bench: 'train-leads',
    examples: trained.snapshot.examples,
    positives: trained.snapshot.positives,
    chosen: trained.family,
    auc: test?.auc ?? null,
    brier: test?.brier ?? null,
    'lift@10%': test?.liftAt10 ?? null,
    ready: trained.ready,
    seconds: Math.round(trainSeconds * 100) / 100,
  });

  t = performance.now();
  const scored = await scoring.score(ws!.id, 'contact_conversion');
  const seconds = (performance.now() - t) / 1000;
  const [check] = (
    await database.query(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE probability = 'NaN'::real)::int AS nan FROM scoring_scores WHERE workspace_id = $1",
      [ws!.id],
    )
  ).rows as { n: number; nan: number }[];
  const r2 = (x: number | undefined) => (x === undefined ? null : Math.round(x * 100) / 100);
  emit({
    bench: 'score-100k',
    contacts,
    leads: scored.scored,
    stored: check?.n,
    nan: check?.nan,
    seconds: r2(seconds),
    read_s: r2(scored.phases?.readSeconds),
    explain_s: r2(scored.phases?.explainSeconds),
    write_s: r2(scored.phases?.writeSeconds),
    load_average: Math.round(os.loadavg()[0]! * 10) / 10,
  });
} finally {
  await database.close();
  if (argv.includes('--keep')) log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
