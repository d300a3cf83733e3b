import {
  pgTable,
  uuid,
  text,
  timestamp,
  jsonb,
  integer,
  boolean,
  real,
  index,
  uniqueIndex,
  customType,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';
import { contacts } from '../contacts/contacts.schema';
import { users } from '../auth/auth.schema';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const kbEntryKinds = ['faq', 'section'] as const;
export type KbEntryKind = (typeof kbEntryKinds)[number];

/**
 * The knowledge base: FAQ entries (a question, its variants, the answer) and sections of the business's own pages
 * (heading + text, answered by retrieval). `source` says where an entry came from (manual, csv, json, markdown,
 * html:<file name>) so an import can be repeated without duplicating what it brought before.
 */
export const chatbotKbEntries = pgTable(
  'chatbot_kb_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<KbEntryKind>().notNull().default('faq'),
    question: text('question').notNull(),
    variants: jsonb('variants').$type<string[]>().notNull().default([]),
    answer: text('answer').notNull(),
    links: jsonb('links').$type<{ label: string; url: string }[]>().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    source: text('source').notNull().default('manual'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chatbot_kb_ws_idx').on(t.workspaceId, t.kind, t.question)],
);

/**
 * One row per workspace: the bot's greeting, business hours, thresholds, hand-off address and the optional LLM
 * endpoint (its key sealed with platform/secrets). `kbVersion` grows with every knowledge-base change: a process
 * whose cached engine is older rebuilds it (that is how several servers stay in step).
 */
export const chatbotSettings = pgTable('chatbot_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  greeting: text('greeting').notNull().default('Hi! Ask me anything about us, or ask for a person at any time.'),
  hours: jsonb('hours').$type<Record<string, unknown>>().notNull().default({}),
  /** Fixed confidence threshold (null: tuned on held-out questions at training). */
  threshold: real('threshold'),
  clarifyMargin: real('clarify_margin').notNull().default(0.1),
  handoffEmail: text('handoff_email'),
  llm: jsonb('llm').$type<Record<string, unknown>>().notNull().default({}),
  kbVersion: integer('kb_version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Sentence embeddings of knowledge-base texts by model: a restart rebuilds the engine without embedding again. */
export const chatbotEmbeddings = pgTable(
  'chatbot_embeddings',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    textHash: text('text_hash').notNull(),
    vector: bytea('vector').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('chatbot_embeddings_key').on(t.workspaceId, t.model, t.textHash)],
);

export const conversationStatuses = ['bot', 'waiting', 'human', 'closed'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export const chatbotConversations = pgTable(
  'chatbot_conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id').notNull(),
    pageUrl: text('page_url'),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    status: text('status').$type<ConversationStatus>().notNull().default('bot'),
    assignedTo: uuid('assigned_to').references(() => users.id, { onDelete: 'set null' }),
    /** The flow in progress (recommendation questions, an email asked for, a hand-off offered). */
    flow: jsonb('flow').$type<Record<string, unknown>>().notNull().default({}),
    lastSeq: integer('last_seq').notNull().default(0),
    /** The chat activity on the contact's timeline, once the contact is known. */
    activityId: uuid('activity_id'),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('chatbot_conversations_ws_idx').on(t.workspaceId, t.status, t.lastMessageAt),
    index('chatbot_conversations_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

export const messageSenders = ['visitor', 'bot', 'agent', 'system'] as const;
export type MessageSender = (typeof messageSenders)[number];

/**
 * Every message, numbered per conversation (`seq`), stored as plain text. `meta` keeps what the bot decided (kind,
 * confidence, intent, suggestions, products, action) for the unanswered-questions report.
 */
export const chatbotMessages = pgTable(
  'chatbot_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => chatbotConversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    sender: text('sender').$type<MessageSender>().notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    /** Visitor's thumbs up (true) or down (false) on a bot answer. */
    helpful: boolean('helpful'),
    /** A question handled in the unanswered report (added as a variant, or dismissed). */
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('chatbot_messages_seq_key').on(t.workspaceId, t.conversationId, t.seq),
    index('chatbot_messages_ws_created_idx').on(t.workspaceId, t.createdAt),
  ],
);
