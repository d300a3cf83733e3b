import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import type { ReportsService } from './reports.service';

const statsSchema = z
  .object({
    contacts: z.number(),
    companies: z.number(),
    products: z.number(),
    openDeals: z.number(),
    openPipelineValue: z.number(),
    weightedPipelineValue: z.number(),
    wonLast30: z.number(),
    wonValueLast30: z.number(),
    ordersLast30: z.number(),
    revenueLast30: z.number(),
    activitiesLast7: z.number(),
    lifecycle: z.record(z.string(), z.number()),
    revenueByMonth: z.array(
      z.object({
        month: z.string(),
        revenue: z.number(),
        orders: z.number(),
        partial: z.boolean().openapi({ description: 'the month in progress (figures so far)' }),
      }),
    ),
  })
  .openapi('Stats');

export function registerReportRoutes(router: OpenAPIHono<AppEnv>, reports: ReportsService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/stats',
      tags: ['Reports'],
      summary: 'Dashboard figures',
      responses: { 200: { description: 'Figures', content: { 'application/json': { schema: statsSchema } } } },
    }),
    async (c) => c.json(await reports.dashboard(actorOf(c)), 200),
  );
}
