import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

/**
 * The prediction log: the first score each record got from each model version (scores themselves are overwritten
 * and removed once a record closes), the rep's override, and the outcome once it is known. Monitoring judges models
 * on these rows.
 */
export const monitoringPredictions = pgTable(
  'monitoring_predictions',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    modelId: uuid('model_id').notNull(),
    entity: text('entity').$type<'contact' | 'deal'>().notNull(),
    entityId: uuid('entity_id').notNull(),
    modelVersion: integer('model_version').notNull(),
    probability: real('probability').notNull(),
    tier: text('tier').notNull(),
    overrideTier: text('override_tier'),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
    /** 1 converted / won, 0 not converted within the horizon / lost, null while unknown. */
    outcome: smallint('outcome'),
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.modelId, t.entityId] }),
    index('monitoring_predictions_open_idx').on(t.workspaceId, t.entity, t.outcome),
  ],
);

export type DriftRow = {
  feature: string;
  test: string;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  psi: number;
  psiDrifted: boolean;
  referenceRows: number;
  currentRows: number;
};
export type AlertRow = {
  kind: 'auc_below_bar' | 'calibration' | 'drift';
  message: string;
  value: number;
  limit: number;
};

/** Each check of a target's active model: the inputs' drift and the alerts raised (the latest one is shown). */
export const monitoringChecks = pgTable(
  'monitoring_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    target: text('target').$type<'contact_conversion' | 'deal_won'>().notNull(),
    modelId: uuid('model_id').notNull(),
    modelVersion: integer('model_version').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    drift: jsonb('drift').$type<DriftRow[]>().notNull(),
    alerts: jsonb('alerts').$type<AlertRow[]>().notNull(),
  },
  (t) => [index('monitoring_checks_ws_target_idx').on(t.workspaceId, t.target, t.checkedAt)],
);

/**
 * Snapshots of the segments' churn-risk flag: every customer of a segment run with its flag, logged at most once a
 * week, so "of the customers flagged at risk 90 days ago, how many did not buy since" can be answered later (the
 * segments module keeps only the latest run's flags). No key to contacts: erasure deletes a person's rows through
 * the monitoring service.
 */
export const monitoringChurnFlags = pgTable(
  'monitoring_churn_flags',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    flaggedAt: timestamp('flagged_at', { withTimezone: true }).notNull(),
    churnRisk: boolean('churn_risk').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.runId, t.contactId] }),
    index('monitoring_churn_flags_at_idx').on(t.workspaceId, t.flaggedAt),
  ],
);
