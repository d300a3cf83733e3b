/** Typed client for the Pipewise HTTP API (docs/api.md). All paths are relative so the app works behind any host. */

export type ApiIssue = { path?: (string | number)[] | string; message: string; code?: string };
export type ApiErrorBody = {
  error: { code: string; message: string; details?: { field?: string; issues?: ApiIssue[] } & Record<string, unknown> };
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ApiErrorBody['error']['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level messages keyed by the first path segment, from `details.issues` (or `details.field`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.details?.issues ?? []) {
      // The server sends the path as a dotted string ("stages.0"); zod's own shape is an array.
      const key = typeof issue.path === 'string' ? issue.path.split('.')[0] : issue.path?.[0];
      if (key !== undefined && key !== '' && out[String(key)] === undefined) out[String(key)] = issue.message;
    }
    if (this.details?.field && out[this.details.field] === undefined) out[this.details.field] = this.message;
    return out;
  }

  get isUnauthorized() {
    return this.status === 401;
  }
  get isForbidden() {
    return this.status === 403;
  }
  get isNotFound() {
    return this.status === 404;
  }
}

type Listener = (err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();
/** Called when any authenticated request comes back 401 (session expired): the app returns to the login page. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function toQueryString(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: { query?: Query; signal?: AbortSignal; quiet401?: boolean } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path + toQueryString(opts.query), {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Cannot reach the Pipewise server. Check that it is running.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) throw toApiError(res, json, opts.quiet401);
  return json as T;
}

/** The ApiError for a failed response (its JSON body already parsed); tells the 401 listeners unless `quiet401`. */
export function toApiError(res: Response, json: unknown, quiet401 = false): ApiError {
  const err = (json as ApiErrorBody | undefined)?.error;
  const apiErr = new ApiError(
    res.status,
    err?.code ?? codeForStatus(res.status),
    err?.message ?? (res.statusText || `Request failed (${res.status})`),
    err?.details,
  );
  if (res.status === 401 && !quiet401) unauthorizedListeners.forEach((fn) => fn(apiErr));
  return apiErr;
}

function codeForStatus(status: number): string {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  return 'internal';
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, undefined, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: (path: string) => request<void>('DELETE', path),
};

export type ListResponse<T> = { data: T[]; nextCursor: string | null; total?: number };

export type FilterOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in' | 'contains' | 'isnull';
export type Filter = { field: string; op: FilterOp; value: string };

export type ListParams = {
  limit?: number;
  cursor?: string | null;
  sort?: string;
  q?: string;
  filters?: Filter[];
  count?: boolean;
};

export function listQuery(p: ListParams): Query {
  const q: Query = {
    limit: p.limit,
    cursor: p.cursor ?? undefined,
    sort: p.sort,
    q: p.q?.trim() || undefined,
    count: p.count ? 'true' : undefined,
  };
  for (const f of p.filters ?? []) {
    if (f.value === '') continue;
    q[`filter[${f.field}][${f.op}]`] = f.value;
  }
  return q;
}

export function list<T>(resource: string, params: ListParams, signal?: AbortSignal): Promise<ListResponse<T>> {
  return api.get<ListResponse<T>>(`/api/v1/${resource}`, listQuery(params), signal);
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return 'Something went wrong';
}
