import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { workspaces, type WorkspaceSettings } from './workspaces.schema';

export function createWorkspacesRepo(db: Db) {
  return {
    insert: async (tx: Tx, name: string) => (await tx.insert(workspaces).values({ name }).returning())[0]!,
    get: async (id: string) => (await db.select().from(workspaces).where(eq(workspaces.id, id)))[0],
    list: () => db.select().from(workspaces).orderBy(workspaces.createdAt),
    update: async (tx: Tx, id: string, patch: { name?: string; settings?: WorkspaceSettings }) =>
      (await tx.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning())[0],
  };
}
