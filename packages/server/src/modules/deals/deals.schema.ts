import {
  pgTable,
  uuid,
  text,
  timestamp,
  jsonb,
  integer,
  real,
  numeric,
  date,
  pgEnum,
  index,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from '../workspaces/workspaces.schema';
import { users } from '../auth/auth.schema';
import { companies } from '../companies/companies.schema';
import { contacts } from '../contacts/contacts.schema';

export const stageKinds = ['open', 'won', 'lost'] as const;
export const stageKindEnum = pgEnum('stage_kind', stageKinds);
export const dealStatuses = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof dealStatuses)[number];
export const dealStatusEnum = pgEnum('deal_status', dealStatuses);

export const pipelines = pgTable(
  'pipelines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Archived pipelines keep their history but leave the board and the pickers; their deals were moved out. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('pipelines_ws_idx').on(t.workspaceId, t.position)],
);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** Default win probability of a deal in this stage, 0..1. */
    probability: real('probability').notNull(),
    kind: stageKindEnum('kind').notNull().default('open'),
    /** Archived stages stay for the stage history of the deals that passed through them; no deal sits in one. */
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('pipeline_stages_pipeline_idx').on(t.workspaceId, t.pipelineId, t.position)],
);

export const deals = pgTable(
  'deals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    pipelineId: uuid('pipeline_id')
      .notNull()
      .references(() => pipelines.id, { onDelete: 'restrict' }),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => pipelineStages.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }),
    currency: text('currency').notNull().default('USD'),
    expectedCloseDate: date('expected_close_date'),
    status: dealStatusEnum('status').notNull().default('open'),
    lostReason: text('lost_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true }).notNull().defaultNow(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source'),
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
    index('deals_ws_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('deals_ws_stage_idx').on(t.workspaceId, t.stageId),
    index('deals_ws_contact_idx').on(t.workspaceId, t.contactId),
    index('deals_ws_company_idx').on(t.workspaceId, t.companyId),
    index('deals_ws_owner_idx').on(t.workspaceId, t.ownerId),
    uniqueIndex('deals_ws_external_key').on(t.workspaceId, t.externalId),
  ],
);

export const dealStageHistory = pgTable(
  'deal_stage_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    dealId: uuid('deal_id')
      .notNull()
      .references(() => deals.id, { onDelete: 'cascade' }),
    fromStageId: uuid('from_stage_id').references(() => pipelineStages.id, { onDelete: 'set null' }),
    toStageId: uuid('to_stage_id')
      .notNull()
      .references(() => pipelineStages.id, { onDelete: 'cascade' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid('changed_by'),
  },
  (t) => [index('deal_stage_history_deal_idx').on(t.workspaceId, t.dealId, t.changedAt)],
);
