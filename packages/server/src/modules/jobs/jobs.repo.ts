import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { JobRunsStore } from '../../platform/jobs';
import { jobRuns } from './jobs.schema';

export function createJobsRepo(db: Db): JobRunsStore & { get(workspaceId: string, id: string): Promise<typeof jobRuns.$inferSelect | undefined>; list(workspaceId: string, limit: number): Promise<(typeof jobRuns.$inferSelect)[]> } {
  return {
    create: async (r) => {
      await db.insert(jobRuns).values({ id: r.id, workspaceId: r.workspaceId, name: r.name, input: r.input as object, createdAt: r.createdAt });
    },
    started: async (id, at) => {
      await db.update(jobRuns).set({ state: 'running', startedAt: at, error: null }).where(eq(jobRuns.id, id));
    },
    progress: async (id, fraction, message) => {
      await db.update(jobRuns).set({ progress: fraction, message: message ?? null }).where(eq(jobRuns.id, id));
    },
    finished: async (id, at, outcome) => {
      await db
        .update(jobRuns)
        .set('error' in outcome ? { state: 'failed', error: outcome.error, finishedAt: at } : { state: 'done', progress: 1, result: outcome.result as object, finishedAt: at })
        .where(eq(jobRuns.id, id));
    },
    get: async (workspaceId, id) => (await db.select().from(jobRuns).where(and(eq(jobRuns.id, id), eq(jobRuns.workspaceId, workspaceId))))[0],
    list: (workspaceId, limit) => db.select().from(jobRuns).where(eq(jobRuns.workspaceId, workspaceId)).orderBy(desc(jobRuns.createdAt)).limit(limit),
  };
}
