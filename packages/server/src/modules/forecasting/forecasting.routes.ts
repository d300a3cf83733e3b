import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { assertRole } from '../auth/access';
import type { JobsService } from '../jobs/jobs.service';
import { grains } from './periods';
import { metrics, sources } from './forecasting-series.repo';
import { csvForecast } from './csv';
import type { ForecastingService } from './forecasting.service';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const errors = {
  400: { description: 'Invalid input; `details.field` names the parameter', ...json(errorSchema) },
  403: { description: 'Not allowed for your role', ...json(errorSchema) },
  404: { description: 'No such forecast run in this workspace', ...json(errorSchema) },
};
const loose = z.record(z.string(), z.unknown());
const point = z.object({
  period: z.string(),
  mean: z.number(),
  lo80: z.number(),
  hi80: z.number(),
  lo95: z.number(),
  hi95: z.number(),
});
const seriesResponse = z
  .object({
    runId: z
      .string()
      .nullable()
      .openapi({ description: 'the stored forecast (null when there was nothing to forecast)' }),
    source: z.enum(sources),
    metric: z.enum(metrics),
    grain: z.enum(grains),
    horizon: z.number(),
    seasonalPeriod: z.number(),
    scope: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    history: z.array(z.object({ period: z.string(), value: z.number() })),
    current: z
      .object({ period: z.string(), value: z.number(), partial: z.literal(true) })
      .nullable()
      .openapi({ description: 'the period in progress: shown, not trained on' }),
    forecast: z.array(point),
    method: z.string(),
    reason: z.string(),
    warnings: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .openapi('SeriesForecast');
const pipelineResponse = z
  .object({
    months: z.number(),
    window: z.object({ from: z.string(), to: z.string() }),
    commit: z.number(),
    mostLikely: z.number(),
    bestCase: z.number(),
    p90: z.number(),
    runId: z.string().nullable().optional(),
    byMonth: z.array(
      z.object({
        period: z.string(),
        expected: z.number(),
        commit: z.number(),
        best: z.number(),
        p90: z.number(),
        lo95: z.number(),
        hi95: z.number(),
      }),
    ),
    deals: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        amount: z.number().nullable(),
        stage: z.string(),
        stageProbability: z.number(),
        score: z.number().nullable(),
        expectedCloseDate: z.string().nullable(),
        owner: z.string().nullable(),
        probability: z.number(),
        probabilitySource: z.enum(['score', 'stage']),
        contribution: z.number(),
        month: z.string().openapi({ description: "the month the deal is counted in ('' when spread)" }),
        closeDateTreatment: z.enum([
          'as_planned',
          'overdue_moved_to_this_month',
          'missing_spread_over_window',
          'after_window',
        ]),
      }),
    ),
    counts: z.object({
      open: z.number(),
      inWindow: z.number(),
      scored: z.number(),
      overdue: z.number(),
      noCloseDate: z.number(),
      noAmount: z.number(),
      afterWindow: z.number(),
    }),
    notes: z.array(z.string()),
  })
  .openapi('PipelineForecast');
const quarterResponse = z
  .object({
    quarter: z.object({ from: z.string(), to: z.string(), label: z.string() }),
    booked: z.number(),
    runRate: z.object({
      mean: z.number(),
      lo80: z.number(),
      hi80: z.number(),
      method: z.string(),
      runId: z.string().nullable(),
    }),
    pipeline: z.object({
      commit: z.number(),
      mostLikely: z.number(),
      bestCase: z.number(),
      runId: z.string().nullable(),
    }),
    total: z.object({ low: z.number(), mostLikely: z.number(), withPipeline: z.number(), high: z.number() }),
    notes: z.array(z.string()),
  })
  .openapi('QuarterView');
const horizon = z.coerce
  .number()
  .openapi({ description: 'periods ahead: 1..730 days, 260 weeks, 120 months or 40 quarters' });
const seriesQuery = z.object({
  metric: z.enum(metrics).default('revenue'),
  by: z.enum(grains).default('month'),
  horizon: horizon.default(6),
  source: z.enum(sources).default('orders').openapi({
    description:
      'orders (not cancelled/refunded; order lines for units, products and categories) or won deals (closedAt, amount)',
  }),
  product: z.string().optional().openapi({ description: 'product id' }),
  category: z.string().optional().openapi({ description: 'product category name' }),
  rep: z
    .string()
    .optional()
    .openapi({ description: "rep's email: their won deals, or orders of the customers they own" }),
});
const csvBody = z
  .object({
    csv: z.string().min(1).max(20_000_000).openapi({ description: 'the file contents, with a header row' }),
    date: z.string().optional().openapi({ description: 'date column (default: the first column of dates)' }),
    value: z.string().optional().openapi({ description: 'value column (default: the first other numeric column)' }),
    by: z.enum(grains).optional().openapi({ description: "grain (default: the file's own spacing)" }),
    horizon: z.number().optional(),
  })
  .strict();

export function registerForecastingRoutes(
  router: OpenAPIHono<AppEnv>,
  s: { forecasting: ForecastingService; jobs: JobsService },
) {
  const f = s.forecasting;
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecasts/series',
      tags: ['Forecasts'],
      summary: 'Time-series forecast of revenue, orders or units with 80/95% ranges (stored for accuracy tracking)',
      request: { query: seriesQuery },
      responses: { 200: { description: 'History, forecast and how it was made', ...json(seriesResponse) }, ...errors },
    }),
    async (c) => {
      const qy = c.req.valid('query');
      return c.json(
        await f.series(actorOf(c), {
          source: qy.source,
          metric: qy.metric,
          grain: qy.by,
          horizon: qy.horizon,
          product: qy.product,
          category: qy.category,
          rep: qy.rep,
        }),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecasts/pipeline',
      tags: ['Forecasts'],
      summary:
        'Pipeline forecast: open deals × win probability × amount by expected close month, commit / most likely / best case, and the deals behind it',
      request: {
        query: z.object({
          months: z.coerce.number().default(3).openapi({ description: 'calendar months from this one, 1..24' }),
        }),
      },
      responses: { 200: { description: 'Pipeline forecast', ...json(pipelineResponse) }, ...errors },
    }),
    async (c) => c.json(await f.pipeline(actorOf(c), c.req.valid('query').months), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecasts/quarter',
      tags: ['Forecasts'],
      summary: 'This quarter: booked so far + run-rate forecast for the rest + open pipeline',
      responses: { 200: { description: 'Quarter view', ...json(quarterResponse) }, ...errors },
    }),
    async (c) => c.json(await f.quarter(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecasts/accuracy',
      tags: ['Forecasts'],
      summary:
        'Stored forecasts with what really happened: per-period prediction, range and actual, MAPE, MASE and bias (actuals filled in first)',
      request: {
        query: z.object({
          kind: z.enum(['series', 'pipeline']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: { description: 'Runs, newest origin first', ...json(z.object({ data: z.array(loose) })) },
        ...errors,
      },
    }),
    async (c) => c.json(await f.accuracy(actorOf(c), c.req.valid('query')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecasts/runs/{id}',
      tags: ['Forecasts'],
      summary: 'One stored forecast with its periods',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'Run', ...json(loose) }, ...errors },
    }),
    async (c) => c.json(await f.run(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/forecasts/categories',
      tags: ['Forecasts'],
      summary: 'Product categories that can be forecast',
      responses: { 200: { description: 'Names', ...json(z.object({ data: z.array(z.string()) })) }, ...errors },
    }),
    async (c) => c.json({ data: await f.categories(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/forecasts/recompute',
      tags: ['Forecasts'],
      summary:
        'Recompute now what the nightly job does (actuals, accuracy, standard forecasts) as a job; progress at GET /api/v1/jobs/{id}',
      responses: {
        202: { description: 'Queued', ...json(z.object({ job: z.object({ id: z.string() }) })) },
        ...errors,
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'manager');
      return c.json({ job: { id: await s.jobs.enqueue(actor, 'forecasting.nightly', {}) } }, 202);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/forecasts/csv',
      tags: ['Forecasts'],
      summary: "Forecast a series from the caller's own CSV (not stored)",
      request: { body: { required: true, ...json(csvBody) } },
      responses: { 200: { description: 'Forecast', ...json(loose) }, ...errors },
    }),
    async (c) => {
      actorOf(c);
      const b = c.req.valid('json') as z.infer<typeof csvBody>;
      return c.json(csvForecast(b.csv, b), 200);
    },
  );
}
