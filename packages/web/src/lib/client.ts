/**
 * The typed API client: paths, parameters, bodies and responses come from `api-schema.ts`, which is generated from
 * the server's OpenAPI document (`npm run gen:api`), so a server change that breaks a page fails `npm run typecheck`.
 *
 *   const contacts = await call(client.GET('/api/v1/contacts', { params: { query: { limit: 50 } }, signal }));
 *
 * `call` returns the response body or throws the same `ApiError` as `request()` (field errors, 401 → login page).
 */
import createClient from 'openapi-fetch';
import type { paths } from './api-schema';
import { ApiError, toApiError } from './api';

export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

export async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'Cannot reach the Pipewise server. Check that it is running.');
  }
  if (!result.response.ok) throw toApiError(result.response, result.error);
  return result.data as T;
}

export type { paths };
/** A response body type by path and method, for components that receive API data as props. */
export type ApiResponse<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer R } } };
}
  ? R
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer R } } } }
    ? R
    : never;
