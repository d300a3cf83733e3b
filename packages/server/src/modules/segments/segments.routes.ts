import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams } from '../../platform/crud-routes';
import { AppError } from '../../platform/errors';
import { assertCanWrite } from '../auth/access';
import type { ExportRecorder } from '../audit/audit.service';
import type { JobsService } from '../jobs/jobs.service';
import type { SegmentsService } from './segments.service';
import type { RuleSegmentsService } from './rule-segments.service';
import { ruleSegmentInput, ruleSegmentPatch } from './rule-segments.service';
import type { SegmentQueries } from './segments-members.repo';
import { runOptionsSchema } from './segments.model';
import { ruleFieldNames } from './rule-fields';
import { membersCsv } from './members-csv';

const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(errorSchema, 'Invalid input'),
  403: json(errorSchema, 'Role does not allow it'),
  404: json(errorSchema, 'Not found'),
};
const clusterProfile = z
  .object({
    cluster: z.number(),
    size: z.number(),
    share: z.number(),
    medians: z.array(z.number()),
    levels: z.array(z.enum(['low', 'average', 'high'])),
    label: z.string(),
    description: z.string(),
    name: z.string(),
    categorical: z.array(z.object({ feature: z.string(), value: z.string(), share: z.number() })),
  })
  .openapi('SegmentClusterProfile');
const definition = z.object({ name: z.string(), meaning: z.string(), action: z.string(), cells: z.string() });
const runSummary = z
  .object({
    asOf: z.string(),
    measuredFrom: z.enum(['today', 'data_end']).optional(),
    recencyWindowDays: z.number().optional(),
    customers: z.number(),
    revenue: z.number(),
    totalClv: z.number(),
    churnRisk: z.number(),
    singleOrderCustomers: z.number(),
    returnsNetted: z.number(),
    segments: z.array(
      definition.extend({
        customers: z.number(),
        share: z.number(),
        revenue: z.number(),
        revenueShare: z.number(),
        churnRisk: z.number(),
      }),
    ),
    grid: z.array(
      z.object({ r: z.number(), fm: z.number(), customers: z.number(), revenue: z.number(), segment: z.string() }),
    ),
    clusters: z.object({
      features: z.array(z.string()),
      sweep: z.array(z.object({ k: z.number(), silhouette: z.number(), inertia: z.number() })),
      bestK: z.number().nullable(),
      profiles: z.array(clusterProfile),
    }),
    evaluation: z.unknown().openapi({ description: 'held-out evaluation of the segments (recommendations module)' }),
    warnings: z.array(z.string()),
  })
  .openapi('SegmentRunSummary');
const latestSchema = z
  .object({
    run: z
      .object({
        id: z.string(),
        asOf: z.string(),
        createdAt: z.string(),
        customers: z.number(),
        options: runOptionsSchema,
        summary: runSummary,
      })
      .nullable(),
    definitions: z.array(definition),
    message: z.string().nullable(),
  })
  .openapi('SegmentsLatest');
const runListItem = z.object({ id: z.string(), asOf: z.string(), customers: z.number(), createdAt: z.string() });
const memberSchema = z
  .object({
    contact_id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    country: z.string().nullable(),
    owner_name: z.string().nullable(),
    recency_days: z.number().nullable(),
    frequency: z.number().nullable(),
    monetary: z.number().nullable(),
    r: z.number().nullable(),
    f: z.number().nullable(),
    m: z.number().nullable(),
    segment: z.string().nullable(),
    cluster: z.number().nullable(),
    clv: z.number().nullable(),
    churn_risk: z.boolean().nullable(),
    last_order_at: z.string().nullable(),
  })
  .openapi('SegmentMember');
const movesSchema = z.object({
  since: z.string(),
  until: z.string(),
  matrix: z.array(z.object({ from: z.string(), to: z.string(), customers: z.number() })),
  rows: z.array(
    z.object({
      contact_id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      moved_at: z.string(),
    }),
  ),
});
const scatterSchema = z.object({
  data: z.array(
    z.object({
      recency_days: z.number(),
      frequency: z.number(),
      monetary: z.number(),
      cluster: z.number(),
      segment: z.string(),
    }),
  ),
});
const ruleSegmentSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    rules: z.array(z.object({ field: z.string(), op: z.string(), value: z.string() })),
    memberCount: z.number(),
    computedAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('RuleSegment');
const recomputeSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.number(),
  entered: z.number(),
  left: z.number(),
  error: z.string().nullable(),
});
const historySchema = z.object({
  data: z.array(
    z.object({ contact_id: z.string(), name: z.string(), entered_at: z.string(), left_at: z.string().nullable() }),
  ),
});
const tags = ['Segments'];

const membersQuery = z.object({
  segment: z.string().max(100).optional().openapi({ description: 'RFM segment name, e.g. Champions' }),
  cluster: z.coerce.number().int().min(0).max(20).optional(),
  churnRisk: z.enum(['true', 'false']).optional(),
  rule: z.uuid().optional().openapi({ description: 'rule segment id' }),
  limit: z.coerce.number().int().min(1).max(100_000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  format: z.enum(['json', 'csv']).default('json'),
});
const movesQuery = z.object({
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
  since: z.iso.date().optional().openapi({ description: 'YYYY-MM-DD, default the first day of this month' }),
  until: z.iso.date().optional().openapi({ description: 'YYYY-MM-DD (exclusive), default tomorrow' }),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});

export function registerSegmentRoutes(
  router: OpenAPIHono<AppEnv>,
  deps: {
    segments: SegmentsService;
    rules: RuleSegmentsService;
    queries: SegmentQueries;
    jobs: JobsService;
    now: () => Date;
    recordExport: ExportRecorder;
  },
) {
  const { segments, rules, queries, jobs } = deps;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments',
      tags,
      summary: 'Latest RFM segments, grid, clusters and evaluation (with the segment definitions)',
      responses: { 200: json(latestSchema) },
    }),
    async (c) => c.json(await segments.latest(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/segments/runs',
      tags,
      summary: 'Compute RFM segments and clusters now, as a job (progress at /api/v1/jobs/{id})',
      request: { body: { required: false, content: { 'application/json': { schema: runOptionsSchema } } } },
      responses: { 202: json(z.object({ job: z.object({ id: z.string() }) })), ...errors },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertCanWrite(actor);
      const body = await c.req.json().catch(() => ({}));
      const parsed = runOptionsSchema.safeParse(body ?? {});
      if (!parsed.success)
        throw new AppError(
          'validation',
          `Invalid ${parsed.error.issues[0]?.path.join('.') || 'input'}: ${parsed.error.issues[0]?.message}`,
          { field: parsed.error.issues[0]?.path.join('.') },
        );
      return c.json({ job: { id: await jobs.enqueue(actor, 'segments.compute', parsed.data) } }, 202);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/runs',
      tags,
      summary: 'Past segment runs',
      responses: { 200: json(z.object({ data: z.array(runListItem) })) },
    }),
    async (c) => c.json({ data: await segments.runs(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/members',
      tags,
      summary: 'Customers of an RFM segment, cluster or rule segment (format=csv to export)',
      request: { query: membersQuery },
      responses: {
        200: {
          description: 'Members (JSON), or with format=csv a CSV file',
          content: {
            ...json(z.object({ data: z.array(memberSchema), total: z.number() })).content,
            'text/csv': { schema: z.string() },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const filter = {
        segment: q.segment,
        cluster: q.cluster,
        rule: q.rule,
        churnRisk: q.churnRisk === undefined ? undefined : q.churnRisk === 'true',
      };
      const limit = q.format === 'csv' ? 100_000 : Math.min(q.limit, 500);
      const { rows, total } = await queries.members(actorOf(c), filter, { limit, offset: q.offset });
      if (q.format === 'csv') {
        const name = (
          q.segment ??
          (q.cluster !== undefined ? `cluster-${q.cluster}` : q.rule ? `segment-${q.rule.slice(0, 8)}` : 'customers')
        )
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-');
        // A member list is personal data leaving the system: the audit log says who took it.
        await deps.recordExport(actorOf(c), {
          action: 'segment.export',
          entityType: 'segment',
          entityId: name,
          after: { filter, rows: rows.length },
        });
        return new Response(membersCsv(rows), {
          status: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${name}.csv"`,
          },
        });
      }
      return c.json({ data: rows, total }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/moves',
      tags,
      summary: 'Who moved between RFM segments in a period (e.g. from=Champions&to=At risk)',
      request: { query: movesQuery },
      responses: { 200: json(movesSchema), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const now = deps.now();
      const since = q.since
        ? new Date(`${q.since}T00:00:00Z`)
        : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
      const until = q.until ? new Date(`${q.until}T00:00:00Z`) : new Date(now.getTime() + 86_400_000);
      const result = await queries.moves(actorOf(c), { from: q.from, to: q.to, since, until, limit: q.limit });
      return c.json({ since: since.toISOString(), until: until.toISOString(), ...result }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/scatter',
      tags,
      summary: 'A spread sample of customers (recency, frequency, spend, cluster) for charts',
      request: { query: z.object({ limit: z.coerce.number().int().min(10).max(5000).default(1500) }) },
      responses: { 200: json(scatterSchema) },
    }),
    async (c) => c.json({ data: await queries.scatter(actorOf(c), c.req.valid('query').limit) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/segments/clusters/{cluster}',
      tags,
      summary: 'Name a cluster of the latest run',
      request: {
        params: z.object({ cluster: z.coerce.number().int().min(0).max(20) }),
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ name: z.string().trim().min(1).max(120) }).strict() } },
        },
      },
      responses: { 200: json(clusterProfile), ...errors },
    }),
    async (c) =>
      c.json(await segments.renameCluster(actorOf(c), c.req.valid('param').cluster, c.req.valid('json').name), 200),
  );

  // Rule segments: saved filters.
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/rules/fields',
      tags,
      summary: 'Fields a rule may test',
      responses: { 200: json(z.object({ data: z.array(z.string()) })) },
    }),
    (c) => c.json({ data: ruleFieldNames() }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/rules',
      tags,
      summary: 'Rule segments',
      responses: { 200: json(z.object({ data: z.array(ruleSegmentSchema) })) },
    }),
    async (c) => c.json({ data: await rules.list(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/segments/rules',
      tags,
      summary: 'Save a rule segment (computed at once)',
      request: { body: { required: true, content: { 'application/json': { schema: ruleSegmentInput } } } },
      responses: { 201: json(ruleSegmentSchema), ...errors },
    }),
    async (c) => c.json(await rules.create(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/rules/{id}',
      tags,
      request: { params: idParams },
      responses: { 200: json(ruleSegmentSchema), ...errors },
    }),
    async (c) => c.json(await rules.get(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/segments/rules/{id}',
      tags,
      request: {
        params: idParams,
        body: { required: true, content: { 'application/json': { schema: ruleSegmentPatch } } },
      },
      responses: { 200: json(ruleSegmentSchema), ...errors },
    }),
    async (c) => c.json(await rules.update(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/segments/rules/{id}',
      tags,
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await rules.remove(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/segments/rules/{id}/recompute',
      tags,
      summary: 'Recompute a rule segment now; `error` explains a rule that no longer works',
      request: { params: idParams },
      responses: { 200: json(recomputeSchema), ...errors },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertCanWrite(actor);
      await rules.get(actor, c.req.valid('param').id);
      return c.json(await rules.recompute(actor.workspaceId, c.req.valid('param').id, actor), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/segments/rules/{id}/history',
      tags,
      summary: 'Who entered and left a rule segment',
      request: { params: idParams, query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
      responses: { 200: json(historySchema), ...errors },
    }),
    async (c) =>
      c.json({ data: await rules.history(actorOf(c), c.req.valid('param').id, c.req.valid('query').limit) }, 200),
  );
}
