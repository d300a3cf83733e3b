import { pgTable, uuid, text, timestamp, jsonb, pgEnum, index } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';
import { companies } from '../companies/companies.schema';
import { contacts } from '../contacts/contacts.schema';
import { deals } from '../deals/deals.schema';

export const activityTypes = [
  'email_sent',
  'email_opened',
  'email_clicked',
  'email_replied',
  'call',
  'meeting',
  'note',
  'task',
  'web_visit',
  'form_fill',
  'chat',
] as const;
export type ActivityType = (typeof activityTypes)[number];
export const activityTypeEnum = pgEnum('activity_type', activityTypes);

export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: activityTypeEnum('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    dealId: uuid('deal_id').references(() => deals.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    subject: text('subject'),
    body: text('body'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('activities_ws_occurred_idx').on(t.workspaceId, t.occurredAt, t.id),
    index('activities_ws_contact_idx').on(t.workspaceId, t.contactId, t.occurredAt),
    index('activities_ws_deal_idx').on(t.workspaceId, t.dealId),
    index('activities_ws_company_idx').on(t.workspaceId, t.companyId),
  ],
);
