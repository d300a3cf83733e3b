import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { JobRunsStore, StaleRun } from '../../platform/jobs';
import { jobRuns } from './jobs.schema';

export function createJobsRepo(db: Db): JobRunsStore & {
  get(workspaceId: string, id: string): Promise<typeof jobRuns.$inferSelect | undefined>;
  list(workspaceId: string, limit: number): Promise<(typeof jobRuns.$inferSelect)[]>;
} {
  return {
    create: async (r) => {
      await db.insert(jobRuns).values({
        id: r.id,
        workspaceId: r.workspaceId,
        name: r.name,
        input: r.input as object,
        createdAt: r.createdAt,
      });
    },
    started: async (id, at, w) => {
      await db
        .update(jobRuns)
        .set({
          state: 'running',
          startedAt: at,
          error: null,
          workerId: w.workerId,
          queueJobId: w.queueJobId,
          heartbeatAt: sql`now()`,
        })
        .where(eq(jobRuns.id, id));
    },
    progress: async (id, fraction, message) => {
      await db
        .update(jobRuns)
        .set({ progress: fraction, message: message ?? null })
        .where(eq(jobRuns.id, id));
    },
    finished: async (id, at, outcome, workerId) => {
      const rows = await db
        .update(jobRuns)
        .set(
          'error' in outcome
            ? { state: 'failed', error: outcome.error, finishedAt: at }
            : { state: 'done', progress: 1, result: outcome.result as object, finishedAt: at },
        )
        .where(and(eq(jobRuns.id, id), eq(jobRuns.workerId, workerId)))
        .returning({ id: jobRuns.id });
      return rows.length > 0;
    },
    heartbeat: async (ids, workerId) => {
      if (ids.length === 0) return;
      await db
        .update(jobRuns)
        .set({ heartbeatAt: sql`now()` })
        .where(and(inArray(jobRuns.id, ids), eq(jobRuns.workerId, workerId), eq(jobRuns.state, 'running')));
    },
    // Database time on both sides: workers' clocks may differ, the database's is the one clock they share.
    claimStale: (staleSeconds, message) =>
      rowsOf<StaleRun>(
        db,
        sql`UPDATE job_runs SET state = 'queued', message = ${message}, worker_id = NULL
            WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => ${staleSeconds})
            RETURNING id, name, queue_job_id AS "queueJobId"`,
      ),
    release: (workerId, message) =>
      rowsOf<StaleRun>(
        db,
        sql`UPDATE job_runs SET state = 'queued', message = ${message}, worker_id = NULL
            WHERE state = 'running' AND worker_id = ${workerId}
            RETURNING id, name, queue_job_id AS "queueJobId"`,
      ),
    failRun: async (id, at, error) => {
      await db.update(jobRuns).set({ state: 'failed', error, finishedAt: at }).where(eq(jobRuns.id, id));
    },
    remove: async (id) => {
      await db.delete(jobRuns).where(eq(jobRuns.id, id));
    },
    get: async (workspaceId, id) =>
      (
        await db
          .select()
          .from(jobRuns)
          .where(and(eq(jobRuns.id, id), eq(jobRuns.workspaceId, workspaceId)))
      )[0],
    list: (workspaceId, limit) =>
      db
        .select()
        .from(jobRuns)
        .where(eq(jobRuns.workspaceId, workspaceId))
        .orderBy(desc(jobRuns.createdAt))
        .limit(limit),
  };
}
