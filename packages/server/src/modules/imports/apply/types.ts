import type { Tx } from '../../../platform/db';
import type { Actor } from '../../../platform/http';
import type { AuditService } from '../../audit/audit.service';
import type { Problem, RowValues } from '../transform';
import type { StageMap } from './stages';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'rejected';
export type InputRow = { row: number; cells: string[]; values: RowValues };
export type RecordEntry = {
  entityType: string;
  entityId: string;
  action: 'created' | 'updated';
  before?: Record<string, unknown> | null;
};
export type Rejection = { row: number; problem: Problem; cells: string[] };

export type BatchResult = {
  outcomes: Record<Exclude<Outcome, 'rejected'>, number>;
  rejections: Rejection[];
  records: RecordEntry[];
  summary: Record<string, number>;
};

export type ApplyContext = {
  tx: Tx;
  actor: Actor;
  audit: AuditService;
  workspaceId: string;
  importId: string;
  now: Date;
  currency: string;
  dryRun: boolean;
  /** Deals: the user's choice per stage value of the file (a stage id or "create"), keyed by the lower-cased value. */
  stageMap: StageMap;
  /** The file column a record field came from, for messages that name the column. */
  columnFor: (field: string) => string;
  /** Erased people on the privacy blocklist: their rows are rejected, not re-created. */
  isSuppressed?: (who: { email?: string | null; phone?: string | null }) => boolean;
};

export const emptyResult = (): BatchResult => ({
  outcomes: { created: 0, updated: 0, unchanged: 0 },
  rejections: [],
  records: [],
  summary: {},
});
export const bump = (s: Record<string, number>, k: string, n = 1) => {
  s[k] = (s[k] ?? 0) + n;
};
