import { pgTable, uuid, text, timestamp, jsonb, integer, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';
import { contacts } from '../contacts/contacts.schema';
import { mailMailboxes, mailOutbox } from '../mail/mail.schema';

export const sequenceStatuses = ['draft', 'active', 'paused', 'archived'] as const;
export type SequenceStatus = (typeof sequenceStatuses)[number];
export const approvalModes = ['every', 'first', 'none'] as const;
export type ApprovalMode = (typeof approvalModes)[number];
export const stepKinds = ['email', 'manual_email', 'task', 'wait', 'branch'] as const;
export type StepKind = (typeof stepKinds)[number];
export const enrolmentStatuses = ['active', 'paused', 'completed', 'exited'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];
export const itemStates = ['pending_approval', 'queued', 'sent', 'rejected', 'cancelled', 'done'] as const;
export type ItemState = (typeof itemStates)[number];

/** A nurture sequence: ordered steps, an approval mode, a sending mailbox and its settings (window, triggers…). */
export const sequences = pgTable(
  'sequences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    status: text('status').$type<SequenceStatus>().notNull().default('draft'),
    approvalMode: text('approval_mode').$type<ApprovalMode>().notNull().default('every'),
    mailboxId: uuid('mailbox_id').references(() => mailMailboxes.id, { onDelete: 'set null' }),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sequences_ws_idx').on(t.workspaceId, t.createdAt)],
);

/** One step of a sequence; `config` holds the kind's settings (variants, task, wait, branch) as in the API. */
export const sequenceSteps = pgTable(
  'sequence_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sequenceId: uuid('sequence_id')
      .notNull()
      .references(() => sequences.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').$type<StepKind>().notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    /** Steps removed from the sequence stay for the history of their items and analytics. */
    removed: boolean('removed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sequence_steps_seq_idx').on(t.workspaceId, t.sequenceId, t.position)],
);

/** A contact going through a sequence. At most one active or paused enrolment per contact and sequence. */
export const sequenceEnrolments = pgTable(
  'sequence_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sequenceId: uuid('sequence_id')
      .notNull()
      .references(() => sequences.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    status: text('status').$type<EnrolmentStatus>().notNull().default('active'),
    /** Index into the sequence's steps (by position) of the step to run next. */
    currentStep: integer('current_step').notNull().default(0),
    nextAt: timestamp('next_at', { withTimezone: true }),
    exitReason: text('exit_reason'),
    /** Sends at the default time (send-time optimisation holdout), so analytics can measure the lift. */
    holdout: boolean('holdout').notNull().default(false),
    /** Best local hour of the week (0 = Monday 00h) predicted at enrolment; null in the holdout. */
    preferredHour: integer('preferred_hour'),
    timeZone: text('time_zone'),
    source: text('source').notNull().default('manual'),
    /** The last message of the thread (Message-ID, References, thread id) for follow-ups in the same thread. */
    thread: jsonb('thread').$type<{
      messageId: string;
      references: string[];
      threadId: string;
      subject: string;
    } | null>(),
    lastReplyAt: timestamp('last_reply_at', { withTimezone: true }),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sequence_enrolments_one_active')
      .on(t.workspaceId, t.sequenceId, t.contactId)
      .where(sql`status in ('active', 'paused')`),
    index('sequence_enrolments_due_idx').on(t.status, t.nextAt),
    index('sequence_enrolments_ws_contact_idx').on(t.workspaceId, t.contactId),
    index('sequence_enrolments_ws_seq_idx').on(t.workspaceId, t.sequenceId, t.status),
  ],
);

/**
 * What a step did for one enrolment: an email waiting for approval or queued/sent through the outbox, a task
 * created, a branch taken. One row per (enrolment, step); engagement times are filled in by mail events.
 */
export const sequenceItems = pgTable(
  'sequence_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sequenceId: uuid('sequence_id')
      .notNull()
      .references(() => sequences.id, { onDelete: 'cascade' }),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => sequenceEnrolments.id, { onDelete: 'cascade' }),
    stepId: uuid('step_id')
      .notNull()
      .references(() => sequenceSteps.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<StepKind>().notNull(),
    variantKey: text('variant_key'),
    state: text('state').$type<ItemState>().notNull(),
    /** Why it waits for a person: 'approval_mode', 'missing_merge_value' or 'manual_step'. */
    approvalReason: text('approval_reason'),
    missingFields: text('missing_fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    toAddress: text('to_address'),
    subject: text('subject'),
    bodyText: text('body_text'),
    bodyHtml: text('body_html'),
    scheduledFor: timestamp('scheduled_for', { withTimezone: true }),
    outboxId: uuid('outbox_id').references(() => mailOutbox.id, { onDelete: 'set null' }),
    activityId: uuid('activity_id'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    rejectReason: text('reject_reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    clickedAt: timestamp('clicked_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    bouncedAt: timestamp('bounced_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sequence_items_enrolment_step_key').on(t.workspaceId, t.enrolmentId, t.stepId),
    index('sequence_items_ws_state_idx').on(t.workspaceId, t.state),
    index('sequence_items_outbox_idx').on(t.outboxId),
    index('sequence_items_ws_seq_idx').on(t.workspaceId, t.sequenceId, t.stepId),
    index('sequence_items_ws_contact_idx').on(t.workspaceId, t.contactId, t.sentAt),
  ],
);

/** Workspace-wide sequence settings: time zone, holidays, caps, quiet days and the approval default for new sequences. */
export const sequenceSettings = pgTable('sequence_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull().default('UTC'),
  holidays: text('holidays')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  capPerDaysMax: integer('cap_per_days_max').notNull().default(1),
  capPerDaysDays: integer('cap_per_days_days').notNull().default(3),
  capPerWeek: integer('cap_per_week').notNull().default(3),
  quietDaysAfterReply: integer('quiet_days_after_reply').notNull().default(3),
  /** A new workspace approves every email until the owner switches this. */
  approvalDefault: text('approval_default').$type<ApprovalMode>().notNull().default('every'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
