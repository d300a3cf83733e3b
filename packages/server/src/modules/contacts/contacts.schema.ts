import { pgTable, uuid, text, timestamp, jsonb, boolean, pgEnum, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';
import { companies } from '../companies/companies.schema';

export const lifecycleStages = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'churned'] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];
export const lifecycleStageEnum = pgEnum('lifecycle_stage', lifecycleStages);

export const consentStates = ['granted', 'denied', 'unknown'] as const;
export type ConsentState = (typeof consentStates)[number];
export const consentStateEnum = pgEnum('consent_state', consentStates);

export const consentPurposes = ['marketing_email', 'profiling', 'website_tracking', 'chat_transcripts'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const consentPurposeEnum = pgEnum('consent_purpose', consentPurposes);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email'),
    phone: text('phone'),
    title: text('title'),
    lifecycleStage: lifecycleStageEnum('lifecycle_stage').notNull().default('lead'),
    source: text('source'),
    country: text('country'),
    city: text('city'),
    consentMarketingEmail: consentStateEnum('consent_marketing_email').notNull().default('unknown'),
    consentProfiling: consentStateEnum('consent_profiling').notNull().default('unknown'),
    consentWebsiteTracking: consentStateEnum('consent_website_tracking').notNull().default('unknown'),
    consentChatTranscripts: consentStateEnum('consent_chat_transcripts').notNull().default('unknown'),
    doNotContact: boolean('do_not_contact').notNull().default(false),
    becameCustomerAt: timestamp('became_customer_at', { withTimezone: true }),
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
    index('contacts_ws_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('contacts_ws_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('contacts_ws_last_name_idx').on(t.workspaceId, t.lastName, t.id),
    index('contacts_ws_stage_idx').on(t.workspaceId, t.lifecycleStage, t.updatedAt, t.id),
    index('contacts_ws_owner_idx').on(t.workspaceId, t.ownerId),
    index('contacts_ws_email_idx').on(t.workspaceId, t.email),
    index('contacts_ws_company_idx').on(t.workspaceId, t.companyId),
    uniqueIndex('contacts_ws_external_key').on(t.workspaceId, t.externalId),
    index('contacts_search_idx').using(
      'gin',
      sql`to_tsvector('simple', coalesce(${t.firstName}, '') || ' ' || coalesce(${t.lastName}, '') || ' ' || coalesce(${t.email}, ''))`,
    ),
  ],
);

/** Every change of consent, kept so that what a contact agreed to, and when, can be shown (and moves on merge). */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    purpose: consentPurposeEnum('purpose').notNull(),
    state: consentStateEnum('state').notNull(),
    source: text('source').notNull(),
    /** The words the person saw when they chose (a preference centre or form), null when staff or an import set it. */
    wording: text('wording'),
    /** consent, legitimate_interest, contract or legal_obligation (GDPR art. 6). */
    legalBasis: text('legal_basis'),
    /** Why staff changed it (required from staff in the privacy module). */
    reason: text('reason'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('consent_events_contact_idx').on(t.workspaceId, t.contactId, t.occurredAt)],
);
