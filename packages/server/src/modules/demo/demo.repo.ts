import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { unnestInsert } from '../../platform/bulk-insert';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../platform/db';
import {
  activities,
  companies,
  consentEvents,
  contacts,
  dealStageHistory,
  deals,
  orderLines,
  orders,
  pipelineStages,
  pipelines,
  products,
  users,
} from '../../platform/schema';
import type { DemoRows } from './demo.types';

export const demoTables = {
  users,
  pipelines,
  pipelineStages,
  products,
  companies,
  contacts,
  consentEvents,
  deals,
  dealStageHistory,
  orders,
  orderLines,
  activities,
} satisfies Record<keyof DemoRows, PgTable>;

export function createDemoRepo(db: Db) {
  return {
    hasContacts: async (workspaceId: string) =>
      (await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.workspaceId, workspaceId)).limit(1))
        .length > 0,
    /** The workspace's first owner, who gets a share of the demo's unassigned records. */
    firstOwner: async (workspaceId: string) =>
      (
        await db
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'owner')))
          .orderBy(users.createdAt)
          .limit(1)
      )[0],
    usersByEmail: (emails: string[]) =>
      db
        .select({ id: users.id, email: users.email, workspaceId: users.workspaceId })
        .from(users)
        .where(inArray(users.email, emails)),
    existingSkus: async (workspaceId: string, skus: string[]) =>
      (
        await db
          .select({ sku: products.sku })
          .from(products)
          .where(and(eq(products.workspaceId, workspaceId), inArray(products.sku, skus)))
      ).map((r) => r.sku),
    countPipelines: async (workspaceId: string) =>
      (await db.select({ n: count() }).from(pipelines).where(eq(pipelines.workspaceId, workspaceId)))[0]?.n ?? 0,
    insertRows: (tx: Tx, table: PgTable, rows: readonly Record<string, unknown>[]) =>
      tx.execute(unnestInsert(table, rows)),
    /** Superusers (always so on PGlite) may skip foreign-key triggers; managed PostgreSQL roles usually may not. */
    canSkipTriggers: async () => {
      const rows = (await db.execute(sql`SELECT current_setting('is_superuser') AS su`)) as unknown as
        { rows?: { su: string }[] } | { su: string }[];
      const list = Array.isArray(rows) ? rows : (rows.rows ?? []);
      return list[0]?.su === 'on';
    },
    /**
     * For this transaction only, foreign keys are not re-checked row by row (as pg_restore --disable-triggers does):
     * the generator creates every referenced row first, and the tests check the references. Halves insert time.
     */
    skipTriggers: (tx: Tx) => tx.execute(sql`SET LOCAL session_replication_role = replica`),
    /** Fresh planner statistics: PGlite has no autovacuum, and plans made for empty tables would scan 100,000 rows per page. */
    analyze: (table: PgTable) => db.execute(sql`ANALYZE ${table}`),
    /** Removes exactly the rows a failed load inserted, so that a retry starts from an empty workspace again. */
    deleteByIds: (tx: Tx, table: PgTable, workspaceId: string, ids: string[]) =>
      tx.execute(
        sql`DELETE FROM ${table} WHERE workspace_id = ${workspaceId} AND id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
      ),
  };
}
export type DemoRepo = ReturnType<typeof createDemoRepo>;
