import { pgTable, uuid, text, timestamp, jsonb, boolean, primaryKey, index } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';
import { contacts } from '../contacts/contacts.schema';

export type SiteColors = { primary: string; background: string; text: string };
export const formFieldKinds = ['name', 'email', 'phone', 'company', 'message', 'custom'] as const;
export type FormFieldKind = (typeof formFieldKinds)[number];
export type FormField = { kind: FormFieldKind; key: string; label: string; required: boolean };
export type FormConsent = { purpose: string; wording: string; required: boolean };

/**
 * One public site per workspace. The site key is public (it is in the script tag) and starts with the workspace id,
 * so a request is resolved by primary key and a forged key matches nothing.
 */
export const websiteSites = pgTable('website_sites', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  siteKey: text('site_key').notNull(),
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
  colors: jsonb('colors').$type<SiteColors>().notNull(),
  greeting: text('greeting').notNull(),
  privacyNoticeUrl: text('privacy_notice_url'),
  trackingEnabled: boolean('tracking_enabled').notNull().default(false),
  chatEnabled: boolean('chat_enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A lead form built in the web app, embedded by the widget script or shown on the hosted page /f/{formId}. */
export const websiteForms = pgTable(
  'website_forms',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    title: text('title').notNull(),
    fields: jsonb('fields').$type<FormField[]>().notNull(),
    consents: jsonb('consents').$type<FormConsent[]>().notNull().default([]),
    submitLabel: text('submit_label').notNull(),
    thankYou: text('thank_you').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * A browser the widget has seen (a random id it keeps in localStorage): its tracking consent with the words shown,
 * and the contact it turned out to be once the visitor identified themselves (lead capture or a form).
 */
export const websiteVisitors = pgTable(
  'website_visitors',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id').notNull(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    trackingConsent: text('tracking_consent').$type<'granted' | 'denied' | 'unknown'>().notNull().default('unknown'),
    trackingWording: text('tracking_wording'),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.visitorId] }),
    index('website_visitors_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

/** Page views of a consenting visitor not yet identified; moved to web_visit activities when they identify. */
export const websitePageViews = pgTable(
  'website_page_views',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    visitorId: text('visitor_id').notNull(),
    url: text('url').notNull(),
    title: text('title'),
    referrer: text('referrer'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('website_page_views_visitor_idx').on(t.workspaceId, t.visitorId),
  ],
);
