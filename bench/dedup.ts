// npm run bench -- dedup [--rows 100000] [--dup-rate 0.05] [--seed 7] [--hard 0] [--pg postgres://…]
// A seeded contacts list with planted duplicates (how: packages/ml/src/dedup/synthetic.ts, docs/data-quality.md),
// (a) loaded into a fresh database through the bulk path (multi-row unnest inserts, as the demo loader and importer do),
//     with one company per distinct company name, linked,
// (b) duplicate detection: the pure matcher on the rows in memory, then the full scan as the server runs it
//     (read from the database, block, score, store candidates), (c) precision and recall of the likely pairs (score ≥ 0.7).
// No --data folder: everything is generated. One JSON object per line on stdout; progress on stderr.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { emit } from './args';
import { openDatabase } from '../packages/server/src/platform/db';
import { loadConfig } from '../packages/server/src/platform/config';
import { createLogger } from '../packages/server/src/platform/logger';
import { systemClock } from '../packages/server/src/platform/clock';
import { companies, contacts } from '../packages/server/src/platform/schema';
import { unnestInsert } from '../packages/server/src/platform/bulk-insert';
import { createServices } from '../packages/server/src/app';
import {
  createContactMatcher,
  LIKELY_DUPLICATE,
  pairQuality,
  scoreAll,
  syntheticContacts,
} from '../packages/ml/src/dedup/index';

const flags = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) if (argv[i]!.startsWith('--')) flags.set(argv[i]!.slice(2), argv[i + 1] ?? '');
const rows = Number(flags.get('rows') ?? 100_000);
const dupRate = Number(flags.get('dup-rate') ?? 0.05);
const seed = Number(flags.get('seed') ?? 7);
// Share of duplicates that keep only name + company (no shared email or phone): 0 is the plant mix.
const hard = Number(flags.get('hard') ?? 0);
const pgUrl = flags.get('pg');
const log = (...a: unknown[]) => console.error('[bench dedup]', ...a);
const secs = (ms: number) => Math.round(ms / 10) / 100;

const duplicates = Math.round(rows * dupRate);
const { rows: people, truth } = syntheticContacts({ originals: rows - duplicates, duplicates, seed, hard });
log(`generated ${people.length} contacts, ${truth.length} planted duplicates (seed ${seed}, hard share ${hard})`);

// (b1) pure detection on the generated rows.
let t = performance.now();
const pure = scoreAll(createContactMatcher(people, { defaultCountry: 'US' }));
const pureMs = performance.now() - t;
const pureQ = pairQuality(
  pure.filter((c) => c.score >= LIKELY_DUPLICATE),
  truth,
);
emit({ bench: 'dedup-detect-pure', records: people.length, candidates: pure.length, seconds: secs(pureMs) });

// (a) bulk load.
const database = await openDatabase(pgUrl ? { databaseUrl: pgUrl } : {});
await database.migrate();
const services = createServices(database, loadConfig({ LOG_LEVEL: 'silent' }), systemClock, createLogger('silent'));
const { workspace } = await services.auth.createWorkspaceWithOwner({
  workspaceName: `Dedup bench ${seed}`,
  name: 'Bench',
  email: `bench-${randomUUID().slice(0, 8)}@dedup.bench`,
  password: 'bench-password',
});
const idOf = new Map<string, string>(); // database id → synthetic id
// One company per distinct name as written ("Acme Labs" and "ACME LABS" become two, as a naive import would make them).
const companyIds = new Map<string, string>();
for (const p of people)
  if (p.companyName && !companyIds.has(p.companyName)) companyIds.set(p.companyName, randomUUID());
const companyRows = [...companyIds].map(([name, id]) => ({ id, workspaceId: workspace.id, name }));
const records = people.map((p) => {
  const id = randomUUID();
  idOf.set(id, p.id);
  return {
    id,
    workspaceId: workspace.id,
    firstName: p.firstName ?? null,
    lastName: p.lastName ?? null,
    email: p.email ?? null,
    phone: p.phone ?? null,
    companyId: p.companyName ? companyIds.get(p.companyName)! : null,
  };
});
t = performance.now();
await database.db.transaction(async (tx) => {
  for (let i = 0; i < companyRows.length; i += 5000)
    await tx.execute(unnestInsert(companies, companyRows.slice(i, i + 5000)));
  for (let i = 0; i < records.length; i += 5000) await tx.execute(unnestInsert(contacts, records.slice(i, i + 5000)));
});
await database.db.execute(sql`analyze contacts`);
const loadMs = performance.now() - t;
emit({
  bench: 'dedup-load',
  database: database.kind,
  rows: records.length,
  companies: companyRows.length,
  seconds: secs(loadMs),
});

// (b2) the server's scan: read, match, store.
t = performance.now();
const scan = await services.dataQuality.scan(workspace.id, 'contacts', (f, m) => {
  if (f === 1 || Math.round(f * 100) % 20 === 0) log(`${Math.round(f * 100)}% ${m ?? ''}`);
});
const scanMs = performance.now() - t;
emit({
  bench: 'dedup-scan',
  database: database.kind,
  records: scan.records,
  pairs_compared: scan.pairsCompared,
  candidates: scan.candidates,
  likely: scan.likely,
  matcher_seconds: secs(scan.durationMs),
  seconds: secs(scanMs),
});

// (c) quality of what the scan stored, against the planted pairs.
const stored = (
  (await database.db.execute(
    sql`select record_a, record_b from dq_candidates where workspace_id = ${workspace.id} and score >= ${LIKELY_DUPLICATE}`,
  )) as unknown as { rows: { record_a: string; record_b: string }[] }
).rows;
const q = pairQuality(
  stored.map((r) => ({ a: idOf.get(r.record_a)!, b: idOf.get(r.record_b)! })),
  truth,
);
const round = (x: number) => Math.round(x * 10000) / 10000;
emit({
  bench: 'dedup-quality',
  hard,
  threshold: LIKELY_DUPLICATE,
  planted: q.planted,
  found: q.found,
  true_positives: q.truePositives,
  precision: round(q.precision),
  recall: round(q.recall),
  pure_precision: round(pureQ.precision),
  pure_recall: round(pureQ.recall),
  target: 'recall >= 0.95 at precision >= 0.95',
  met: q.recall >= 0.95 && q.precision >= 0.95,
});
await database.close();
