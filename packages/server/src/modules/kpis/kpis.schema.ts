import { date, doublePrecision, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

export const kpiMetrics = [
  'conversion_rate',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'pipeline_velocity',
  'avg_order_value',
  'repeat_purchase_rate',
  'churn_rate',
] as const;
export type KpiMetric = (typeof kpiMetrics)[number];

/** The business's objective for one key metric: a target per month or per quarter. */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    metric: text('metric').$type<KpiMetric>().notNull(),
    period: text('period').$type<'month' | 'quarter'>().notNull(),
    target: doublePrecision('target').notNull(),
    note: text('note'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.metric] })],
);

export type RoiCost = { label: string; monthly: number };
export type RoiMinutes = { scoredLead: number; sequenceStep: number; chatbotAnswer: number; leadCaptured: number };

/** The owner's own figures for the ROI report: when Pipewise was adopted, minutes each automation saves, costs. */
export const kpiSettings = pgTable('kpi_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** Null: the workspace's creation date. */
  adoptedOn: date('adopted_on', { mode: 'string' }),
  minutes: jsonb('minutes').$type<RoiMinutes>().notNull(),
  hourlyRate: doublePrecision('hourly_rate').notNull(),
  costs: jsonb('costs').$type<RoiCost[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
