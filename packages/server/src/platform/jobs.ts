import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database } from './db';
import type { Logger } from './logger';
import type { Clock } from './clock';
import { AppError } from './errors';

export type JobContext<T> = {
  runId: string;
  workspaceId: string | null;
  data: T;
  /** Reports progress (0..1) and a short message people can read on the job page and in the CLI. */
  progress(fraction: number, message?: string): Promise<void>;
};

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  handler: (ctx: JobContext<z.infer<S>>) => Promise<unknown>;
  /** Cron expression (UTC) for scheduled runs. */
  cron?: string;
  retryLimit?: number;
  /**
   * Work that is done for one workspace at a time. A scheduled run fans out into one job per workspace (spread over
   * the workers), and the queue holds at most one waiting and one running job per workspace, so the same work never
   * runs twice at once for a workspace. The handler always gets a workspace.
   */
  perWorkspace?: boolean;
  /** pg-boss expiry: longer than the work ever takes; a dead worker is detected by its heartbeat, not by this. */
  expireInSeconds?: number;
};

/** Handlers must be idempotent: pg-boss retries them with backoff after a crash or an error. */
export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

export type StaleRun = { id: string; name: string; queueJobId: string | null };

export type JobRunsStore = {
  create(run: { id: string; workspaceId: string | null; name: string; input: unknown; createdAt: Date }): Promise<void>;
  /** Marks a run running on `workerId` (and the pg-boss job carrying it), with a fresh heartbeat. */
  started(id: string, at: Date, worker: { workerId: string; queueJobId: string | null }): Promise<void>;
  progress(id: string, fraction: number, message: string | undefined): Promise<void>;
  /** Writes the outcome unless another worker has taken the run over meanwhile (false then). */
  finished(id: string, at: Date, outcome: { result: unknown } | { error: string }, workerId: string): Promise<boolean>;
  heartbeat(ids: string[], workerId: string): Promise<void>;
  /** Takes the running runs whose heartbeat is older than `staleSeconds` (database time) back to queued, atomically. */
  claimStale(staleSeconds: number, message: string): Promise<StaleRun[]>;
  /** Takes this worker's running runs back to queued (a stopping worker hands them over). */
  release(workerId: string, message: string): Promise<StaleRun[]>;
  failRun(id: string, at: Date, error: string): Promise<void>;
  /** The newest run of `name` in a workspace that is queued or running (the one a duplicate request joins). */
  remove(id: string): Promise<void>;
};

export type JobRunner = ReturnType<typeof createJobRunner>;

export type QueueStats = {
  queues: { name: string; state: string; count: number }[];
  waiting: number;
  oldestWaitingSeconds: number | null;
};

export type RunnerOptions = {
  /** How often a worker writes the heartbeat of the runs it executes. */
  heartbeatMs?: number;
  /** A run whose heartbeat is older than this is taken over by another worker. */
  staleSeconds?: number;
  /** How often a worker looks for stale runs. */
  sweepMs?: number;
  /** Parallel jobs per per-workspace queue in one worker process. */
  concurrency?: number;
  /** Seconds before a failed job is retried (doubling each time). */
  retryDelaySeconds?: number;
  /** Every workspace, for the fan-out of scheduled per-workspace work. */
  listWorkspaces?: () => Promise<string[]>;
};

type Payload = { runId: string; workspaceId: string | null; data: unknown };

const hours = 3600;
const FAN_OUT_KEY = '';

/**
 * Queues on pg-boss (SKIP LOCKED, so workers scale out) on PGlite and PostgreSQL alike.
 * Role 'serve' with inline workers, 'worker' for a separate process, 'enqueue-only' for a web process that leaves work to workers.
 * pg-boss 10.4 has no heartbeat of its own, so each worker writes one into job_runs every few seconds and every
 * worker sweeps: a run whose heartbeat stopped (kill -9, a lost machine) is failed in pg-boss, which retries it on a
 * live worker within a minute, instead of after the 15-minute expiry.
 */
export function createJobRunner(
  deps: { database: Database; logger: Logger; clock: Clock; store: JobRunsStore } & RunnerOptions,
) {
  const { database, clock, store } = deps;
  const heartbeatMs = deps.heartbeatMs ?? 5_000;
  const staleSeconds = deps.staleSeconds ?? 30;
  const sweepMs = deps.sweepMs ?? 5_000;
  const concurrency = deps.concurrency ?? 2;
  const retryDelay = deps.retryDelaySeconds ?? 5;
  const workerId = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const logger = deps.logger.child({ workerId });
  const definitions = new Map<string, JobDefinition>();
  const running = new Set<string>();
  const finishedCounts = new Map<string, { done: number; failed: number; seconds: number }>();
  let boss: PgBoss | null = null;
  /** The queue's start-up, while it runs: a server answers requests meanwhile, and what they queue waits for it. */
  let starting: Promise<void> | null = null;
  let sweepTimer: NodeJS.Timeout | null = null;
  let beatTimer: NodeJS.Timeout | null = null;
  const beat = () =>
    void store.heartbeat([...running], workerId).catch((e) => logger.warn({ err: String(e) }, 'heartbeat failed'));

  const count = (queue: string, outcome: 'done' | 'failed', seconds: number) => {
    const c = finishedCounts.get(queue) ?? { done: 0, failed: 0, seconds: 0 };
    c[outcome]++;
    c.seconds += seconds;
    finishedCounts.set(queue, c);
  };

  async function execute(
    def: JobDefinition,
    runId: string,
    workspaceId: string | null,
    data: unknown,
    meta: { queueJobId: string | null; onProgress?: (f: number, m?: string) => void },
  ) {
    const startedAt = Date.now();
    await store.started(runId, clock.now(), { workerId, queueJobId: meta.queueJobId });
    running.add(runId);
    // Every process that runs a job beats for it, the CLI's runNow included: another process's sweep would otherwise
    // take a long CLI import for a dead one.
    beatTimer ??= setInterval(beat, heartbeatMs);
    beatTimer.unref();
    const log = { jobId: meta.queueJobId, runId, queue: def.name, workspaceId };
    logger.info(log, 'job started');
    let lastWrite = 0;
    const ctx: JobContext<unknown> = {
      runId,
      workspaceId,
      data,
      async progress(fraction, message) {
        meta.onProgress?.(fraction, message);
        const t = Date.now();
        if (t - lastWrite < 250 && fraction < 1) return; // progress is for people: four writes a second is plenty
        lastWrite = t;
        await store.progress(runId, Math.max(0, Math.min(1, fraction)), message);
      },
    };
    try {
      const result = await def.handler(ctx);
      const durationMs = Date.now() - startedAt;
      const mine = await store.finished(runId, clock.now(), { result: result ?? null }, workerId);
      count(def.name, 'done', durationMs / 1000);
      logger.info({ ...log, durationMs, outcome: mine ? 'done' : 'done-after-takeover' }, 'job finished');
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const durationMs = Date.now() - startedAt;
      await store.finished(runId, clock.now(), { error: message }, workerId).catch(() => false);
      count(def.name, 'failed', durationMs / 1000);
      logger.warn({ ...log, durationMs, outcome: 'failed', err: message }, 'job finished');
      throw e;
    } finally {
      running.delete(runId);
    }
  }

  function queueOptions(def: JobDefinition) {
    return {
      name: def.name,
      policy: def.perWorkspace ? ('stately' as const) : ('standard' as const),
      retryLimit: def.retryLimit ?? 2,
      retryBackoff: true,
      retryDelay,
      expireInSeconds: def.expireInSeconds ?? 4 * hours,
    };
  }

  /** Creates missing queues and brings changed options (policy, expiry) to existing ones. */
  async function ensureQueues(b: PgBoss) {
    for (const def of definitions.values()) {
      const wanted = queueOptions(def);
      const existing = await b.getQueue(def.name);
      if (!existing) await b.createQueue(def.name, wanted);
      else if (
        existing.policy !== wanted.policy ||
        existing.expireInSeconds !== wanted.expireInSeconds ||
        existing.retryDelay !== wanted.retryDelay
      ) {
        await b.updateQueue(def.name, wanted);
      }
    }
  }

  async function send(def: JobDefinition, payload: Payload) {
    if (starting) await starting.catch(() => {});
    if (!boss) return null;
    const singletonKey = def.perWorkspace ? (payload.workspaceId ?? FAN_OUT_KEY) : undefined;
    return boss.send(def.name, payload, { retryLimit: def.retryLimit ?? 2, singletonKey });
  }

  /**
   * The run the queue holds for this work and workspace, the waiting one first, else the running one. Asked of the
   * queue itself, not job_runs, where concurrent requests that are about to be refused also sit.
   */
  async function heldRun(name: string, workspaceId: string): Promise<string | null> {
    const res = await database.query(
      `SELECT data->>'runId' AS "runId" FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') ORDER BY state = 'active', created_on DESC LIMIT 1`,
      [name, workspaceId],
    );
    return (res.rows[0] as { runId: string } | undefined)?.runId ?? null;
  }

  /** A scheduled run of per-workspace work: one job per workspace; the queue drops a workspace already waiting. */
  async function fanOut(def: JobDefinition, data: unknown) {
    const ids = (await deps.listWorkspaces?.()) ?? [];
    let queued = 0;
    for (const ws of ids) {
      const runId = crypto.randomUUID();
      await store.create({ id: runId, workspaceId: ws, name: def.name, input: data, createdAt: clock.now() });
      if (await send(def, { runId, workspaceId: ws, data })) queued++;
      else await store.remove(runId);
    }
    return { workspaces: ids.length, queued, alreadyWaiting: ids.length - queued };
  }

  async function sweep() {
    const stale = await store.claimStale(
      staleSeconds,
      'The worker running this stopped responding; another worker takes it over',
    );
    await retryElsewhere(stale);
    return stale.length;
  }

  /** Fails the claimed runs' pg-boss jobs, so pg-boss retries them on a live worker (or marks them failed). */
  async function retryElsewhere(stale: StaleRun[]) {
    for (const run of stale) {
      if (run.queueJobId && boss) {
        await boss.fail(run.name, run.queueJobId, { message: 'worker stopped responding (no heartbeat)' });
        const job = await boss.getJobById(run.name, run.queueJobId);
        if (job?.state === 'failed')
          await store.failRun(
            run.id,
            clock.now(),
            'The worker running this stopped responding and no retries are left',
          );
        logger.warn(
          { runId: run.id, queue: run.name, jobId: run.queueJobId, retried: job?.state === 'retry' },
          'took over a run from a dead worker',
        );
      } else {
        await store.failRun(run.id, clock.now(), 'The process running this stopped before it finished');
        logger.warn({ runId: run.id, queue: run.name }, 'a run of a stopped process marked failed');
      }
    }
  }

  async function startQueue(opts: { work: boolean }) {
    boss = new PgBoss({
      db: { executeSql: (text, values) => database.query(text, values) },
      schema: 'pgboss',
      supervise: opts.work,
      schedule: opts.work,
      migrate: true,
    });
    boss.on('error', (e) => logger.error({ err: e }, 'job queue error'));
    const b = boss;
    // Processes started together would each install pg-boss and create queues: deadlocks (40P01) and 23505.
    await database.withLock('pipewise.jobs', async () => {
      await b.start();
      await ensureQueues(b);
    });
    if (!opts.work) return;
    for (const def of definitions.values()) {
      const loops = def.perWorkspace ? concurrency : 1;
      for (let i = 0; i < loops; i++) {
        await b.work<Payload>(def.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) {
            const { workspaceId, data } = job.data;
            // Scheduled (cron) runs arrive without a job_runs row: give each one its own.
            let runId = job.data.runId;
            if (!runId) {
              runId = crypto.randomUUID();
              await store.create({ id: runId, workspaceId, name: def.name, input: data, createdAt: clock.now() });
            }
            const handler = def.perWorkspace && !workspaceId ? () => fanOut(def, data) : def.handler;
            await execute({ ...def, handler }, runId, workspaceId, data, { queueJobId: job.id });
          }
        });
      }
      if (def.cron) await b.schedule(def.name, def.cron, { runId: '', workspaceId: null, data: {} });
    }
    sweepTimer = setInterval(
      () => void sweep().catch((e) => logger.warn({ err: String(e) }, 'stale-run sweep failed')),
      sweepMs,
    );
    sweepTimer.unref();
  }

  return {
    workerId,
    register(...defs: JobDefinition<any>[]) {
      for (const d of defs) definitions.set(d.name, d as JobDefinition);
    },

    /** Starts the queue (and, with `work`, this process's workers); a send meanwhile waits for it. */
    start(opts: { work: boolean }): Promise<void> {
      const started = startQueue(opts);
      starting = started;
      return started.finally(() => {
        if (starting === started) starting = null;
      });
    },
    async stop() {
      if (starting) await starting.catch(() => {});
      if (sweepTimer) clearInterval(sweepTimer);
      sweepTimer = null;
      if (boss) {
        await boss.stop({ graceful: true, wait: true, timeout: 5000 });
        // What is still running after the grace period goes to another worker now, not after the heartbeat expires.
        if (running.size > 0) {
          const handed = await store
            .release(workerId, 'This worker stopped; another worker takes it over')
            .catch(() => []);
          await retryElsewhere(handed).catch((e) => logger.warn({ err: String(e) }, 'hand-over failed'));
        }
      }
      boss = null;
      if (beatTimer) clearInterval(beatTimer);
      beatTimer = null;
    },

    /** Looks for runs of dead workers now (the timer does it every few seconds). */
    sweep,

    /** Queues a run and returns its id at once; the job_runs row is what the status API shows. */
    async enqueue(name: string, data: unknown, workspaceId: string | null) {
      const def = definitions.get(name);
      if (!def) throw new AppError('internal', `Unknown job ${name}`);
      const parsed = def.schema.safeParse(data);
      if (!parsed.success) throw new AppError('validation', `Invalid job input: ${parsed.error.issues[0]?.message}`);
      const runId = crypto.randomUUID();
      await store.create({ id: runId, workspaceId, name, input: parsed.data, createdAt: clock.now() });
      if (boss) {
        if (await send(def, { runId, workspaceId, data: parsed.data })) return runId;
        // Per-workspace work already waiting for this workspace: the caller follows that run instead of a second one.
        const pending = workspaceId ? await heldRun(name, workspaceId) : null;
        if (pending) {
          await store.remove(runId);
          return pending;
        }
        await store.failRun(runId, clock.now(), 'The queue refused this job');
        return runId;
      }
      void execute(def, runId, workspaceId, parsed.data, { queueJobId: null }).catch((e) =>
        logger.warn({ job: name, err: String(e) }, 'job failed'),
      );
      return runId;
    },

    /** Runs now, in this process (the CLI's way: a progress bar instead of a queue). */
    async runNow(
      name: string,
      data: unknown,
      workspaceId: string | null,
      onProgress?: (f: number, m?: string) => void,
    ) {
      const def = definitions.get(name);
      if (!def) throw new AppError('internal', `Unknown job ${name}`);
      const parsed = def.schema.safeParse(data);
      if (!parsed.success) throw new AppError('validation', `Invalid job input: ${parsed.error.issues[0]?.message}`);
      const runId = crypto.randomUUID();
      await store.create({ id: runId, workspaceId, name, input: parsed.data, createdAt: clock.now() });
      return execute(def, runId, workspaceId, parsed.data, { queueJobId: null, onProgress });
    },

    /** Jobs by queue and state, and how long the oldest waiting job has waited (health and metrics). */
    async queueStats(): Promise<QueueStats> {
      const counts = await database.query(
        `SELECT name, state::text AS state, count(*)::int AS count FROM pgboss.job GROUP BY name, state ORDER BY name, state`,
      );
      const oldest = await database.query(
        `SELECT count(*)::int AS waiting, EXTRACT(epoch FROM now() - min(created_on))::float8 AS age FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after <= now()`,
      );
      const row = oldest.rows[0] as { waiting: number; age: number | null } | undefined;
      return {
        queues: counts.rows as QueueStats['queues'],
        waiting: row?.waiting ?? 0,
        oldestWaitingSeconds: row?.age ?? null,
      };
    },

    /** Jobs this process finished since it started, by queue: counts and total seconds. */
    finishedCounts: () => new Map(finishedCounts),
  };
}
