import { pgTable, uuid, text, timestamp, jsonb, integer, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

/** Per-workspace privacy settings: the salt of the blocklist hashes and what the public notice says. */
export const privacySettings = pgTable('privacy_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** Key of the HMAC-SHA256 that hashes blocked emails and phones: a leaked blocklist names nobody. */
  hashSalt: text('hash_salt').notNull(),
  /** Controller name, contact address, and the wording shown per purpose (see privacy.service noticeSettings). */
  notice: jsonb('notice').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Erased people: hashed email or phone, so an import, form or chat does not bring them back. */
export const privacySuppressions = pgTable(
  'privacy_suppressions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'email' | 'phone'>().notNull(),
    hash: text('hash').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('privacy_suppressions_key').on(t.workspaceId, t.kind, t.hash)],
);

/** Retention rules per workspace, applied nightly (and on demand, with a dry run first). */
export const privacyRetentionPolicies = pgTable(
  'privacy_retention_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'inactive_contacts'>().notNull(),
    months: integer('months').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastRunCount: integer('last_run_count'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('privacy_retention_kind_key').on(t.workspaceId, t.kind),
    index('privacy_retention_enabled_idx').on(t.enabled),
  ],
);
