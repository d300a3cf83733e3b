import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { kpiMetrics } from './kpis.schema';
import { roiSettingsInputSchema, targetInputSchema, type KpisService } from './kpis.service';

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = { 400: json(errorSchema, 'Invalid input'), 403: json(errorSchema, 'Role does not allow it') };
const tags = ['KPIs'];
const num = z.number().nullable();
const metric = z.enum(kpiMetrics);
const unit = z.enum(['rate', 'money', 'days', 'money_per_day']);
const point = z.object({
  period: z.string(),
  partial: z.boolean(),
  value: num,
  n: z.number(),
  meetsTarget: z.boolean().nullable(),
});
const group = z.array(z.object({ group: z.string().nullable(), value: num, n: z.number() }));
const overviewSchema = z
  .object({
    now: z.string(),
    from: z.string(),
    months: z.number(),
    metrics: z.array(
      z.object({
        metric,
        label: z.string(),
        unit,
        formula: z.string(),
        lowerIsBetter: z.boolean(),
        target: z
          .object({
            period: z.enum(['month', 'quarter']),
            target: z.number(),
            note: z.string().nullable(),
            updatedAt: z.string(),
          })
          .nullable(),
        lastComplete: point.nullable(),
        current: point.nullable(),
        series: z.array(point),
        breakdowns: z.object({ rep: group, source: group, segment: group }),
      }),
    ),
    caveats: z.array(z.string()),
  })
  .openapi('KpiOverview');
const targetSchema = z.object({
  metric,
  period: z.enum(['month', 'quarter']),
  target: z.number(),
  note: z.string().nullable(),
});
const settingsSchema = z.object({
  adoptedOn: z.string().nullable(),
  workspaceCreatedOn: z.string(),
  minutes: z.object({
    scoredLead: z.number(),
    sequenceStep: z.number(),
    chatbotAnswer: z.number(),
    leadCaptured: z.number(),
  }),
  hourlyRate: z.number(),
  costs: z.array(z.object({ label: z.string(), monthly: z.number() })),
});
const unavailable = z.object({ available: z.literal(false), message: z.string() });
const roiSchema = z
  .object({
    adoptedOn: z.string(),
    adoptedOnSource: z.enum(['owner', 'workspace_created']),
    months: z.number(),
    settings: settingsSchema,
    topTier: z.union([
      z.object({
        available: z.literal(true),
        outcomes: z.number(),
        tierAN: z.number(),
        tierAConversion: z.number(),
        baseRate: z.number(),
        lift: num,
        formula: z.string(),
        message: z.null(),
      }),
      unavailable,
    ]),
    sequences: z.union([
      z.object({
        available: z.literal(true),
        enrolled: z.number(),
        converted: z.number(),
        holdout: z.number(),
        holdoutConverted: z.number(),
        stepsAutomated: z.number(),
        conversion: num,
        holdoutConversion: num,
        extraConversions: num,
        formula: z.string(),
        message: z.null(),
      }),
      unavailable,
    ]),
    chatbot: z.union([
      z.object({
        available: z.literal(true),
        conversations: z.number(),
        answeredWithoutPerson: z.number(),
        leadsCaptured: z.number(),
        formula: z.string(),
        message: z.null(),
      }),
      unavailable,
    ]),
    hoursSaved: z.object({
      actions: z.array(
        z.object({
          kind: z.string(),
          label: z.string(),
          count: z.number(),
          minutes: z.number(),
          hours: z.number(),
          formula: z.string(),
        }),
      ),
      hours: z.number(),
      hourlyRate: z.number(),
      value: z.number(),
      formula: z.string(),
    }),
    costs: z.object({ monthly: z.number(), total: z.number(), formula: z.string() }),
    net: z.object({ value: z.number(), formula: z.string() }),
    beforeAfter: z
      .object({
        days: z.number(),
        metrics: z.array(
          z.object({
            metric,
            label: z.string(),
            unit,
            lowerIsBetter: z.boolean(),
            before: num,
            beforeN: z.number(),
            after: num,
            afterN: z.number(),
          }),
        ),
      })
      .nullable(),
    caveats: z.array(z.string()),
  })
  .openapi('RoiReport');

export function registerKpiRoutes(router: OpenAPIHono<AppEnv>, kpis: KpisService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/kpis',
      tags,
      summary:
        'Key metrics against their targets: monthly (or quarterly) series and breakdowns by rep, source, segment',
      request: { query: z.object({ months: z.coerce.number().int().min(1).max(36).optional() }) },
      responses: { 200: json(overviewSchema), ...errors },
    }),
    async (c) => c.json(overviewSchema.parse(await kpis.overview(actorOf(c), c.req.valid('query'))), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/kpis/targets/{metric}',
      tags,
      summary: 'Set the target of one metric, per month or quarter (manager+; audited)',
      request: { params: z.object({ metric }), body: { required: true, ...json(targetInputSchema) } },
      responses: { 200: json(targetSchema), ...errors },
    }),
    async (c) =>
      c.json(
        targetSchema.parse(await kpis.setTarget(actorOf(c), c.req.valid('param').metric, c.req.valid('json'))),
        200,
      ),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/kpis/targets/{metric}',
      tags,
      summary: 'Remove the target of one metric (manager+; audited)',
      request: { params: z.object({ metric }) },
      responses: { 204: { description: 'Removed' }, ...errors },
    }),
    async (c) => {
      await kpis.removeTarget(actorOf(c), c.req.valid('param').metric);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/kpis/roi',
      tags,
      summary: 'ROI report from the business’s own figures, every formula beside its number, before/after adoption',
      responses: { 200: json(roiSchema), ...errors },
    }),
    async (c) => c.json(roiSchema.parse(await kpis.roi(actorOf(c))), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/kpis/roi-settings',
      tags,
      summary: 'Adoption date, minutes saved per automated action, hourly rate and monthly costs (admin; audited)',
      request: { body: { required: true, ...json(roiSettingsInputSchema) } },
      responses: { 200: json(settingsSchema), ...errors },
    }),
    async (c) => c.json(settingsSchema.parse(await kpis.updateRoiSettings(actorOf(c), c.req.valid('json'))), 200),
  );
}
