import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { auditLog } from './audit.schema';

export type AuditEntry = typeof auditLog.$inferInsert;

export function createAuditRepo(db: Db) {
  return {
    insert: (tx: Tx, entries: AuditEntry[]) => (entries.length ? tx.insert(auditLog).values(entries) : Promise.resolve()),
    list(workspaceId: string, f: { entityType?: string; entityId?: string; beforeId?: number; limit: number }) {
      const conds: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
      if (f.entityType) conds.push(eq(auditLog.entityType, f.entityType));
      if (f.entityId) conds.push(eq(auditLog.entityId, f.entityId));
      if (f.beforeId) conds.push(lt(auditLog.id, f.beforeId));
      return db.select().from(auditLog).where(and(...conds)).orderBy(desc(auditLog.id)).limit(f.limit);
    },
  };
}
