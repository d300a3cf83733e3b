import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { workspaces } from '../workspaces/workspaces.schema';
import { apiKeys, sessions, users, type Role } from './auth.schema';

export function createAuthRepo(db: Db) {
  return {
    countUsers: async () => (await db.select({ n: count() }).from(users))[0]!.n,
    userByEmail: async (email: string, tx: Tx = db) => (await tx.select().from(users).where(eq(users.email, email)))[0],
    userById: async (workspaceId: string, id: string) =>
      (await db.select().from(users).where(and(eq(users.id, id), eq(users.workspaceId, workspaceId))))[0],
    listUsers: (workspaceId: string) => db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(users.createdAt),
    insertUser: async (tx: Tx, u: typeof users.$inferInsert) => (await tx.insert(users).values(u).returning())[0]!,
    updateUser: async (tx: Tx, workspaceId: string, id: string, patch: Partial<typeof users.$inferInsert>) =>
      (await tx.update(users).set(patch).where(and(eq(users.id, id), eq(users.workspaceId, workspaceId))).returning())[0],
    countOwners: async (workspaceId: string) =>
      (await db.select({ n: count() }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'owner'), isNull(users.disabledAt))))[0]!.n,

    insertSession: (s: typeof sessions.$inferInsert) => db.insert(sessions).values(s),
    deleteSession: (tokenHash: string) => db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)),
    deleteUserSessions: (tx: Tx, userId: string) => tx.delete(sessions).where(eq(sessions.userId, userId)),
    /** The session's user and workspace in one round trip: this runs on every request. */
    async sessionContext(tokenHash: string, now: Date) {
      const rows = await db
        .select({ user: users, workspace: workspaces })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), isNull(users.disabledAt)));
      return rows[0];
    },

    insertApiKey: async (tx: Tx, k: typeof apiKeys.$inferInsert) => (await tx.insert(apiKeys).values(k).returning())[0]!,
    listApiKeys: (workspaceId: string) => db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(apiKeys.createdAt),
    revokeApiKey: async (tx: Tx, workspaceId: string, id: string, at: Date) =>
      (await tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt))).returning())[0],
    async apiKeyContext(keyHash: string) {
      const rows = await db
        .select({ key: apiKeys, workspace: workspaces })
        .from(apiKeys)
        .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
      return rows[0];
    },
    touchApiKey: (id: string, at: Date) =>
      db.update(apiKeys).set({ lastUsedAt: at }).where(and(eq(apiKeys.id, id), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${new Date(at.getTime() - 60_000)})`)),
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
export type { Role };
