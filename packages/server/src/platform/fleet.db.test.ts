import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../testing/harness';
import { createJobsRepo } from '../modules/jobs/jobs.repo';
import { createServices } from '../app';
import { loadConfig } from './config';
import { openDatabase } from './db';
import { createLogger } from './logger';
import { systemClock } from './clock';
import { createJobRunner, defineJob } from './jobs';

async function waitFor<T>(fn: () => Promise<T>, done: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const onPostgres = process.env.PIPEWISE_TEST_DB === 'postgres';

describe.runIf(onPostgres)('start-up on a fresh PostgreSQL database', () => {
  it('lets several processes migrate and create their queues at once', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const name = `pipewise_fleet_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', PIPEWISE_DB_POOL: '4' });
    try {
      // What `pipewise serve` and `pipewise worker` do at start, four at once (before the lock, 3 of 4 died).
      const starts = Array.from({ length: 4 }, async (_, i) => {
        const database = await openDatabase({ databaseUrl: config.DATABASE_URL, poolSize: config.PIPEWISE_DB_POOL });
        try {
          await database.migrate();
          const services = createServices(database, config, systemClock, createLogger('silent'));
          await services.runner.start({ work: i % 2 === 0 });
          await services.runner.stop();
          return (await database.query("SELECT count(*)::int AS n FROM pgboss.queue WHERE left(name, 8) <> '__pgboss'"))
            .rows[0].n as number;
        } finally {
          await database.close();
        }
      });
      const results = await Promise.allSettled(starts);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
      const counts = results.map((r) => (r.status === 'fulfilled' ? r.value : 0));
      expect(new Set(counts).size).toBe(1);
      expect(counts[0]).toBeGreaterThan(5);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe('jobs across workers', () => {
  let t: TestApp;
  const release: (() => void)[] = [];
  const others: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    for (const r of release) r();
    for (const o of others) await o.stop();
    await t.services.runner.stop();
    await t.dispose();
  });

  const runner = (opts: { heartbeatMs: number; staleSeconds: number }) => {
    const r = createJobRunner({
      database: t.database,
      logger: createLogger('silent'),
      clock: systemClock,
      store: createJobsRepo(t.database.db),
      sweepMs: 300,
      retryDelaySeconds: 1,
      listWorkspaces: async () => (await t.services.workspaces.list()).map((w) => w.id),
      ...opts,
    });
    others.push(r);
    return r;
  };

  it('takes a dead worker’s run over within seconds, from its heartbeat', async () => {
    const ws = await t.workspace('Takeover');
    const attempts: string[] = [];
    const job = (who: string) =>
      defineJob({
        name: 'test.takeover',
        schema: z.object({}),
        retryLimit: 2,
        handler: async () => {
          attempts.push(who);
          // The first worker "dies": it never finishes and (heartbeatMs is huge) never beats again.
          if (who === 'dead') await new Promise<void>((r) => release.push(r));
          return { by: who };
        },
      });
    const dead = runner({ heartbeatMs: 3_600_000, staleSeconds: 2 });
    dead.register(job('dead'));
    await dead.start({ work: true });
    const runId = await dead.enqueue('test.takeover', {}, ws.id);
    await waitFor(
      async () => attempts.length,
      (n) => n === 1,
    );
    const diedAt = Date.now();
    const live = runner({ heartbeatMs: 200, staleSeconds: 2 });
    live.register(job('live'));
    await live.start({ work: true });
    const done = await waitFor(
      () => t.request('GET', `/api/v1/jobs/${runId}`, ws.owner),
      (r) => r.body.state === 'done',
    );
    expect(done.body).toMatchObject({ state: 'done', result: { by: 'live' } });
    expect(attempts).toEqual(['dead', 'live']);
    expect((Date.now() - diedAt) / 1000).toBeLessThan(15);
  });

  it('hands a stopping worker’s unfinished run to another worker at once, not after the heartbeat expires', async () => {
    const ws = await t.workspace('Handover');
    const attempts: string[] = [];
    const job = (who: string) =>
      defineJob({
        name: 'test.handover',
        schema: z.object({}),
        handler: async () => {
          attempts.push(who);
          if (who === 'stopping') await new Promise<void>((r) => release.push(r));
          return { by: who };
        },
      });
    const stopping = runner({ heartbeatMs: 200, staleSeconds: 600 });
    stopping.register(job('stopping'));
    await stopping.start({ work: true });
    const runId = await stopping.enqueue('test.handover', {}, ws.id);
    await waitFor(
      async () => attempts.length,
      (n) => n === 1,
    );
    const live = runner({ heartbeatMs: 200, staleSeconds: 600 });
    live.register(job('live'));
    await live.start({ work: true });
    const stoppedAt = Date.now();
    await stopping.stop(); // SIGTERM: a 5 s grace period, then the hand-over
    const done = await waitFor(
      () => t.request('GET', `/api/v1/jobs/${runId}`, ws.owner),
      (r) => r.body.state === 'done',
    );
    expect(done.body).toMatchObject({ state: 'done', result: { by: 'live' } });
    expect((Date.now() - stoppedAt) / 1000).toBeLessThan(15);
  });

  it('fans scheduled per-workspace work out to one job per workspace, never two at once for one workspace', async () => {
    const wss = await Promise.all([1, 2, 3, 4, 5].map((i) => t.workspace(`Fan ${i}`)));
    const all = (await t.services.workspaces.list()).map((w) => w.id);
    const active = new Set<string>();
    const handled: string[] = [];
    let overlaps = 0;
    // Held shut while the on-demand requests arrive, so none of them can finish in between (a slow machine did).
    let gate: Promise<void> = Promise.resolve();
    const job = defineJob({
      name: 'test.fanout',
      schema: z.object({}),
      perWorkspace: true,
      handler: async (ctx) => {
        const ws = ctx.workspaceId!;
        if (active.has(ws)) overlaps++;
        active.add(ws);
        await new Promise((r) => setTimeout(r, 150));
        await gate;
        active.delete(ws);
        handled.push(ws);
        return { ws };
      },
    });
    const a = runner({ heartbeatMs: 500, staleSeconds: 30 });
    const b = runner({ heartbeatMs: 500, staleSeconds: 30 });
    a.register(job);
    b.register(job);
    await a.start({ work: true });
    await b.start({ work: true });
    // A scheduled run carries no workspace; a second one while the first one's jobs wait adds nothing.
    const fan = await a.enqueue('test.fanout', {}, null);
    await waitFor(
      async () => handled.length,
      (n) => n >= all.length,
    );
    const first = await t.database.query('SELECT result FROM job_runs WHERE id = $1', [fan]);
    expect(first.rows[0].result).toMatchObject({ workspaces: all.length, queued: all.length });
    expect([...handled].sort()).toEqual([...all].sort());
    // On demand for one workspace, three times quickly: a request finding one waiting joins that run.
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    const ids = await Promise.all([
      a.enqueue('test.fanout', {}, wss[0]!.id),
      a.enqueue('test.fanout', {}, wss[0]!.id),
      a.enqueue('test.fanout', {}, wss[0]!.id),
    ]);
    open();
    const runs = [...new Set(ids)];
    // At most one waiting and one running: three requests, at most two runs, and every id is a run that completes.
    expect(runs.length).toBeLessThanOrEqual(2);
    for (const id of runs) expect((await t.waitForJob(id, wss[0]!.owner)).state).toBe('done');
    expect(overlaps).toBe(0);
    expect(handled.filter((w) => w === wss[0]!.id).length).toBe(1 + runs.length);
  });
});
