import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';

/** Read-only aggregates across the CRM tables for the dashboard; owns no tables and writes nothing. */
export function createReportsRepo(db: Db) {
  const one = <T>(q: ReturnType<typeof sql>) => rowsOf<T>(db, q);
  return {
    async dashboard(workspaceId: string, now: Date) {
      const d30 = new Date(now.getTime() - 30 * 86400_000);
      const d7 = new Date(now.getTime() - 7 * 86400_000);
      const d365 = new Date(now.getTime() - 365 * 86400_000);
      const [counts] = await one<Record<string, string | number | null>>(sql`
        select
          (select count(*) from contacts where workspace_id = ${workspaceId}) as contacts,
          (select count(*) from companies where workspace_id = ${workspaceId}) as companies,
          (select count(*) from deals where workspace_id = ${workspaceId} and status = 'open') as open_deals,
          (select coalesce(sum(amount), 0) from deals where workspace_id = ${workspaceId} and status = 'open') as open_pipeline_value,
          (select coalesce(sum(d.amount * s.probability), 0) from deals d join pipeline_stages s on s.id = d.stage_id where d.workspace_id = ${workspaceId} and d.status = 'open') as weighted_pipeline_value,
          (select count(*) from deals where workspace_id = ${workspaceId} and status = 'won' and closed_at >= ${d30}) as won_last30,
          (select coalesce(sum(amount), 0) from deals where workspace_id = ${workspaceId} and status = 'won' and closed_at >= ${d30}) as won_value_last30,
          (select count(*) from orders where workspace_id = ${workspaceId} and ordered_at >= ${d30}) as orders_last30,
          (select coalesce(sum(total), 0) from orders where workspace_id = ${workspaceId} and ordered_at >= ${d30} and status not in ('cancelled', 'refunded')) as revenue_last30,
          (select count(*) from activities where workspace_id = ${workspaceId} and occurred_at >= ${d7}) as activities_last7,
          (select count(*) from products where workspace_id = ${workspaceId}) as products
      `);
      const lifecycle = await one<{ stage: string; n: string | number }>(sql`select lifecycle_stage as stage, count(*) as n from contacts where workspace_id = ${workspaceId} group by 1`);
      const revenueByMonth = await one<{ month: string; revenue: string | number; orders: string | number }>(sql`
        select to_char(date_trunc('month', ordered_at at time zone 'UTC'), 'YYYY-MM') as month, coalesce(sum(total), 0) as revenue, count(*) as orders
        from orders where workspace_id = ${workspaceId} and ordered_at >= ${d365} and status not in ('cancelled', 'refunded')
        group by 1 order by 1`);
      return { counts: counts!, lifecycle, revenueByMonth };
    },
  };
}
