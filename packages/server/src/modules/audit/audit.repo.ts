import { and, asc, desc, eq, gt, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { auditLog } from './audit.schema';
import { contentHashOf, entryHash, type StoredEntry } from './audit-chain';

export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'hash' | 'prevHash' | 'contentHash' | 'redactedAt'> & {
  at: Date;
};

/** Advisory-lock namespace for the audit chain (with the workspace id's hash as the second key). */
const CHAIN_LOCK = 72_616;

export type AuditFilter = {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
};

export function createAuditRepo(db: Db) {
  return {
    /**
     * Appends entries, each chained to its workspace's previous one. The transaction-scoped advisory lock makes
     * concurrent writers of one workspace take turns, so two entries never claim the same predecessor.
     */
    async insert(tx: Tx, entries: AuditEntry[]) {
      const rows = [];
      const lastOf = new Map<string, string | null>();
      for (const e of entries) {
        if (!lastOf.has(e.workspaceId)) {
          await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK}, hashtext(${e.workspaceId}))`);
          const [prev] = await tx
            .select({ hash: auditLog.hash })
            .from(auditLog)
            .where(eq(auditLog.workspaceId, e.workspaceId))
            .orderBy(desc(auditLog.id))
            .limit(1);
          lastOf.set(e.workspaceId, prev?.hash ?? null);
        }
        const prevHash = lastOf.get(e.workspaceId) ?? null;
        const contentHash = contentHashOf(e);
        const hash = entryHash(prevHash, {
          ...e,
          actorId: e.actorId ?? null,
          entityId: e.entityId ?? null,
          contentHash,
        });
        rows.push({ ...e, prevHash, hash, contentHash });
        lastOf.set(e.workspaceId, hash);
      }
      if (rows.length) await tx.insert(auditLog).values(rows);
    },
    /** A workspace's entries in write order, a page at a time (for verification). */
    async page(workspaceId: string, afterId: number, limit: number): Promise<StoredEntry[]> {
      const rows = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.workspaceId, workspaceId), gt(auditLog.id, afterId)))
        .orderBy(asc(auditLog.id))
        .limit(limit);
      return rows as StoredEntry[];
    },
    async workspaceIds(): Promise<string[]> {
      return (await db.selectDistinct({ id: auditLog.workspaceId }).from(auditLog)).map((r) => r.id);
    },
    list(workspaceId: string, f: AuditFilter) {
      const conds: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
      if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
      if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
      if (f.beforeId) conds.push(lt(auditLog.id, f.beforeId));
      if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
      // "deal" matches deal.create, deal.update, ...; "deal.update" only itself.
      if (f.action)
        conds.push(
          or(eq(auditLog.action, f.action), like(auditLog.action, `${f.action.replace(/[%_\\]/g, '\\$&')}.%`))!,
        );
      if (f.from) conds.push(gte(auditLog.at, f.from));
      if (f.to) conds.push(lt(auditLog.at, f.to));
      return db
        .select()
        .from(auditLog)
        .where(and(...conds))
        .orderBy(desc(auditLog.id))
        .limit(f.limit);
    },
  };
}
