import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { ownedBy, viaContact } from '../../platform/scope';

/**
 * Read-only aggregates across the CRM tables for the dashboard; owns no tables and writes nothing. Every figure counts
 * only the records the actor may see: a rep's dashboard is about their own contacts, deals, activities and orders.
 */
export function createReportsRepo(db: Db) {
  const one = <T>(q: ReturnType<typeof sql>) => rowsOf<T>(db, q);
  return {
    async dashboard(actor: Actor, now: Date) {
      const workspaceId = actor.workspaceId;
      const own = ownedBy(actor, sql`owner_id`);
      const ownDeal = ownedBy(actor, sql`d.owner_id`);
      const ownOrder = viaContact(actor, sql`orders.contact_id`, sql`orders.workspace_id`);
      const d30 = new Date(now.getTime() - 30 * 86400_000);
      const d7 = new Date(now.getTime() - 7 * 86400_000);
      const d365 = new Date(now.getTime() - 365 * 86400_000);
      const [counts] = await one<Record<string, string | number | null>>(sql`
        select
          (select count(*) from contacts where workspace_id = ${workspaceId} and ${own}) as contacts,
          (select count(*) from companies where workspace_id = ${workspaceId} and ${own}) as companies,
          (select count(*) from deals where workspace_id = ${workspaceId} and ${own} and status = 'open') as open_deals,
          (select coalesce(sum(amount), 0) from deals where workspace_id = ${workspaceId} and ${own} and status = 'open') as open_pipeline_value,
          (select coalesce(sum(d.amount * s.probability), 0) from deals d join pipeline_stages s on s.id = d.stage_id where d.workspace_id = ${workspaceId} and ${ownDeal} and d.status = 'open') as weighted_pipeline_value,
          (select count(*) from deals where workspace_id = ${workspaceId} and ${own} and status = 'won' and closed_at >= ${d30}) as won_last30,
          (select coalesce(sum(amount), 0) from deals where workspace_id = ${workspaceId} and ${own} and status = 'won' and closed_at >= ${d30}) as won_value_last30,
          (select count(*) from orders where workspace_id = ${workspaceId} and ${ownOrder} and ordered_at >= ${d30}) as orders_last30,
          (select coalesce(sum(total), 0) from orders where workspace_id = ${workspaceId} and ${ownOrder} and ordered_at >= ${d30} and status not in ('cancelled', 'refunded')) as revenue_last30,
          (select count(*) from activities where workspace_id = ${workspaceId} and ${own} and occurred_at >= ${d7}) as activities_last7,
          (select count(*) from products where workspace_id = ${workspaceId}) as products
      `);
      const lifecycle = await one<{ stage: string; n: string | number }>(
        sql`select lifecycle_stage as stage, count(*) as n from contacts where workspace_id = ${workspaceId} and ${own} group by 1`,
      );
      const revenueByMonth = await one<{ month: string; revenue: string | number; orders: string | number }>(sql`
        select to_char(date_trunc('month', ordered_at at time zone 'UTC'), 'YYYY-MM') as month, coalesce(sum(total), 0) as revenue, count(*) as orders
        from orders where workspace_id = ${workspaceId} and ${ownOrder} and ordered_at >= ${d365} and status not in ('cancelled', 'refunded')
        group by 1 order by 1`);
      return { counts: counts!, lifecycle, revenueByMonth };
    },
  };
}
