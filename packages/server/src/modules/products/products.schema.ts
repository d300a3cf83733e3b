import { pgTable, uuid, text, timestamp, boolean, numeric, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sku: text('sku'),
    name: text('name').notNull(),
    category: text('category'),
    price: numeric('price', { precision: 14, scale: 2, mode: 'number' }),
    currency: text('currency').notNull().default('USD'),
    active: boolean('active').notNull().default(true),
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('products_ws_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    uniqueIndex('products_ws_sku_key').on(t.workspaceId, t.sku),
    uniqueIndex('products_ws_external_key').on(t.workspaceId, t.externalId),
    index('products_search_idx').using(
      'gin',
      sql`to_tsvector('simple', coalesce(${t.name}, '') || ' ' || coalesce(${t.sku}, ''))`,
    ),
  ],
);
