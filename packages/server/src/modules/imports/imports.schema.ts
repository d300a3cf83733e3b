import {
  pgTable,
  uuid,
  text,
  timestamp,
  jsonb,
  integer,
  bigint,
  index,
  uniqueIndex,
  bigserial,
  customType,
  primaryKey,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

export const importStatuses = ['draft', 'queued', 'running', 'done', 'failed', 'reverted'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export type ImportCounts = { read: number; created: number; updated: number; unchanged: number; rejected: number };

/**
 * One import of one file. `cursor` is the last row number whose outcome is committed: it advances in the same
 * transaction as the batch's writes, its records and its rejections, so a crash resumes after it and applies no row twice.
 */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('draft'),
    fileName: text('file_name').notNull(),
    filePath: text('file_path').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    format: jsonb('format').$type<Record<string, unknown>>().notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    preset: text('preset').notNull(),
    mapping: jsonb('mapping')
      .$type<{ column: string; target: string; confidence: number; reason: string }[]>()
      .notNull(),
    options: jsonb('options')
      .$type<{ dateOrder?: 'mdy' | 'dmy' | null; defaultCountry?: string; stageMap?: Record<string, string | null> }>()
      .notNull()
      .default({}),
    dryRun: text('dry_run').$type<'yes' | 'no'>().notNull().default('no'),
    rowsTotal: integer('rows_total'),
    cursor: integer('cursor').notNull().default(1),
    counts: jsonb('counts')
      .$type<ImportCounts>()
      .notNull()
      .default({ read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 }),
    summary: jsonb('summary').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
    jobId: uuid('job_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    revertedAt: timestamp('reverted_at', { withTimezone: true }),
  },
  (t) => [index('imports_ws_created_idx').on(t.workspaceId, t.createdAt)],
);

/** Every record an import created or updated (with its state before), so the import can be reverted. */
export const importRecords = pgTable(
  'import_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').$type<'created' | 'updated'>().notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    /** The record's updated_at as this import left it: a different value at revert time means someone changed it since. */
    afterUpdatedAt: timestamp('after_updated_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('import_records_entity_key').on(t.importId, t.entityType, t.entityId)],
);

/** Rows that were not applied, with where and why, to download, fix and import again. */
export const importRejections = pgTable(
  'import_rejections',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    column: text('column'),
    value: text('value'),
    reason: text('reason').notNull(),
    cells: jsonb('cells').$type<string[]>().notNull(),
  },
  (t) => [index('import_rejections_import_idx').on(t.importId, t.row)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/**
 * Uploads stored in the database (PIPEWISE_UPLOADS=database, the default on PostgreSQL), 1 MB a row, so any server or
 * worker can read a file another one received. Written before its imports row exists, hence no key to imports;
 * deleted with the import (or with a failed upload).
 */
export const importUploadChunks = pgTable(
  'import_upload_chunks',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    uploadId: uuid('upload_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.uploadId, t.seq] })],
);
