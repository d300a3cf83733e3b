import { api, ApiError, type ApiErrorBody } from '../../lib/api';

export type ImportType = 'contacts' | 'companies' | 'deals' | 'orders';
export type Counts = { read: number; created: number; updated: number; unchanged: number; rejected: number };
export type ColumnMapping = { column: string; target: string; confidence: number; reason: string };
export type ImportRecord = {
  id: string;
  type: ImportType;
  status: 'draft' | 'queued' | 'running' | 'done' | 'failed' | 'reverted';
  fileName: string;
  fileSize: number;
  headers: string[];
  preset: string;
  mapping: ColumnMapping[];
  options: { dateOrder?: 'mdy' | 'dmy' | null };
  dryRun: 'yes' | 'no';
  rowsTotal: number | null;
  counts: Counts;
  summary: Record<string, number>;
  error: string | null;
  jobId: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  revertedAt: string | null;
  format: { encoding?: string; delimiter?: string; gzip?: boolean };
};
export type Problem = { row: number | null; column: string | null; value: string | null; reason: string };
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
  problems: Problem[];
  dateOrder: 'mdy' | 'dmy' | null;
  stages?: { values: StageValue[]; options: { id: string; name: string; kind: string }[] };
};
export type Rejection = { row: number; column: string | null; value: string | null; reason: string };
export type FieldInfo = { key: string; label: string; kind: string };
export type Catalog = {
  presets: { name: string; label: string; type: ImportType }[];
  fields: Record<ImportType, FieldInfo[]>;
};

/** Sends the file as the raw request body: the server streams it to disk, so large files never sit in memory. */
export async function uploadFile(
  file: File,
  type: ImportType,
  preset: string,
): Promise<{ import: ImportRecord; preview: Preview }> {
  const q = new URLSearchParams({ type, filename: file.name });
  if (preset) q.set('preset', preset);
  let res: Response;
  try {
    res = await fetch(`/api/v1/imports?${q}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'text/csv' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Pipewise server. Check that it is running.');
  }
  const json = (await res.json().catch(() => null)) as
    ({ import: ImportRecord; preview: Preview } & Partial<ApiErrorBody>) | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      json?.error?.code ?? 'bad_request',
      json?.error?.message ?? `Upload failed (${res.status})`,
      json?.error?.details,
    );
  return json!;
}

export const importsApi = {
  list: () => api.get<{ data: ImportRecord[] }>('/api/v1/imports'),
  catalog: () => api.get<Catalog>('/api/v1/imports/presets'),
  get: (id: string) => api.get<{ import: ImportRecord }>(`/api/v1/imports/${id}`),
  preview: (id: string) => api.get<{ import: ImportRecord; preview: Preview }>(`/api/v1/imports/${id}/preview`),
  update: (
    id: string,
    body: {
      preset?: string;
      mapping?: { column: string; target: string }[];
      dateOrder?: 'mdy' | 'dmy' | null;
      stageMap?: Record<string, string | null>;
    },
  ) => api.patch<{ import: ImportRecord; preview: Preview }>(`/api/v1/imports/${id}`, body),
  run: (id: string, dryRun: boolean) =>
    api.post<{ job: { id: string }; import: ImportRecord }>(`/api/v1/imports/${id}/run`, { dryRun }),
  rejections: (id: string) => api.get<{ data: Rejection[] }>(`/api/v1/imports/${id}/rejections`, { limit: 200 }),
  revert: (id: string) =>
    api.post<{
      deleted: number;
      restored: number;
      skipped: { entityType: string; entityId: string; reason: string }[];
    }>(`/api/v1/imports/${id}/revert`),
};
