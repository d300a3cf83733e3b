import {
  pgTable,
  uuid,
  text,
  timestamp,
  jsonb,
  integer,
  boolean,
  index,
  uniqueIndex,
  primaryKey,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';
import { contacts } from '../contacts/contacts.schema';

export const smtpSecurities = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof smtpSecurities)[number];
export const mailKinds = ['marketing', 'transactional'] as const;
export type MailKind = (typeof mailKinds)[number];
export const outboxStates = ['queued', 'sending', 'sent', 'failed', 'unknown', 'cancelled'] as const;
export type OutboxState = (typeof outboxStates)[number];
export const suppressionReasons = ['unsubscribed', 'hard_bounce', 'manual'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];
export const inboundKinds = ['reply', 'auto_reply', 'bounce'] as const;
export type InboundKind = (typeof inboundKinds)[number];

/** An account Pipewise sends (SMTP) and optionally reads (IMAP) mail through. Passwords are AES-256-GCM ciphertext. */
export const mailMailboxes = pgTable(
  'mail_mailboxes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** The user this mailbox belongs to; null for a shared workspace mailbox. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    fromName: text('from_name').notNull(),
    fromAddress: text('from_address').notNull(),
    smtpHost: text('smtp_host').notNull(),
    smtpPort: integer('smtp_port').notNull(),
    smtpSecurity: text('smtp_security').$type<SmtpSecurity>().notNull(),
    smtpUser: text('smtp_user'),
    smtpPasswordEnc: text('smtp_password_enc'),
    imapHost: text('imap_host'),
    imapPort: integer('imap_port'),
    imapTls: boolean('imap_tls').notNull().default(true),
    imapUser: text('imap_user'),
    imapPasswordEnc: text('imap_password_enc'),
    /** Where the IMAP poll got to: the next UID to read, valid while the folder's UIDVALIDITY is unchanged. */
    imapNextUid: integer('imap_next_uid'),
    imapUidValidity: text('imap_uid_validity'),
    imapLastPolledAt: timestamp('imap_last_polled_at', { withTimezone: true }),
    imapLastError: text('imap_last_error'),
    /** Rolling 24 h cap and per-minute rate: checked under a lock on this row when messages are claimed. */
    dailyCap: integer('daily_cap').notNull().default(300),
    perMinute: integer('per_minute').notNull().default(20),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mail_mailboxes_ws_idx').on(t.workspaceId)],
);

/** Workspace mail settings: the postal address every marketing email carries, and when marketing needs opt-in. */
export const mailSettings = pgTable('mail_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  postalAddress: text('postal_address').notNull().default(''),
  /** 'eu': opt-in required for contacts in the EU/EEA (and when the country is unknown); 'always'; 'never'. */
  marketingOptIn: text('marketing_opt_in').$type<'eu' | 'always' | 'never'>().notNull().default('eu'),
  /** The open pixel: off by default (it tells us when someone reads an email; many people would rather it did not). */
  trackOpens: boolean('track_opens').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const mailTemplates = pgTable(
  'mail_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').$type<MailKind>().notNull(),
    subject: text('subject').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mail_templates_ws_idx').on(t.workspaceId, t.name)],
);

/**
 * One row per message to send. `dedupeKey` is unique per workspace: a compose's client idempotency key
 * ("compose:<key>"), or a sequence's "seq:<enrolment>:<step>:<variant>", so a retried request or a re-run step
 * cannot queue a second copy. The Message-ID is fixed here, before any SMTP conversation.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    mailboxId: uuid('mailbox_id')
      .notNull()
      .references(() => mailMailboxes.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').$type<MailKind>().notNull(),
    /** Who queued it: 'compose', 'test' or 'sequence'; `sourceRef` holds the caller's ids (enrolment, step, variant). */
    source: text('source').notNull(),
    sourceRef: jsonb('source_ref').$type<Record<string, unknown>>().notNull().default({}),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    messageId: text('message_id').notNull(),
    inReplyTo: text('in_reply_to'),
    references: text('references')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The Message-ID of the first message of the conversation: replies and follow-ups share it. */
    threadId: text('thread_id').notNull(),
    templateId: uuid('template_id').references(() => mailTemplates.id, { onDelete: 'set null' }),
    state: text('state').$type<OutboxState>().notNull().default('queued'),
    sendAfter: timestamp('send_after', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    smtpResponse: text('smtp_response'),
    /** Hard bounce recorded from a DSN after sending. */
    bouncedAt: timestamp('bounced_at', { withTimezone: true }),
    activityId: uuid('activity_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_key').on(t.workspaceId, t.dedupeKey),
    uniqueIndex('mail_outbox_message_id_key').on(t.messageId),
    index('mail_outbox_due_idx').on(t.state, t.mailboxId, t.sendAfter),
    index('mail_outbox_ws_state_idx').on(t.workspaceId, t.state, t.createdAt),
    index('mail_outbox_ws_contact_idx').on(t.workspaceId, t.contactId),
    index('mail_outbox_mailbox_sent_idx').on(t.mailboxId, t.claimedAt),
  ],
);

/** Addresses never to mail again (per workspace), with why: unsubscribe, hard bounce, or by hand. */
export const mailSuppressions = pgTable(
  'mail_suppressions',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Lower-cased address. */
    address: text('address').notNull(),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    detail: text('detail'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.address] })],
);

/** Mail read from a mailbox's IMAP folder that matched something we sent: a reply, an auto-reply or a bounce. */
export const mailInbound = pgTable(
  'mail_inbound',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    mailboxId: uuid('mailbox_id')
      .notNull()
      .references(() => mailMailboxes.id, { onDelete: 'cascade' }),
    outboxId: uuid('outbox_id').references(() => mailOutbox.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    messageId: text('message_id').notNull(),
    kind: text('kind').$type<InboundKind>().notNull(),
    fromAddress: text('from_address'),
    subject: text('subject'),
    threadId: text('thread_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    activityId: uuid('activity_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mail_inbound_message_key').on(t.workspaceId, t.mailboxId, t.messageId),
    index('mail_inbound_outbox_idx').on(t.outboxId),
  ],
);

export const mailEventKinds = ['open', 'click'] as const;
export type MailEventKind = (typeof mailEventKinds)[number];

/** Opens (the pixel, when the workspace turned it on) and clicks (signed redirects) on a message we sent. */
export const mailEvents = pgTable(
  'mail_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    outboxId: uuid('outbox_id')
      .notNull()
      .references(() => mailOutbox.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<MailEventKind>().notNull(),
    /** The link's target, for clicks. */
    url: text('url'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mail_events_ws_outbox_idx').on(t.workspaceId, t.outboxId, t.at)],
);
