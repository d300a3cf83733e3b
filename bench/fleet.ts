// npm run bench -- fleet [--pg postgres://…] [--workspaces 200] [--contacts 300] [--rounds 5] [--duration 10]
//   [--import-rows 30000] [--only startup,throughput,scoring,kill]
// Pipewise as a fleet on one PostgreSQL (issue 22): (1) start 2 servers + 2 workers at once on an empty database, N
// rounds; (2) requests/s and p97.5 with one server vs two; (3) the scheduled scoring job over many small workspaces
// with one worker vs two (wall time, each workspace scored once); (4) kill -9 of the worker running an import
// (seconds to takeover, rows exact). One JSON object per line on stdout; progress on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { emit, parseFlags } from './args';
import { freePort, stop } from './processes';
import { openDatabase, type Database } from '../packages/server/src/platform/db';
import { loadConfig } from '../packages/server/src/platform/config';
import { createLogger } from '../packages/server/src/platform/logger';
import { systemClock } from '../packages/server/src/platform/clock';
import { createServices } from '../packages/server/src/app';
import { apiKeys, workspaces } from '../packages/server/src/platform/schema';
import { hashPassword, randomToken, sha256 } from '../packages/server/src/modules/auth/passwords';
import { createDemoService } from '../packages/server/src/modules/demo/demo.service';

type AutocannonResult = {
  latency: { p97_5: number; p50: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
};
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flags = parseFlags(process.argv.slice(2));
const serverUrl = String(flags.get('pg') ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const rounds = Number(flags.get('rounds') ?? 5);
const workspaceCount = Number(flags.get('workspaces') ?? 200);
const contactsPer = Number(flags.get('contacts') ?? 300);
const duration = Number(flags.get('duration') ?? 10);
const importRows = Number(flags.get('import-rows') ?? 30_000);
const log = (...a: unknown[]) => console.error('[bench fleet]', ...a);
const summary: Record<string, unknown> = { bench: 'fleet' };
const children = new Set<ChildProcess>();
const benchStarted = performance.now();

const only = typeof flags.get('only') === 'string' ? String(flags.get('only')).split(',') : null;
const parts = { startup: startupRounds, throughput, scoring: scheduledScoring, kill: killMidImport };
try {
  for (const [name, part] of Object.entries(parts)) if (!only || only.includes(name)) await part();
} finally {
  for (const c of children) c.kill('SIGKILL');
}
summary.total_seconds = round((performance.now() - benchStarted) / 1000);
emit(summary);

/** (1) Every round: a fresh database, 2 `serve --no-work` and 2 `worker` processes started in the same instant. */
async function startupRounds() {
  let ok = 0;
  const seconds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await withDatabase(async (url) => {
      const t0 = performance.now();
      const procs = await Promise.allSettled([serve(url), serve(url), worker(url), worker(url)]);
      const up = procs.filter((p) => p.status === 'fulfilled').length;
      for (const p of procs) if (p.status === 'rejected') log(`round ${r + 1}: ${String(p.reason).slice(0, 300)}`);
      seconds.push((performance.now() - t0) / 1000);
      if (up === 4) ok++;
      log(`start-up round ${r + 1}: ${up} of 4 up in ${seconds.at(-1)!.toFixed(1)} s`);
      await Promise.all(procs.map((p) => (p.status === 'fulfilled' ? stop(p.value.child) : null)));
    });
  }
  Object.assign(summary, { startup_rounds: rounds, startup_ok: ok, startup_seconds_max: round(Math.max(...seconds)) });
  emit({ bench: 'fleet-startup', rounds, rounds_all_up: ok, seconds: seconds.map(round) });
}

/** (2) The contacts list under autocannon through one server, then two (each half the connections, at once). */
async function throughput() {
  await withDatabase(async (url) => {
    const { key } = await seed(url, 1, 2000);
    const autocannon = ((await import('autocannon' as string)) as { default: Autocannon }).default;
    const path_ = '/api/v1/contacts?limit=50&sort=-updatedAt&filter[lifecycleStage][eq]=lead';
    const a = await serve(url);
    const b = await serve(url);
    try {
      const run = (base: string, connections: number) =>
        autocannon({ url: `${base}${path_}`, connections, duration, headers: { authorization: `Bearer ${key}` } });
      log(`autocannon: one server, 20 connections, ${duration} s`);
      const one = await run(a.url, 20);
      log(`autocannon: two servers, 10 connections each, ${duration} s`);
      const [x, y] = await Promise.all([run(a.url, 10), run(b.url, 10)]);
      const two = {
        rps: x!.requests.average + y!.requests.average,
        p97_5: Math.max(x!.latency.p97_5, y!.latency.p97_5),
        non2xx: x!.non2xx + y!.non2xx + x!.errors + y!.errors,
      };
      const row = {
        bench: 'fleet-throughput',
        cores: os.cpus().length,
        one_server_rps: Math.round(one.requests.average),
        one_server_p97_5_ms: one.latency.p97_5,
        two_servers_rps: Math.round(two.rps),
        two_servers_p97_5_ms: two.p97_5,
        errors: one.non2xx + one.errors + two.non2xx,
        // On a shared machine other processes take the cores: the load average says how much.
        load_average: os.loadavg().map(round),
      };
      emit(row);
      Object.assign(summary, {
        one_server_rps: row.one_server_rps,
        two_servers_rps: row.two_servers_rps,
        one_server_p97_5_ms: row.one_server_p97_5_ms,
        two_servers_p97_5_ms: row.two_servers_p97_5_ms,
      });
    } finally {
      await Promise.all([stop(a.child), stop(b.child)]);
    }
  });
}

/** (3) Many small workspaces, one trained model copied to all, the scheduled scoring run with one worker, then two. */
async function scheduledScoring() {
  await withDatabase(async (url) => {
    const t0 = performance.now();
    const { database, ids } = await seed(url, workspaceCount, contactsPer, { keepOpen: true });
    log(
      `seeded ${ids.length} workspaces × ${contactsPer} contacts in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    try {
      await trainAndCopyModel(database, ids);
      const results: Record<string, unknown>[] = [];
      for (const workers of [1, 2]) {
        const procs = await Promise.all(Array.from({ length: workers }, () => worker(url)));
        try {
          results.push(await runScheduledScore(database, ids, workers));
        } finally {
          await Promise.all(procs.map((p) => stop(p.child)));
        }
      }
      emit({
        bench: 'fleet-scheduled-scoring',
        workspaces: ids.length,
        contacts_per_workspace: contactsPer,
        runs: results,
      });
      Object.assign(summary, {
        workspaces: ids.length,
        scored_once: results.every((r) => r.scored_once === true),
        scoring_one_worker_s: results[0]?.seconds,
        scoring_two_workers_s: results[1]?.seconds,
      });
    } finally {
      await database.close();
    }
  });
}

async function runScheduledScore(database: Database, ids: string[], workers: number) {
  await database.query(`DELETE FROM job_runs WHERE name = 'scoring.score'`);
  const services = createServices(database, loadConfig({ LOG_LEVEL: 'silent' }), systemClock, createLogger('silent'));
  await services.runner.start({ work: false });
  const t0 = performance.now();
  // What the 02:00 schedule sends: no workspace; a worker fans it out into one job per workspace.
  await services.runner.enqueue('scoring.score', {}, null);
  let done = 0;
  for (;;) {
    const { rows } = await database.query(
      `SELECT count(*) FILTER (WHERE state IN ('done', 'failed'))::int AS n FROM job_runs WHERE name = 'scoring.score' AND workspace_id IS NOT NULL`,
    );
    done = rows[0].n;
    if (done >= ids.length || performance.now() - t0 > 300_000) break;
    await sleep(250);
  }
  const seconds = (performance.now() - t0) / 1000;
  await services.runner.stop();
  const per = await database.query(
    `SELECT workspace_id, count(*)::int AS runs, count(*) FILTER (WHERE state = 'done')::int AS ok, count(DISTINCT worker_id)::int AS workers FROM job_runs
     WHERE name = 'scoring.score' AND workspace_id IS NOT NULL GROUP BY workspace_id`,
  );
  const scored = await database.query(`SELECT count(DISTINCT workspace_id)::int AS n FROM scoring_scores`);
  const byWorker = await database.query(
    `SELECT worker_id, count(*)::int AS n FROM job_runs WHERE name = 'scoring.score' AND workspace_id IS NOT NULL GROUP BY worker_id`,
  );
  const once =
    per.rows.length === ids.length && per.rows.every((r: { runs: number; ok: number }) => r.runs === 1 && r.ok === 1);
  const row = {
    workers,
    seconds: round(seconds),
    jobs_done: done,
    scored_once: once,
    workspaces_with_scores: scored.rows[0].n,
    jobs_per_worker: byWorker.rows.map((r: { n: number }) => r.n),
  };
  log(`scheduled scoring with ${workers} worker(s): ${JSON.stringify(row)}`);
  return row;
}

/** Trains the lead model in the first workspace and gives every other one the same active model (same demo seed). */
async function trainAndCopyModel(database: Database, ids: string[]) {
  const services = createServices(database, loadConfig({ LOG_LEVEL: 'silent' }), systemClock, createLogger('silent'));
  const t0 = performance.now();
  await services.runner.runNow(
    'scoring.train',
    { target: 'contact_conversion', activate: true, by: 'bench' },
    ids[0]!,
    undefined,
  );
  log(`trained the template model in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const cols = (
    await database.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'scoring_models' AND column_name NOT IN ('id', 'workspace_id') ORDER BY ordinal_position`,
    )
  ).rows.map((r: { column_name: string }) => `"${r.column_name}"`);
  await database.query(
    `INSERT INTO scoring_models (workspace_id, ${cols.join(', ')}) SELECT w.id, ${cols.map((c: string) => `m.${c}`).join(', ')}
     FROM scoring_models m CROSS JOIN unnest($1::uuid[]) AS w(id) WHERE m.workspace_id = $2 AND m.state = 'active'`,
    [ids.slice(1), ids[0]],
  );
  await database.query(`DELETE FROM scoring_scores`);
}

/** (4) A server takes the upload, two workers share the queue; the one running the import is killed with SIGKILL. */
async function killMidImport() {
  await withDatabase(async (url) => {
    const { key } = await seed(url, 1, 0);
    const server = await serve(url);
    const workers = [await worker(url), await worker(url)];
    try {
      const csv = ['Email,First Name,Last Name,Company'];
      for (let i = 0; i < importRows; i++)
        csv.push(`person${i}@example${i % 97}.com,First${i},Last${i},Company ${i % 500}`);
      const headers = { authorization: `Bearer ${key}` };
      const up = await fetch(`${server.url}/api/v1/imports?type=contacts&filename=people.csv`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: csv.join('\n'),
      });
      if (up.status !== 201) throw new Error(`upload: ${up.status} ${await up.text()}`);
      const importId = ((await up.json()) as { import: { id: string } }).import.id;
      const started = await fetch(`${server.url}/api/v1/imports/${importId}/run`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      const jobId = ((await started.json()) as { job: { id: string } }).job.id;
      const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
      try {
        const state = async () =>
          (
            await database.query(
              `SELECT r.state, r.worker_id, i.cursor, i.status, i.counts FROM job_runs r JOIN imports i ON i.id = $2 WHERE r.id = $1`,
              [jobId, importId],
            )
          ).rows[0] as {
            state: string;
            worker_id: string | null;
            cursor: number;
            status: string;
            counts: { created: number; read: number };
          };
        let s = await state();
        while (!(s.state === 'running' && s.cursor > 1)) {
          await sleep(100);
          s = await state();
        }
        const victimPid = Number(s.worker_id!.split(':')[1]);
        const victim = workers.find((w) => w.child.pid === victimPid);
        if (!victim) throw new Error(`the import runs on ${s.worker_id}, not one of this bench's workers`);
        const cursorAtKill = s.cursor;
        victim.child.kill('SIGKILL');
        const killedAt = performance.now();
        log(`killed worker ${victimPid} at row ${cursorAtKill} of ${importRows}`);
        let takeover: number | null = null;
        for (;;) {
          s = await state();
          if (takeover === null && s.state === 'running' && s.worker_id && !s.worker_id.includes(`:${victimPid}:`))
            takeover = (performance.now() - killedAt) / 1000;
          if (s.state === 'done' || s.state === 'failed' || performance.now() - killedAt > 240_000) break;
          await sleep(200);
        }
        const total = (performance.now() - killedAt) / 1000;
        const contacts = (
          await database.query(`SELECT count(*)::int AS n, count(DISTINCT email)::int AS distinct_emails FROM contacts`)
        ).rows[0] as { n: number; distinct_emails: number };
        const row = {
          bench: 'fleet-kill-import',
          rows: importRows,
          killed_at_row: cursorAtKill,
          takeover_s: takeover === null ? null : round(takeover),
          finished_s: round(total),
          job_state: s.state,
          import_status: s.status,
          created: s.counts.created,
          contacts: contacts.n,
          distinct_emails: contacts.distinct_emails,
          counts_exact:
            s.status === 'done' &&
            s.counts.created === importRows &&
            contacts.n === importRows &&
            contacts.distinct_emails === importRows,
        };
        emit(row);
        Object.assign(summary, { takeover_s: row.takeover_s, import_counts_exact: row.counts_exact });
      } finally {
        await database.close();
      }
    } finally {
      await Promise.all([server, ...workers].map((p) => stop(p.child)));
    }
  });
}

/** Workspaces with the demo business (or empty when contacts is 0) and an admin API key for the first one. */
async function seed(url: string, count: number, contacts: number, opts: { keepOpen?: boolean } = {}) {
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await database.migrate();
  const demo = createDemoService({ db: database.db, clock: systemClock, hashPassword: (p) => hashPassword(p) });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [ws] = await database.db
      .insert(workspaces)
      .values({ name: `Bench ${i + 1}` })
      .returning();
    ids.push(ws!.id);
  }
  const t0 = performance.now();
  if (contacts > 0) {
    // The demo once, then copies: generating 200 demo businesses would take most of the bench's time budget.
    await demo.load(ids[0]!, { contacts, seed: 7 }, () => {});
    for (const [i, id] of ids.slice(1).entries()) {
      await cloneWorkspace(database, ids[0]!, id);
      if ((i + 2) % 50 === 0)
        log(`seeded ${i + 2} of ${ids.length} workspaces (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  const secret = `pw_${randomToken(24)}`;
  await database.db.insert(apiKeys).values({
    workspaceId: ids[0]!,
    name: 'bench',
    role: 'admin',
    prefix: secret.slice(0, 7),
    keyHash: sha256(secret),
    ownedByWorkspace: true,
  });
  if (!opts.keepOpen) await database.close();
  return { key: secret, ids, database };
}

/**
 * Copies every workspace table's rows of `from` into `to`: each uuid becomes md5(uuid || target) (so references stay
 * consistent), serial ids are renumbered, sign-in emails get a +suffix. Foreign keys and triggers are off while the
 * rows go in (session_replication_role = replica; the bench's user is a superuser).
 */
async function cloneWorkspace(database: Database, from: string, to: string) {
  const skip = new Set(['workspaces', 'api_keys', 'job_runs', 'import_upload_chunks', 'scoring_scores', 'audit_log']);
  const { rows } = await database.query(
    `SELECT c.table_name, c.column_name, c.data_type, c.column_default FROM information_schema.columns c
     JOIN information_schema.columns w ON w.table_schema = 'public' AND w.table_name = c.table_name AND w.column_name = 'workspace_id'
     JOIN information_schema.tables t ON t.table_schema = 'public' AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' AND c.is_generated = 'NEVER' ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, { column_name: string; data_type: string; column_default: string | null }[]>();
  for (const r of rows) if (!skip.has(r.table_name)) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r]);
  const statements = ['BEGIN', 'SET LOCAL session_replication_role = replica'];
  for (const [table, cols] of tables) {
    const kept = cols.filter((c) => !c.column_default?.startsWith('nextval('));
    const value = (c: { column_name: string; data_type: string }) =>
      c.column_name === 'workspace_id'
        ? `'${to}'::uuid`
        : c.data_type === 'uuid'
          ? `md5("${c.column_name}"::text || '${to}')::uuid`
          : table === 'users' && c.column_name === 'email'
            ? `replace(email, '@', '+' || left('${to}', 8) || '@')`
            : `"${c.column_name}"`;
    statements.push(
      `INSERT INTO "${table}" (${kept.map((c) => `"${c.column_name}"`).join(', ')}) SELECT ${kept.map(value).join(', ')} FROM "${table}" WHERE workspace_id = '${from}'`,
    );
  }
  statements.push('COMMIT');
  await database.query(statements.join(';\n'));
}

async function withDatabase(fn: (url: string) => Promise<void>) {
  const name = `pipewise_fleet_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => log(`drop ${name}: ${String(e)}`));
    await admin.end();
  }
}

type Proc = { child: ChildProcess; url: string };

function launch(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', API_RATE_LIMIT: '1000000000', PIPEWISE_DB_POOL: '5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function serve(databaseUrl: string): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = launch(['serve', '--no-work'], { DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1' });
  await waitUp(child, async () =>
    fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    ),
  );
  return { child, url };
}

async function worker(databaseUrl: string): Promise<Proc> {
  const child = launch(['worker'], { DATABASE_URL: databaseUrl });
  let ready = false;
  child.stdout?.on('data', (d: Buffer) => {
    if (d.toString().includes('worker running')) ready = true;
  });
  await waitUp(child, async () => ready);
  return { child, url: '' };
}

async function waitUp(child: ChildProcess, ready: () => Promise<boolean>) {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() - t0 > 120_000) throw new Error(`not up within 120 s: ${stderr}`);
    if (await ready()) return;
    await sleep(100);
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function round(x: number) {
  return Math.round(x * 100) / 100;
}
