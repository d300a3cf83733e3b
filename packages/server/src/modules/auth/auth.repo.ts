import { and, asc, count, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../platform/db';
import { workspaces } from '../workspaces/workspaces.schema';
import { apiKeys, rateLimits, sessions, users, type Role } from './auth.schema';

const creators = alias(users, 'creator');

export function createAuthRepo(db: Db) {
  return {
    countUsers: async () => (await db.select({ n: count() }).from(users))[0]!.n,
    userByEmail: async (email: string, tx: Tx = db) => (await tx.select().from(users).where(eq(users.email, email)))[0],
    userById: async (workspaceId: string, id: string) =>
      (
        await db
          .select()
          .from(users)
          .where(and(eq(users.id, id), eq(users.workspaceId, workspaceId)))
      )[0],
    listUsers: (workspaceId: string) =>
      db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(users.createdAt),
    insertUser: async (tx: Tx, u: typeof users.$inferInsert) => (await tx.insert(users).values(u).returning())[0]!,
    updateUser: async (tx: Tx, workspaceId: string, id: string, patch: Partial<typeof users.$inferInsert>) =>
      (
        await tx
          .update(users)
          .set(patch)
          .where(and(eq(users.id, id), eq(users.workspaceId, workspaceId)))
          .returning()
      )[0],
    countOwners: async (workspaceId: string) =>
      (
        await db
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'owner'), isNull(users.disabledAt)))
      )[0]!.n,

    insertSession: (s: typeof sessions.$inferInsert) => db.insert(sessions).values(s),
    deleteSession: (tokenHash: string) => db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)),
    /** Ends a user's sessions, all of them or all but the one making the request. */
    deleteUserSessions: (tx: Tx, userId: string, exceptTokenHash?: string) =>
      tx
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), exceptTokenHash ? ne(sessions.tokenHash, exceptTokenHash) : undefined)),
    setPasswordHash: (tx: Tx, id: string, passwordHash: string) =>
      tx.update(users).set({ passwordHash }).where(eq(users.id, id)),
    /** The session's user and workspace in one round trip: this runs on every request. */
    async sessionContext(tokenHash: string, now: Date) {
      const rows = await db
        .select({ user: users, workspace: workspaces, expiresAt: sessions.expiresAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), isNull(users.disabledAt)));
      return rows[0];
    },

    insertApiKey: async (tx: Tx, k: typeof apiKeys.$inferInsert) =>
      (await tx.insert(apiKeys).values(k).returning())[0]!,
    listApiKeys: (workspaceId: string) =>
      db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(apiKeys.createdAt),
    revokeApiKey: async (tx: Tx, workspaceId: string, id: string, at: Date) =>
      (
        await tx
          .update(apiKeys)
          .set({ revokedAt: at })
          .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
          .returning()
      )[0],
    keyById: async (workspaceId: string, id: string) =>
      (
        await db
          .select({ key: apiKeys, creatorRole: creators.role })
          .from(apiKeys)
          .leftJoin(creators, eq(creators.id, apiKeys.createdBy))
          .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId)))
      )[0],
    /**
     * A live key with its creator's current role. A key dies with its creator (disabled or deleted) unless it is a
     * workspace key: the join refuses it here, so no caller can forget.
     */
    async apiKeyContext(keyHash: string) {
      const rows = await db
        .select({ key: apiKeys, workspace: workspaces, creatorRole: creators.role })
        .from(apiKeys)
        .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
        .leftJoin(creators, and(eq(creators.id, apiKeys.createdBy), isNull(creators.disabledAt)))
        .where(
          and(
            eq(apiKeys.keyHash, keyHash),
            isNull(apiKeys.revokedAt),
            or(eq(apiKeys.ownedByWorkspace, true), sql`${creators.id} is not null`),
          ),
        );
      return rows[0];
    },
    touchApiKey: (id: string, at: Date) =>
      db
        .update(apiKeys)
        .set({ lastUsedAt: at })
        .where(
          and(
            eq(apiKeys.id, id),
            sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${new Date(at.getTime() - 60_000)})`,
          ),
        ),

    /** One statement per request: counts a hit in a fixed window shared by every process, returns the new count. */
    async countHit(key: string, now: Date, windowMs: number) {
      const at = sql`${now.toISOString()}::timestamptz`;
      const resetAt = new Date(now.getTime() + windowMs);
      const expired = sql`${rateLimits.resetAt} <= ${at}`;
      const rows = await db
        .insert(rateLimits)
        .values({ key, count: 1, resetAt })
        .onConflictDoUpdate({
          target: rateLimits.key,
          set: {
            count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
            resetAt: sql`case when ${expired} then ${resetAt.toISOString()}::timestamptz else ${rateLimits.resetAt} end`,
          },
        })
        .returning({ count: rateLimits.count, resetAt: rateLimits.resetAt });
      return rows[0]!;
    },
    /** The counters of `keys`, created empty if missing and locked until the transaction ends (sign-in throttles). */
    async lockCounters(tx: Tx, keys: string[], now: Date) {
      // Always in key order, so two sign-ins sharing a counter (the same address) cannot deadlock.
      const sorted = [...keys].sort();
      await tx
        .insert(rateLimits)
        .values(sorted.map((key) => ({ key, count: 0, resetAt: now })))
        .onConflictDoNothing();
      return tx
        .select()
        .from(rateLimits)
        .where(inArray(rateLimits.key, sorted))
        .orderBy(asc(rateLimits.key))
        .for('update');
    },
    saveCounter: (tx: Tx, row: typeof rateLimits.$inferSelect) =>
      tx
        .update(rateLimits)
        .set({ count: row.count, resetAt: row.resetAt, blockedUntil: row.blockedUntil })
        .where(eq(rateLimits.key, row.key)),
    deleteCounters: (keys: string[]) => db.delete(rateLimits).where(inArray(rateLimits.key, keys)),
    /** Counters whose window and block are both over say nothing any more. */
    sweepCounters: (now: Date) =>
      db
        .delete(rateLimits)
        .where(and(lt(rateLimits.resetAt, now), or(isNull(rateLimits.blockedUntil), lt(rateLimits.blockedUntil, now)))),
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
export type { Role };
