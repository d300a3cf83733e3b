import { pgTable, uuid, text, timestamp, jsonb, integer, numeric, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';

export const companies = pgTable(
  'companies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    sizeBand: text('size_band'),
    employees: integer('employees'),
    annualRevenue: numeric('annual_revenue', { precision: 16, scale: 2, mode: 'number' }),
    country: text('country'),
    city: text('city'),
    phone: text('phone'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    externalId: text('external_id'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('companies_ws_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('companies_ws_name_idx').on(t.workspaceId, t.name, t.id),
    index('companies_ws_domain_idx').on(t.workspaceId, t.domain),
    uniqueIndex('companies_ws_external_key').on(t.workspaceId, t.externalId),
    index('companies_search_idx').using(
      'gin',
      sql`to_tsvector('simple', coalesce(${t.name}, '') || ' ' || coalesce(${t.domain}, ''))`,
    ),
  ],
);
