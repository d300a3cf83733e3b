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
};

/** Handlers must be idempotent: pg-boss retries them with backoff after a crash or an error. */
export const defineJob = <S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> => def;

export type JobRunsStore = {
  create(run: { id: string; workspaceId: string | null; name: string; input: unknown; createdAt: Date }): Promise<void>;
  started(id: string, at: Date): Promise<void>;
  progress(id: string, fraction: number, message: string | undefined): Promise<void>;
  finished(id: string, at: Date, outcome: { result: unknown } | { error: string }): Promise<void>;
};

export type JobRunner = ReturnType<typeof createJobRunner>;

/**
 * Queues on pg-boss (SKIP LOCKED, so workers scale out) on PGlite and PostgreSQL alike.
 * Role 'serve' with inline workers, 'worker' for a separate process, 'enqueue-only' for a web process that leaves work to workers.
 */
export function createJobRunner(deps: { database: Database; logger: Logger; clock: Clock; store: JobRunsStore }) {
  const { database, logger, clock, store } = deps;
  const definitions = new Map<string, JobDefinition>();
  let boss: PgBoss | null = null;

  async function execute(def: JobDefinition, runId: string, workspaceId: string | null, data: unknown, onProgress?: (f: number, m?: string) => void) {
    await store.started(runId, clock.now());
    let lastWrite = 0;
    const ctx: JobContext<unknown> = {
      runId,
      workspaceId,
      data,
      async progress(fraction, message) {
        onProgress?.(fraction, message);
        const t = Date.now();
        if (t - lastWrite < 250 && fraction < 1) return; // progress is for people: four writes a second is plenty
        lastWrite = t;
        await store.progress(runId, Math.max(0, Math.min(1, fraction)), message);
      },
    };
    try {
      const result = await def.handler(ctx);
      await store.finished(runId, clock.now(), { result: result ?? null });
      return result;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await store.finished(runId, clock.now(), { error: message });
      throw e;
    }
  }

  return {
    register(...defs: JobDefinition<any>[]) {
      for (const d of defs) definitions.set(d.name, d as JobDefinition);
    },

    async start(opts: { work: boolean }) {
      boss = new PgBoss({ db: { executeSql: (text, values) => database.query(text, values) }, schema: 'pgboss', supervise: opts.work, schedule: opts.work, migrate: true });
      boss.on('error', (e) => logger.error({ err: e }, 'job queue error'));
      await boss.start();
      for (const def of definitions.values()) {
        await boss.createQueue(def.name, { name: def.name, retryLimit: def.retryLimit ?? 2, retryBackoff: true, retryDelay: 5 });
        if (!opts.work) continue;
        await boss.work<{ runId: string; workspaceId: string | null; data: unknown }>(def.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) {
            const { workspaceId, data } = job.data;
            // Scheduled (cron) runs arrive without a job_runs row: give each one its own.
            let runId = job.data.runId;
            if (!runId) {
              runId = crypto.randomUUID();
              await store.create({ id: runId, workspaceId, name: def.name, input: data, createdAt: clock.now() });
            }
            await execute(def, runId, workspaceId, data).catch((e) => {
              logger.warn({ job: def.name, runId, err: e instanceof Error ? e.message : e }, 'job failed');
              throw e;
            });
          }
        });
        if (def.cron) await boss.schedule(def.name, def.cron, { runId: '', workspaceId: null, data: {} });
      }
    },

    async stop() {
      if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      boss = null;
    },

    /** Queues a run and returns its id at once; the job_runs row is what the status API shows. */
    async enqueue(name: string, data: unknown, workspaceId: string | null) {
      const def = definitions.get(name);
      if (!def) throw new AppError('internal', `Unknown job ${name}`);
      const parsed = def.schema.safeParse(data);
      if (!parsed.success) throw new AppError('validation', `Invalid job input: ${parsed.error.issues[0]?.message}`);
      const runId = crypto.randomUUID();
      await store.create({ id: runId, workspaceId, name, input: parsed.data, createdAt: clock.now() });
      if (boss) await boss.send(name, { runId, workspaceId, data: parsed.data }, { retryLimit: def.retryLimit ?? 2 });
      else void execute(def, runId, workspaceId, parsed.data).catch((e) => logger.warn({ job: name, err: String(e) }, 'job failed'));
      return runId;
    },

    /** Runs now, in this process (the CLI's way: a progress bar instead of a queue). */
    async runNow(name: string, data: unknown, workspaceId: string | null, onProgress?: (f: number, m?: string) => void) {
      const def = definitions.get(name);
      if (!def) throw new AppError('internal', `Unknown job ${name}`);
      const parsed = def.schema.safeParse(data);
      if (!parsed.success) throw new AppError('validation', `Invalid job input: ${parsed.error.issues[0]?.message}`);
      const runId = crypto.randomUUID();
      await store.create({ id: runId, workspaceId, name, input: parsed.data, createdAt: clock.now() });
      return execute(def, runId, workspaceId, parsed.data, onProgress);
    },
  };
}
