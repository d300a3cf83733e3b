import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import { customerRfm, segmentMemberships, segmentRuns } from './segments.schema';

export type CustomerRfmRow = typeof customerRfm.$inferInsert;

/** Reads orders and won deals as signed order lines, and stores runs, scores and membership history. */
export function createSegmentsRepo(db: Db) {
  return {
    /**
     * One line per order (its total; negative totals are returns) that is neither cancelled nor refunded, plus each
     * won deal with an amount as an order on its close date. Contacts only: segments are about people.
     */
    async orderLines(workspaceId: string, until: Date) {
      return rowsOf<{ contact_id: string; order_id: string; at: Date | string; amount: string | number }>(
        db,
        sql`
        select contact_id, id::text as order_id, ordered_at as at, total as amount from orders
        where workspace_id = ${workspaceId} and contact_id is not null and status not in ('cancelled', 'refunded') and ordered_at <= ${until}
        union all
        select d.contact_id, 'deal:' || d.id::text, coalesce(d.closed_at, d.updated_at), d.amount from deals d
        where d.workspace_id = ${workspaceId} and d.contact_id is not null and d.status = 'won' and d.amount is not null and coalesce(d.closed_at, d.updated_at) <= ${until}
          -- One sale, counted once: a won deal followed by its order (same contact, total within 1% of the amount,
          -- placed from 7 days before to 30 days after the close) is that order, not a second sale.
          and not exists (select 1 from orders o where o.workspace_id = d.workspace_id and o.contact_id = d.contact_id
            and o.status not in ('cancelled', 'refunded')
            and o.ordered_at between coalesce(d.closed_at, d.updated_at) - interval '7 days' and coalesce(d.closed_at, d.updated_at) + interval '30 days'
            and abs(o.total - d.amount) <= 0.01 * greatest(abs(d.amount), 1))`,
      );
    },

    async contactExtras(workspaceId: string, ids: string[], now: Date) {
      if (ids.length === 0) return [];
      return rowsOf<{
        id: string;
        country: string | null;
        source: string | null;
        lifecycle_stage: string;
        activities_90d: string | number;
        owner_id: string | null;
      }>(
        db,
        sql`
        select c.id, c.country, c.source, c.lifecycle_stage, c.owner_id,
          (select count(*) from activities a where a.workspace_id = c.workspace_id and a.contact_id = c.id and a.occurred_at > ${new Date(now.getTime() - 90 * 86_400_000)}) as activities_90d
        from contacts c where c.workspace_id = ${workspaceId} and c.id = any(${sql.param(ids)}::uuid[])`,
      );
    },

    /** Each customer's churn-risk flag in the latest run (monitoring logs them to judge the flag later). */
    churnFlags: (workspaceId: string) =>
      db
        .select({ contactId: customerRfm.contactId, churnRisk: customerRfm.churnRisk, runId: customerRfm.runId })
        .from(customerRfm)
        .where(eq(customerRfm.workspaceId, workspaceId)),

    /** Who bought (an order neither cancelled nor refunded, or a won deal) after a date: the churn flag's outcome. */
    async boughtSince(workspaceId: string, since: Date) {
      const rows = await rowsOf<{ contact_id: string }>(
        db,
        sql`
        select distinct contact_id from orders where workspace_id = ${workspaceId} and contact_id is not null
          and status not in ('cancelled', 'refunded') and ordered_at > ${since}
        union
        select distinct contact_id from deals where workspace_id = ${workspaceId} and contact_id is not null
          and status = 'won' and coalesce(closed_at, updated_at) > ${since}`,
      );
      return new Set(rows.map((r) => r.contact_id));
    },

    latestRun: async (workspaceId: string) =>
      (
        await db
          .select()
          .from(segmentRuns)
          .where(eq(segmentRuns.workspaceId, workspaceId))
          .orderBy(desc(segmentRuns.createdAt))
          .limit(1)
      )[0],

    async listRuns(workspaceId: string) {
      return db
        .select({
          id: segmentRuns.id,
          asOf: segmentRuns.asOf,
          customers: segmentRuns.customers,
          createdAt: segmentRuns.createdAt,
        })
        .from(segmentRuns)
        .where(eq(segmentRuns.workspaceId, workspaceId))
        .orderBy(desc(segmentRuns.createdAt))
        .limit(20);
    },

    async insertRun(tx: Tx, run: typeof segmentRuns.$inferInsert) {
      return (await tx.insert(segmentRuns).values(run).returning())[0]!;
    },

    async replaceScores(tx: Tx, workspaceId: string, rows: CustomerRfmRow[]) {
      await tx.delete(customerRfm).where(eq(customerRfm.workspaceId, workspaceId));
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(customerRfm).values(rows.slice(i, i + 1000));
    },

    /**
     * Brings open memberships of one kind in line with `current` (contact → segment key): a changed or vanished
     * membership is closed at `at`, a new one opened at the same instant. Unchanged rows are left alone.
     * With `onlyKey`, only memberships of that segment are considered (rule segments are independent sets).
     */
    async syncMemberships(
      tx: Tx,
      workspaceId: string,
      kind: 'rfm' | 'rule',
      current: Map<string, string>,
      at: Date,
      onlyKey?: string,
    ) {
      const open = await tx
        .select({
          id: segmentMemberships.id,
          contactId: segmentMemberships.contactId,
          segmentKey: segmentMemberships.segmentKey,
        })
        .from(segmentMemberships)
        .where(
          and(
            eq(segmentMemberships.workspaceId, workspaceId),
            eq(segmentMemberships.kind, kind),
            isNull(segmentMemberships.leftAt),
            onlyKey ? eq(segmentMemberships.segmentKey, onlyKey) : undefined,
          ),
        );
      const openBy = new Map(open.map((o) => [o.contactId, o]));
      const close: string[] = [];
      const add: (typeof segmentMemberships.$inferInsert)[] = [];
      for (const o of open) if (current.get(o.contactId) !== o.segmentKey) close.push(o.id);
      for (const [contactId, key] of current) {
        if (openBy.get(contactId)?.segmentKey !== key)
          add.push({ workspaceId, contactId, kind, segmentKey: key, enteredAt: at });
      }
      for (let i = 0; i < close.length; i += 1000) {
        await tx
          .update(segmentMemberships)
          .set({ leftAt: at })
          .where(
            and(
              eq(segmentMemberships.workspaceId, workspaceId),
              inArray(segmentMemberships.id, close.slice(i, i + 1000)),
            ),
          );
      }
      for (let i = 0; i < add.length; i += 1000) await tx.insert(segmentMemberships).values(add.slice(i, i + 1000));
      return { entered: add.length, left: close.length };
    },
  };
}
export type SegmentsRepo = ReturnType<typeof createSegmentsRepo>;
