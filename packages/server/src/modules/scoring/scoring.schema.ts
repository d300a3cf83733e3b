import {
  pgTable,
  uuid,
  text,
  timestamp,
  jsonb,
  integer,
  real,
  boolean,
  index,
  primaryKey,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

export const scoringTargets = ['contact_conversion', 'deal_won'] as const;
export type ScoringTarget = (typeof scoringTargets)[number];
export const modelStates = ['candidate', 'active', 'retired'] as const;
export type ModelState = (typeof modelStates)[number];
export const scoredEntities = ['contact', 'deal'] as const;
/** The lead target's horizon in days: what the API and the CLI accept. */
export const HORIZON_DAYS = { min: 7, max: 730 } as const;
export type ScoredEntity = (typeof scoredEntities)[number];

/**
 * A sensitive attribute: a model input name (`country`, `company_industry`) or a custom field (`cf_gender`), with band
 * cut points for numbers (`cf_age` with [30, 61] gives <30, 30-60, >60). Left out of the model's inputs unless
 * `useAsInput`; audited before every promotion either way.
 */
export type SensitiveAttributeSetting = { key: string; bands?: number[]; useAsInput?: boolean };
/** An admin's acknowledgement of a failing fairness audit, kept on the model version it let through. */
export type FairnessAcknowledgement = { by: string; reason: string; at: string };

/** Per-workspace choices: the conversion horizon, and when records changed since the last re-score were scored. */
export const scoringSettings = pgTable('scoring_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  horizonDays: integer('horizon_days').notNull().default(90),
  lastChangeScanAt: timestamp('last_change_scan_at', { withTimezone: true }),
  sensitiveAttributes: jsonb('sensitive_attributes').$type<SensitiveAttributeSetting[]>().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The model registry: one row per trained version, with everything needed to audit and reuse it. */
export const scoringModels = pgTable(
  'scoring_models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    target: text('target').$type<ScoringTarget>().notNull(),
    version: integer('version').notNull(),
    state: text('state').$type<ModelState>().notNull().default('candidate'),
    family: text('family').notNull(),
    /** Training-data snapshot: hash of the examples, counts and date range. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    features: jsonb('features').$type<string[]>().notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** The evaluation report (metrics, curves, comparisons). */
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
    card: jsonb('card').$type<Record<string, unknown>>().notNull(),
    /** LeadScorer.toJSON(). */
    model: jsonb('model').$type<Record<string, unknown>>().notNull(),
    ready: boolean('ready').notNull(),
    notReadyReasons: jsonb('not_ready_reasons').$type<string[]>().notNull().default([]),
    /** Probability cut points for tiers A/B/C/D (quartiles of the last full scoring run). */
    tierCuts: jsonb('tier_cuts').$type<number[]>(),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull(),
    trainedBy: text('trained_by').notNull(),
    approvedBy: text('approved_by'),
    approvalNote: text('approval_note'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    fairnessAcknowledgement: jsonb('fairness_acknowledgement').$type<FairnessAcknowledgement>(),
  },
  (t) => [
    uniqueIndex('scoring_models_ws_target_version_key').on(t.workspaceId, t.target, t.version),
    index('scoring_models_ws_state_idx').on(t.workspaceId, t.target, t.state),
  ],
);

/**
 * The latest score of each open contact and deal, with its top factors and any rep override. Factors are stored as
 * [feature, value, contribution] and put in plain words when read (`renderFactors`).
 */
export const scoringScores = pgTable(
  'scoring_scores',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entity: text('entity').$type<ScoredEntity>().notNull(),
    entityId: uuid('entity_id').notNull(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => scoringModels.id, { onDelete: 'cascade' }),
    modelVersion: integer('model_version').notNull(),
    probability: real('probability').notNull(),
    tier: text('tier').notNull(),
    factors: jsonb('factors').$type<StoredFactors>().notNull(),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
    overrideTier: text('override_tier'),
    overrideReason: text('override_reason'),
    overrideBy: text('override_by'),
    overrideAt: timestamp('override_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.entity, t.entityId] }),
    index('scoring_scores_model_idx').on(t.modelId),
  ],
);

/** Every override a rep made, kept as feedback for the next training round and for review. */
export const scoringFeedback = pgTable(
  'scoring_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entity: text('entity').$type<ScoredEntity>().notNull(),
    entityId: uuid('entity_id').notNull(),
    modelId: uuid('model_id').references(() => scoringModels.id, { onDelete: 'set null' }),
    probability: real('probability'),
    tier: text('tier'),
    overrideTier: text('override_tier').notNull(),
    reason: text('reason').notNull(),
    userId: text('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('scoring_feedback_entity_idx').on(t.workspaceId, t.entity, t.entityId, t.createdAt)],
);

/** A factor as the API gives it: the feature, its value when scored, its words for a rep, its log-odds contribution. */
export type ScoreFactor = { feature: string; value: string | number | null; label: string; contribution: number };
/** A factor as stored: a third of the bytes of the worded form, which costs on a 100k-lead scoring run. */
export type StoredFactor = [feature: string, value: string | number | null, contribution: number];
/** Scores written before factors were stored as tuples carry the worded form without the value. */
type LegacyFactor = { feature: string; label: string; contribution: number };
export type StoredFactors = { positive: (StoredFactor | LegacyFactor)[]; negative: (StoredFactor | LegacyFactor)[] };
