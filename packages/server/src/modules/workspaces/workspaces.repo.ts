import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { workspaces, type WorkspaceSettings } from './workspaces.schema';

export function createWorkspacesRepo(db: Db) {
  return {
    insert: async (tx: Tx, name: string) => (await tx.insert(workspaces).values({ name }).returning())[0]!,
    get: async (id: string) => (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0],
    list: () => db.select().from(workspaces).orderBy(workspaces.createdAt),
    update: async (tx: Tx, id: string, patch: { name?: string; settings?: WorkspaceSettings }) =>
      (await tx.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning())[0],
    /**
     * Deletes the workspace and, through ON DELETE CASCADE, every row of it. The transaction-local setting is what the
     * audit log's append-only trigger checks: only this workspace's entries may go, and only in this transaction.
     */
    async remove(tx: Tx, id: string) {
      await tx.execute(sql`select set_config('pipewise.deleting_workspace', ${id}, true)`);
      return (await tx.delete(workspaces).where(eq(workspaces.id, id)).returning({ id: workspaces.id })).length > 0;
    },
  };
}
