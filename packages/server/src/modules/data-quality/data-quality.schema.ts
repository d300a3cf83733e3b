import { pgTable, uuid, text, timestamp, jsonb, integer, real, index, primaryKey } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

/** The last duplicate scan per workspace and record type (one row each, replaced by the next scan). */
export const dqScans = pgTable(
  'dq_scans',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    records: integer('records').notNull(),
    pairsCompared: integer('pairs_compared').notNull(),
    candidates: integer('candidates').notNull(),
    durationMs: integer('duration_ms').notNull(),
    scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.entityType] })],
);

/** Candidate pairs of the last scan (record_a < record_b). No foreign keys: merged records vanish, and come back on undo. */
export const dqCandidates = pgTable(
  'dq_candidates',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    recordA: uuid('record_a').notNull(),
    recordB: uuid('record_b').notNull(),
    score: real('score').notNull(),
    reasons: jsonb('reasons').$type<{ code: string; detail: string }[]>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.entityType, t.recordA, t.recordB] }),
    index('dq_candidates_score_idx').on(t.workspaceId, t.entityType, t.score),
  ],
);

/** Pairs a person said are not duplicates: never proposed again. */
export const dqDismissals = pgTable(
  'dq_dismissals',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    recordA: uuid('record_a').notNull(),
    recordB: uuid('record_b').notNull(),
    dismissedBy: text('dismissed_by').notNull(),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.entityType, t.recordA, t.recordB] })],
);

/**
 * Per "table.column": each moved row, its updated_at before the merge and a hash of the row as the merge left it.
 * Per "aside:table.column": the rows of derived tables set aside (deleted with the loser), as whole JSON images in
 * `row`, put back by undo.
 */
export type MovedLinks = Record<
  string,
  { id: string; updatedAt: string | null; hash: string; row?: Record<string, unknown> }[]
>;

/** One merge: enough to undo it exactly (the loser's full row, the survivor before and after, every moved link). */
export const dqMerges = pgTable(
  'dq_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    survivorId: uuid('survivor_id').notNull(),
    loserId: uuid('loser_id').notNull(),
    loserRow: jsonb('loser_row').$type<Record<string, unknown>>().notNull(),
    survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
    survivorAfter: jsonb('survivor_after').$type<Record<string, unknown>>().notNull(),
    moved: jsonb('moved').$type<MovedLinks>().notNull(),
    mergedBy: text('merged_by').notNull(),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: text('undone_by'),
  },
  (t) => [
    index('dq_merges_ws_idx').on(t.workspaceId, t.mergedAt),
    index('dq_merges_loser_idx').on(t.workspaceId, t.loserId),
  ],
);
