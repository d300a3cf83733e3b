import { pgTable, uuid, text, timestamp, integer, real, boolean, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';
import { contacts } from '../contacts/contacts.schema';
import { users } from '../auth/auth.schema';

/** One computation of RFM segments and clusters: the summary the Segments page draws, kept per run. */
export const segmentRuns = pgTable(
  'segment_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    customers: integer('customers').notNull(),
    /** Segments, RFM grid, k sweep, cluster profiles (with their editable names), evaluation and warnings. */
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    /** What the user asked for: extra cluster features and the k range. */
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('segment_runs_ws_idx').on(t.workspaceId, t.createdAt)],
);

/** Each customer's RFM figures from the latest run (replaced per run; history lives in segment_memberships). */
export const customerRfm = pgTable(
  'customer_rfm',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    runId: uuid('run_id')
      .notNull()
      .references(() => segmentRuns.id, { onDelete: 'cascade' }),
    recencyDays: integer('recency_days').notNull(),
    frequency: integer('frequency').notNull(),
    monetary: real('monetary').notNull(),
    returns: real('returns').notNull().default(0),
    r: integer('r').notNull(),
    f: integer('f').notNull(),
    m: integer('m').notNull(),
    segment: text('segment').notNull(),
    cluster: integer('cluster').notNull(),
    clv: real('clv').notNull(),
    churnRisk: boolean('churn_risk').notNull(),
    gapRatio: real('gap_ratio').notNull(),
    usualGapDays: real('usual_gap_days').notNull(),
    lastOrderAt: timestamp('last_order_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('customer_rfm_key').on(t.workspaceId, t.contactId),
    index('customer_rfm_segment_idx').on(t.workspaceId, t.segment),
  ],
);

/**
 * Who was in which segment when: a row opens when a contact enters a segment and closes (leftAt) when they leave.
 * kind 'rfm' keys by segment name, 'rule' by rule segment id. "Moved from Champions to At risk" is a join of a
 * closed row and an opened row of the same contact at the same instant.
 */
export const segmentMemberships = pgTable(
  'segment_memberships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'rfm' | 'rule'>().notNull(),
    segmentKey: text('segment_key').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [
    index('segment_memberships_open_idx').on(t.workspaceId, t.kind, t.segmentKey, t.leftAt),
    index('segment_memberships_contact_idx').on(t.workspaceId, t.contactId, t.enteredAt),
  ],
);

/** A saved filter over contacts (fields, activity recency, RFM values), recomputed on schedule and on demand. */
export const ruleSegments = pgTable(
  'rule_segments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    rules: jsonb('rules').$type<{ field: string; op: string; value: string }[]>().notNull(),
    memberCount: integer('member_count').notNull().default(0),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    /** Why the last recomputation failed (e.g. a field that no longer exists); null when it worked. */
    lastError: text('last_error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rule_segments_ws_idx').on(t.workspaceId, t.name)],
);
