import {
  pgTable,
  uuid,
  text,
  timestamp,
  integer,
  real,
  date,
  jsonb,
  index,
  uniqueIndex,
  primaryKey,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

export const forecastKinds = ['series', 'pipeline'] as const;
export type ForecastKind = (typeof forecastKinds)[number];

/**
 * One forecast the product showed. `key` identifies what was forecast (source, metric, grain, scope) and
 * `trainedThrough` the last complete period used, so showing the same forecast twice stores it once.
 */
export const forecastRuns = pgTable(
  'forecast_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ForecastKind>().notNull(),
    key: text('key').notNull(),
    source: text('source').notNull(),
    metric: text('metric').notNull(),
    grain: text('grain').notNull(),
    scope: jsonb('scope').$type<{ type: string; id: string | null; label: string }>().notNull(),
    horizon: integer('horizon').notNull(),
    method: text('method').notNull(),
    reason: text('reason').notNull(),
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
    /** Start of the last complete period in the training data (series) or the day of the snapshot (pipeline). */
    trainedThrough: date('trained_through').notNull(),
    /** In-sample MAE of the seasonal naive forecast: the MASE denominator, fixed when the forecast was made. */
    maseScale: real('mase_scale'),
    /** Pipeline runs: the deals and probabilities behind the number, to check later which of them closed. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    /** MAPE, MASE, bias and the number of periods with actuals; recomputed when actuals arrive. */
    accuracy: jsonb('accuracy').$type<{
      mape: number | null;
      mase: number | null;
      bias: number | null;
      periods: number;
      computedAt: string;
    } | null>(),
    requestedBy: text('requested_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('forecast_runs_origin_key').on(t.workspaceId, t.kind, t.key, t.trainedThrough),
    index('forecast_runs_ws_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

/** The predicted value and ranges of one period of a run, and the actual once the period is over. */
export const forecastPoints = pgTable(
  'forecast_points',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => forecastRuns.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    periodStart: date('period_start').notNull(),
    step: integer('step').notNull(),
    mean: real('mean').notNull(),
    lo80: real('lo80').notNull(),
    hi80: real('hi80').notNull(),
    lo95: real('lo95').notNull(),
    hi95: real('hi95').notNull(),
    actual: real('actual'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.periodStart] }),
    index('forecast_points_ws_idx').on(t.workspaceId, t.periodStart),
  ],
);
