import { pgTable, uuid, text, timestamp, boolean, integer, pgEnum, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';

export const customFieldEntities = ['contact', 'company', 'deal'] as const;
export type CustomFieldEntity = (typeof customFieldEntities)[number];
export const customFieldTypes = ['text', 'number', 'date', 'boolean', 'select'] as const;
export const customFieldEntityEnum = pgEnum('custom_field_entity', customFieldEntities);
export const customFieldTypeEnum = pgEnum('custom_field_type', customFieldTypes);

/** Definitions of the custom fields a workspace keeps on contacts, companies and deals (values live in the record's jsonb). */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: uuid('id').notNull().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    entity: customFieldEntityEnum('entity').notNull(),
    /** The key in the record's customFields object. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: customFieldTypeEnum('type').notNull(),
    options: text('options')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Keyed by (workspace_id, id) so the table can be distributed by workspace (decision 0130).
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('custom_field_definitions_ws_key').on(t.workspaceId, t.entity, t.key),
  ],
);
