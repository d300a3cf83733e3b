import { pgTable, uuid, text, timestamp, jsonb } from 'drizzle-orm/pg-core';

export type WorkspaceSettings = {
  /** When true, reps also see and edit records that have no owner. */
  repsSeeUnassigned: boolean;
  defaultCountry: string;
  currency: string;
  timezone: string;
};

export const defaultWorkspaceSettings: WorkspaceSettings = {
  repsSeeUnassigned: true,
  defaultCountry: 'US',
  currency: 'USD',
  timezone: 'UTC',
};

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<WorkspaceSettings>().notNull().default(defaultWorkspaceSettings),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
