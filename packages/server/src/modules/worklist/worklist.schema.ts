import { pgTable, uuid, text, timestamp, integer, real, index, primaryKey } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';

/** Workspace-level worklist settings (one row per workspace; defaults apply when absent). */
export const worklistSettings = pgTable('worklist_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** New leads should be contacted within this many hours. */
  responseTargetHours: integer('response_target_hours').notNull().default(24),
  /** A deal is at risk when its time in stage exceeds this multiple of the usual (median) time in that stage. */
  stallMultiple: real('stall_multiple').notNull().default(2),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per-rep allocation settings: territory (a country code) and how many open items they can carry. */
export const worklistReps = pgTable(
  'worklist_reps',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    territory: text('territory'),
    capacity: integer('capacity').notNull().default(50),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** What a rep did with a worklist item: done, snoozed (until), or dismissed (with a reason). */
export const worklistOutcomes = pgTable(
  'worklist_outcomes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Stable item key, e.g. "lead:<contactId>", "deal_at_risk:<dealId>". */
    itemKey: text('item_key').notNull(),
    itemKind: text('item_kind').notNull(),
    outcome: text('outcome').$type<'done' | 'snoozed' | 'dismissed'>().notNull(),
    reason: text('reason'),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    /** Expected value of the item when acted on, to measure the worklist's worth later. */
    expectedValue: real('expected_value'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('worklist_outcomes_item_idx').on(t.workspaceId, t.itemKey, t.createdAt),
    index('worklist_outcomes_user_idx').on(t.workspaceId, t.userId, t.createdAt),
  ],
);
