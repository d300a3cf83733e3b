import { pgTable, uuid, text, timestamp, numeric, pgEnum, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';
import { companies } from '../companies/companies.schema';
import { contacts } from '../contacts/contacts.schema';
import { products } from '../products/products.schema';

export const orderStatuses = ['pending', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;
export const orderStatusEnum = pgEnum('order_status', orderStatuses);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    number: text('number'),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    status: orderStatusEnum('status').notNull().default('paid'),
    currency: text('currency').notNull().default('USD'),
    total: numeric('total', { precision: 16, scale: 2, mode: 'number' }).notNull().default(0),
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('orders_ws_ordered_idx').on(t.workspaceId, t.orderedAt, t.id),
    index('orders_ws_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('orders_ws_contact_idx').on(t.workspaceId, t.contactId, t.orderedAt),
    uniqueIndex('orders_ws_external_key').on(t.workspaceId, t.externalId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    description: text('description'),
    quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
    unitPrice: numeric('unit_price', { precision: 14, scale: 4, mode: 'number' }).notNull(),
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [
    index('order_lines_order_idx').on(t.workspaceId, t.orderId),
    index('order_lines_product_idx').on(t.workspaceId, t.productId),
  ],
);
