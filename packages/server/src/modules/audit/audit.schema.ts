import { pgTable, uuid, text, timestamp, jsonb, bigserial, index } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

/** Append-only: a trigger in the migration rejects UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Hash chain (see audit-chain.ts): the workspace's previous entry's hash, and sha256(prevHash + this entry). */
    prevHash: text('prev_hash'),
    hash: text('hash'),
    /** sha256 of before/after, chained instead of the values so that an erasure can redact them (audit-chain.ts). */
    contentHash: text('content_hash'),
    /** Set by the trigger when an erasure redacted before/after. */
    redactedAt: timestamp('redacted_at', { withTimezone: true }),
  },
  (t) => [
    index('audit_log_ws_at_idx').on(t.workspaceId, t.at),
    index('audit_log_ws_entity_idx').on(t.workspaceId, t.entityType, t.entityId),
  ],
);
