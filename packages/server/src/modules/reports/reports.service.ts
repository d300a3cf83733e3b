import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { createReportsRepo } from './reports.repo';

const num = (v: unknown) => Number(v ?? 0);

export function createReportsService({ db, clock }: { db: Db; clock: Clock }) {
  const repo = createReportsRepo(db);
  return {
    async dashboard(actor: Actor) {
      const now = clock.now();
      const { counts, lifecycle, revenueByMonth } = await repo.dashboard(actor, now);
      const currentMonth = now.toISOString().slice(0, 7);
      return {
        contacts: num(counts.contacts),
        companies: num(counts.companies),
        products: num(counts.products),
        openDeals: num(counts.open_deals),
        openPipelineValue: num(counts.open_pipeline_value),
        weightedPipelineValue: Math.round(num(counts.weighted_pipeline_value)),
        wonLast30: num(counts.won_last30),
        wonValueLast30: num(counts.won_value_last30),
        ordersLast30: num(counts.orders_last30),
        revenueLast30: num(counts.revenue_last30),
        activitiesLast7: num(counts.activities_last7),
        lifecycle: Object.fromEntries(lifecycle.map((l) => [l.stage, num(l.n)])),
        // The month still in progress is marked partial: its bar is "so far", not a drop in sales.
        revenueByMonth: revenueByMonth.map((r) => ({
          month: r.month,
          revenue: num(r.revenue),
          orders: num(r.orders),
          partial: r.month === currentMonth,
        })),
      };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
