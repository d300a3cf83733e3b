import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { imports } from './imports.schema';

/** SQL of the imports table the service's parts share (the run, revert and preview keep their own batch SQL). */
export function createImportsRepo(db: Db) {
  return {
    byId: async (workspaceId: string, id: string) =>
      (
        await db
          .select()
          .from(imports)
          .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id)))
      )[0],
    list: (workspaceId: string) =>
      db.select().from(imports).where(eq(imports.workspaceId, workspaceId)).orderBy(desc(imports.createdAt)).limit(100),
    setJob: (id: string, jobId: string) => db.update(imports).set({ jobId }).where(eq(imports.id, id)),
  };
}
