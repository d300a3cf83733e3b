import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { assertRole } from '../auth/access';
import type { JobsService } from '../jobs/jobs.service';
import type { MonitoringService } from './monitoring.service';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const err = { description: 'Error', ...json(errorSchema) };
const target = z.enum(['contact_conversion', 'deal_won']);
const num = z.number().nullable();

const figures = z.object({
  n: z.number(),
  positives: z.number(),
  baseRate: z.number(),
  auc: num,
  brier: z.number(),
  calibrationError: z.number(),
  calibration: z.array(z.object({ decile: z.number(), n: z.number(), predicted: z.number(), observed: z.number() })),
  tiers: z.array(z.object({ tier: z.string(), n: z.number(), conversion: z.number() })),
  topTierLift: num,
});
const modelBrief = z
  .object({
    id: z.string(),
    version: z.number(),
    family: z.string(),
    trainedAt: z.date().or(z.string()),
    activatedAt: z.date().or(z.string()).nullable(),
    auc: num,
    brier: num,
    ready: z.boolean(),
  })
  .nullable();
const alert = z.object({
  kind: z.enum(['auc_below_bar', 'calibration', 'drift']),
  message: z.string(),
  value: z.number(),
  limit: z.number(),
});
const churnSchema = z.object({
  days: z.number(),
  flaggedAt: z.string().nullable(),
  customers: z.number(),
  flagged: z.number(),
  flaggedNotBought: z.number(),
  hitRate: num,
  baseRate: num,
  lift: num,
  message: z.string().nullable(),
});
const summarySchema = z.object({
  scores: z.array(
    z.object({
      target,
      activeVersion: num,
      testAuc: num,
      outcomes: z.number(),
      auc: num,
      brier: num,
      basis: z.string().nullable(),
      promotionBar: z.number(),
      alerts: z.array(z.string()),
    }),
  ),
  forecasts: z.object({ checked: z.number(), mase: num, coverage80: num, coverage95: num }),
  churn: churnSchema,
});
const statusSchema = z.object({
  now: z.string(),
  period: z.enum(['month', 'week']),
  windowDays: z.number(),
  targets: z.array(
    z.object({
      target,
      entity: z.enum(['contact', 'deal']),
      promotionBar: z.number(),
      active: modelBrief,
      candidate: modelBrief,
      logged: z.number(),
      resolved: z.number(),
      overall: figures.nullable(),
      window: figures.nullable(),
      overTime: z.array(figures.extend({ period: z.string(), modelVersion: z.number() })),
      overrides: z.object({
        overrides: z.number(),
        overrideRight: z.number(),
        modelRight: z.number(),
        overrideRightRate: num,
      }),
      alerts: z.array(alert),
      driftCheckedAt: z.string().nullable(),
      driftedFeatures: z.array(z.string()),
      suggestion: z.string().nullable(),
    }),
  ),
  forecasts: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      metric: z.string(),
      grain: z.string(),
      method: z.string(),
      trainedThrough: z.string(),
      periods: z.number(),
      mase: num,
      coverage80: num,
      coverage95: num,
    }),
  ),
  churn: churnSchema,
});
const driftSchema = z.object({
  target,
  checkedAt: z.string().nullable(),
  modelVersion: num,
  features: z.array(
    z.object({
      feature: z.string(),
      test: z.string(),
      statistic: z.number(),
      pValue: num,
      threshold: z.number(),
      drifted: z.boolean(),
      psi: z.number(),
      psiDrifted: z.boolean(),
      referenceRows: z.number(),
      currentRows: z.number(),
    }),
  ),
});
const statusQuery = z.object({ period: z.enum(['month', 'week']).optional() });
const driftQuery = z.object({ target: target.optional() });

export function registerMonitoringRoutes(
  router: OpenAPIHono<AppEnv>,
  monitoring: MonitoringService,
  jobs: JobsService,
) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/monitoring',
      tags: ['Monitoring'],
      summary:
        'Model health: predictions against outcomes over time, overrides, alerts, suggested retrain, forecast accuracy',
      request: { query: statusQuery },
      responses: { 200: { description: 'Status', ...json(statusSchema) }, 400: err },
    }),
    async (c) =>
      c.json(
        statusSchema.parse(await monitoring.status(actorOf(c), { period: c.req.valid('query').period ?? 'month' })),
        200,
      ),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/monitoring/summary',
      tags: ['Monitoring'],
      summary:
        'Measured accuracy for the "How this works" panels: scores (AUC, Brier), forecasts (MASE, coverage), churn-risk hit rate',
      responses: { 200: { description: 'Summary', ...json(summarySchema) } },
    }),
    async (c) => c.json(summarySchema.parse(await monitoring.summary(actorOf(c))), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/monitoring/drift',
      tags: ['Monitoring'],
      summary: "Drift of every input of a target's active model between training and now (latest check)",
      request: { query: driftQuery },
      responses: { 200: { description: 'Drift', ...json(driftSchema) }, 400: err },
    }),
    async (c) => c.json(await monitoring.drift(actorOf(c), c.req.valid('query').target ?? 'contact_conversion'), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/monitoring/refresh',
      tags: ['Monitoring'],
      summary: 'Log scores, fill in outcomes and check drift now, as a job (manager+)',
      responses: {
        202: { description: 'Queued as a job', ...json(z.object({ job: z.object({ id: z.string() }) })) },
        403: err,
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'manager');
      return c.json({ job: { id: await jobs.enqueue(actor, 'monitoring.refresh', {}) } }, 202);
    },
  );
}
