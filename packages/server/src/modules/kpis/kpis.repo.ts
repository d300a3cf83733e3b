import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { ownedBy, viaContact } from '../../platform/scope';
import { kpiSettings, kpiTargets, type KpiMetric, type RoiCost, type RoiMinutes } from './kpis.schema';

type Ts = Date | string;
export type KpiRows = {
  contacts: { created_at: Ts; customer: boolean; rep: string | null; source: string | null; segment: string | null }[];
  deals: {
    status: 'open' | 'won' | 'lost';
    amount: string | number | null;
    created_at: Ts;
    closed_at: Ts | null;
    rep: string | null;
    source: string | null;
    segment: string | null;
  }[];
  orders: {
    contact_id: string | null;
    ordered_at: Ts;
    total: string | number;
    first_order_at: Ts | null;
    rep: string | null;
    source: string | null;
    segment: string | null;
  }[];
};

/**
 * Owns the KPI targets and ROI settings; reads the CRM through the named read model "KPI rows" (decision 0240):
 * contacts, deals and orders with their rep, source and current RFM segment, in three queries, scoped like the
 * dashboard (a rep sees their own records).
 */
export function createKpisRepo(db: Db) {
  const seg = (
    ws: ReturnType<typeof sql>,
    contact: ReturnType<typeof sql>,
  ) => sql`(select m.segment_key from segment_memberships m
    where m.workspace_id = ${ws} and m.contact_id = ${contact} and m.kind = 'rfm' and m.left_at is null
    order by m.entered_at desc limit 1)`;
  const repName = (owner: ReturnType<typeof sql>) =>
    sql`(select coalesce(nullif(u.name, ''), u.email) from users u where u.id = ${owner})`;
  return {
    /** KPI rows: contacts created since `from`, deals open or closed since `from`, orders since `ordersFrom`. */
    async rows(actor: Actor, from: Date, ordersFrom: Date): Promise<KpiRows> {
      const ws = actor.workspaceId;
      const contacts = await rowsOf<KpiRows['contacts'][number]>(
        db,
        sql`select c.created_at, c.lifecycle_stage = 'customer' as customer, ${repName(sql`c.owner_id`)} as rep,
          nullif(c.source, '') as source, ${seg(sql`c.workspace_id`, sql`c.id`)} as segment
        from contacts c where c.workspace_id = ${ws} and c.created_at >= ${from} and ${ownedBy(actor, sql`c.owner_id`)}`,
      );
      const deals = await rowsOf<KpiRows['deals'][number]>(
        db,
        sql`select d.status, d.amount, d.created_at, d.closed_at, ${repName(sql`d.owner_id`)} as rep,
          coalesce(nullif(d.source, ''), nullif(c.source, '')) as source,
          case when d.contact_id is null then null else ${seg(sql`d.workspace_id`, sql`d.contact_id`)} end as segment
        from deals d left join contacts c on c.id = d.contact_id and c.workspace_id = d.workspace_id
        where d.workspace_id = ${ws} and (d.closed_at is null or d.closed_at >= ${from}) and ${ownedBy(actor, sql`d.owner_id`)}`,
      );
      const orders = await rowsOf<KpiRows['orders'][number]>(
        db,
        sql`select o.contact_id, o.ordered_at, o.total,
          (select min(p.ordered_at) from orders p where p.workspace_id = o.workspace_id and p.contact_id = o.contact_id
            and p.status not in ('cancelled', 'refunded')) as first_order_at,
          ${repName(sql`c.owner_id`)} as rep, nullif(c.source, '') as source,
          case when o.contact_id is null then null else ${seg(sql`o.workspace_id`, sql`o.contact_id`)} end as segment
        from orders o left join contacts c on c.id = o.contact_id and c.workspace_id = o.workspace_id
        where o.workspace_id = ${ws} and o.status not in ('cancelled', 'refunded') and o.ordered_at >= ${ordersFrom}
          and ${viaContact(actor, sql`o.contact_id`, sql`o.workspace_id`)}`,
      );
      return { contacts, deals, orders };
    },

    targets: (workspaceId: string) => db.select().from(kpiTargets).where(eq(kpiTargets.workspaceId, workspaceId)),
    target: async (tx: Tx, workspaceId: string, metric: KpiMetric) =>
      (
        await tx
          .select()
          .from(kpiTargets)
          .where(and(eq(kpiTargets.workspaceId, workspaceId), eq(kpiTargets.metric, metric)))
      )[0] ?? null,
    upsertTarget: (tx: Tx, row: typeof kpiTargets.$inferInsert) =>
      tx
        .insert(kpiTargets)
        .values(row)
        .onConflictDoUpdate({
          target: [kpiTargets.workspaceId, kpiTargets.metric],
          set: { period: row.period, target: row.target, note: row.note ?? null, updatedAt: row.updatedAt },
        }),
    deleteTarget: (tx: Tx, workspaceId: string, metric: KpiMetric) =>
      tx.delete(kpiTargets).where(and(eq(kpiTargets.workspaceId, workspaceId), eq(kpiTargets.metric, metric))),

    settings: async (tx: Tx, workspaceId: string) =>
      (await tx.select().from(kpiSettings).where(eq(kpiSettings.workspaceId, workspaceId)))[0] ?? null,
    upsertSettings: (
      tx: Tx,
      row: {
        workspaceId: string;
        adoptedOn: string | null;
        minutes: RoiMinutes;
        hourlyRate: number;
        costs: RoiCost[];
        updatedAt: Date;
      },
    ) =>
      tx
        .insert(kpiSettings)
        .values(row)
        .onConflictDoUpdate({
          target: kpiSettings.workspaceId,
          set: {
            adoptedOn: row.adoptedOn,
            minutes: row.minutes,
            hourlyRate: row.hourlyRate,
            costs: row.costs,
            updatedAt: row.updatedAt,
          },
        }),
  };
}
