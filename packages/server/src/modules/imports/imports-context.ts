// The shared ground of the imports service's parts (imports.service.ts composes them).
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { type AuditService } from '../audit/audit.service';
import { imports } from './imports.schema';
import { type ImportType } from './mapping/fields';
import { FileShapeError, UploadReadError } from './parse/read';
import { BinaryFileError } from './parse/sniff';
import { type DateOrder } from './normalise/date';
import { type Problem } from './transform';
import type { UploadStore } from './storage';

export const PREVIEW_ROWS = 20;
export const CHECK_ROWS = 500;
export const BATCH_ROWS: Record<ImportType, number> = { contacts: 2000, companies: 2000, deals: 1000, orders: 10_000 };

export type ImportRow = typeof imports.$inferSelect;
/** Deals: every distinct stage value of the file, how many rows have it, and what it becomes. */
export type StageValue = {
  value: string;
  rows: number;
  stageId: string | null;
  stageName: string | null;
  create: boolean;
  confidence: number;
  reason: string;
};
export type Preview = {
  headers: string[];
  rows: { row: number; cells: string[] }[];
  problems: (Problem & { row: number | null })[];
  dateOrder: DateOrder | null;
  stages?: { values: StageValue[]; options: { id: string; name: string; kind: string }[] };
};

export class DryRunRollback extends Error {}

/** Wraps file problems into our error shape, naming the row and column when known. */
export function fileError(e: unknown): never {
  if (e instanceof FileShapeError)
    throw new AppError('validation', e.message, { field: 'file', row: e.row, column: e.column });
  if (e instanceof BinaryFileError || e instanceof UploadReadError)
    throw new AppError('validation', e.message, { field: 'file' });
  throw e;
}

/** The privacy module's blocklist for a workspace, loaded once per run: is this person erased (and not back)? */
export type SuppressionMatcherOf = (
  tx: Db,
  workspaceId: string,
) => Promise<(who: { email?: string | null; phone?: string | null }) => boolean>;

/** What the parts of the imports service share: its dependencies and the few lookups every part needs. */
export type ImportsContext = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  uploads: UploadStore;
  suppressionMatcher?: SuppressionMatcherOf;
  load(actor: Actor, id: string): Promise<ImportRow>;
  settingsOf(workspaceId: string): Promise<{ defaultCountry: string; currency: string }>;
  sourceOf(imp: ImportRow): ReturnType<UploadStore['source']>;
};
