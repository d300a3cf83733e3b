// npm run bench -- api [--contacts 100000] [--duration 10] [--connections 50] [--pg postgres://…] [--no-pg] [--keep]
// (a) generate + load the demo workspace into a fresh PGlite folder, (b) list contacts through the real server under
// autocannon (PGlite, then PostgreSQL when one is reachable), (c) cold start of the server on that folder.
// No --data folder: everything is generated. One JSON object per line on stdout; progress on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { emit, parseFlags } from './args';
import { freePort, stop } from './processes';
import { openDatabase, type Database } from '../packages/server/src/platform/db';
import { systemClock } from '../packages/server/src/platform/clock';
import { apiKeys, workspaces } from '../packages/server/src/platform/schema';
import { hashPassword, randomToken, sha256 } from '../packages/server/src/modules/auth/passwords';
import { createDemoService } from '../packages/server/src/modules/demo/demo.service';

type Latency = { p50: number; p90: number; p97_5: number; p99: number; average: number };
type AutocannonResult = {
  latency: Latency;
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
};
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flags = parseFlags(process.argv.slice(2));
const contacts = Number(flags.get('contacts') ?? 100_000);
const duration = Number(flags.get('duration') ?? 10);
const connections = Number(flags.get('connections') ?? 50);
const log = (...a: unknown[]) => console.error('[bench api]', ...a);

const queries = {
  'filter-sort': '/api/v1/contacts?limit=50&sort=-updatedAt&filter[lifecycleStage][eq]=lead',
  search: '/api/v1/contacts?limit=50&q=garcia',
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pipewise-bench-'));
try {
  // (a) demo load on PGlite, in this process, timed around generation + writes only.
  const key = await loadDemo({ dataDir }, 'pglite');

  // (c) cold start on the folder just written, then (b) the list benchmark on that server.
  const server = await startServer({ PIPEWISE_DATA_DIR: dataDir }, key, 'pglite');
  try {
    await listBench(server.url, key, 'pglite');
  } finally {
    await stop(server.child);
  }

  const pgServer = await findPostgres();
  if (pgServer) await postgresRound(pgServer);
  else log('no PostgreSQL (pass --pg URL or DATABASE_URL, or run one on 127.0.0.1:5432): skipping the postgres round');
} finally {
  if (flags.has('keep')) log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}

async function loadDemo(
  opts: { dataDir?: string; databaseUrl?: string },
  kind: 'pglite' | 'postgres',
): Promise<string> {
  const database = await openDatabase(opts);
  try {
    await database.migrate();
    const [ws] = await database.db.insert(workspaces).values({ name: 'Bench demo' }).returning();
    const demo = createDemoService({ db: database.db, clock: systemClock, hashPassword: (p) => hashPassword(p) });
    log(`loading ${contacts.toLocaleString('en-US')} contacts into ${kind}…`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let lastLog = 0;
    const result = await demo.load(ws!.id, { contacts }, (f, m) => {
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`${(f * 100).toFixed(0)}% ${m}`);
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
    // CPU seconds are shown beside wall time: on a shared machine other processes stretch the wall clock.
    emit({
      bench: 'demo-load',
      db: kind,
      contacts,
      seconds: round(seconds),
      cpu_seconds: round((cpu.user + cpu.system) / 1e6),
      rows,
      rows_per_second: Math.round(rows / seconds),
      counts: result.counts,
      load_average: os.loadavg().map(round),
    });
    return await createApiKey(database, ws!.id);
  } finally {
    await database.close();
  }
}

/** Written straight to the table, like the CLI's `api-key create` would, so the bench needs no signed-in owner. */
async function createApiKey(database: Database, workspaceId: string): Promise<string> {
  const secret = `pw_${randomToken(24)}`;
  await database.db.insert(apiKeys).values({
    workspaceId,
    name: 'bench',
    role: 'admin',
    prefix: secret.slice(0, 7),
    keyHash: sha256(secret),
    ownedByWorkspace: true,
  });
  return secret;
}

async function startServer(
  env: Record<string, string>,
  key: string,
  kind: string,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT: '1000000000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${stderr}`);
    if (performance.now() - t0 > 180_000) throw new Error(`server did not answer within 180 s:\n${stderr}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const healthy = (performance.now() - t0) / 1000;
  const first = await fetch(`${url}${queries['filter-sort']}`, { headers: { authorization: `Bearer ${key}` } });
  if (!first.ok) throw new Error(`first list request failed: ${first.status} ${await first.text()}`);
  const firstList = (performance.now() - t0) / 1000;
  emit({ bench: 'cold-start', db: kind, contacts, seconds: round(healthy), first_list_seconds: round(firstList) });
  return { url, child };
}

async function listBench(url: string, key: string, kind: 'pglite' | 'postgres') {
  const autocannon = ((await import('autocannon' as string)) as { default: Autocannon }).default;
  for (const [name, pathAndQuery] of Object.entries(queries)) {
    log(`autocannon ${kind} ${name}: ${connections} connections, ${duration} s`);
    const r = await autocannon({
      url: `${url}${pathAndQuery}`,
      connections,
      duration,
      headers: { authorization: `Bearer ${key}` },
    });
    // autocannon has no p95: the nearest percentiles it reports are p90 and p97.5; p95_ms carries p97.5 (see p95_is).
    emit({
      bench: 'list-contacts',
      db: kind,
      query: name,
      path: pathAndQuery,
      contacts,
      connections,
      duration_s: duration,
      p50_ms: r.latency.p50,
      p95_ms: r.latency.p97_5,
      p95_is: 'p97_5',
      p90_ms: r.latency.p90,
      p99_ms: r.latency.p99,
      avg_ms: r.latency.average,
      rps: Math.round(r.requests.average),
      requests: r.requests.total,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
    });
  }
}

async function postgresRound(serverUrl: string) {
  const name = `pipewise_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const key = await loadDemo({ databaseUrl: url.toString() }, 'postgres');
    const server = await startServer(
      { DATABASE_URL: url.toString(), PIPEWISE_DATA_DIR: path.join(dataDir, 'unused') },
      key,
      'postgres',
    );
    try {
      await listBench(server.url, key, 'postgres');
    } finally {
      await stop(server.child);
    }
  } finally {
    const drop = new pg.Client({ connectionString: serverUrl });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}

/** --pg URL, else DATABASE_URL, else a local server on 127.0.0.1:5432 as user postgres, unless --no-pg. */
async function findPostgres(): Promise<string | null> {
  if (flags.has('no-pg')) return null;
  const given = flags.get('pg');
  if (typeof given === 'string') return given;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const open = await new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port: 5432 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
  return open ? 'postgres://postgres@127.0.0.1:5432/postgres' : null;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
