// npm run bench -- startup [--runs 10]: how fast the `pipewise` command starts, from the compiled build (what users
// run) and from the TypeScript sources through tsx (what it was before decision 0006). Medians of --runs.
// (a) `pipewise --version`; (b) `pipewise forecast --csv` on a 3-row file; (c) `pipewise serve` on an existing data
// folder until /api/health answers. Builds the server first when the build is stale. One JSON line per measurement.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emit } from './args';
import { freePort } from './processes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 10;
const compiled = path.join(root, 'packages/server/dist/cli.mjs');
const sources = path.join(root, 'packages/server/src/cli.ts');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const targets = { version: 0.3, 'forecast-csv': 0.8, 'serve-ready': 1.5 } as const;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const entry = (mode: 'compiled' | 'tsx') => (mode === 'compiled' ? [compiled] : [tsx, sources]);

function timeCommand(args: string[], env: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function timeServe(args: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const t = process.hrtime.bigint();
  const env = { ...process.env, PIPEWISE_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent' };
  const child = spawn(process.execPath, [...args, 'serve'], { cwd: root, env, stdio: 'ignore' });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return Number(process.hrtime.bigint() - t) / 1e9;
      if (child.exitCode !== null) throw new Error('server exited before it served');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

spawnSync(process.execPath, [path.join(root, 'scripts/build-server.mjs'), '--quiet'], { stdio: 'inherit' });
const work = mkdtempSync(path.join(os.tmpdir(), 'pipewise-startup-'));
try {
  const csv = path.join(work, 'small.csv');
  writeFileSync(csv, 'date,amount\n2026-01-05,120\n2026-02-03,150\n2026-03-09,170\n');
  const dataDir = path.join(work, 'data');
  const env = { ...process.env, PIPEWISE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  timeCommand([compiled, 'migrate'], env); // the existing data folder `npm start` finds
  for (const mode of ['compiled', 'tsx'] as const) {
    const measure = {
      version: () => timeCommand([...entry(mode), '--version'], env),
      'forecast-csv': () => timeCommand([...entry(mode), 'forecast', '--csv', csv, '--value', 'amount'], env),
    };
    for (const [what, run] of Object.entries(measure)) {
      run(); // warm the file cache once
      const times = Array.from({ length: runs }, run);
      const target = targets[what as keyof typeof targets];
      emit({
        bench: 'startup',
        what,
        mode,
        runs,
        median_s: +median(times).toFixed(3),
        target_s: target,
        met: median(times) < target,
      });
    }
    const serveTimes: number[] = [];
    for (let i = 0; i < runs; i++) serveTimes.push(await timeServe(entry(mode), dataDir));
    const m = median(serveTimes);
    emit({ bench: 'startup', what: 'serve-ready', mode, runs, median_s: +m.toFixed(3), target_s: 1.5, met: m < 1.5 });
  }
  emit({
    bench: 'startup',
    what: 'node-floor',
    runs,
    median_s: +median(Array.from({ length: runs }, () => timeCommand(['-e', '0'], env))).toFixed(3),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
