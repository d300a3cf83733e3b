import { listQuery, type ListParams } from './api';

/**
 * The query of a list route (`limit`, `cursor`, `sort`, `q`, `filter[field][op]`) for the typed client. The OpenAPI
 * document cannot name the `filter[…]` keys, so the object is typed as the route's own query.
 */
export function listParams<Q>(p: ListParams): Q {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(listQuery(p))) if (v !== undefined && v !== null) out[k] = String(v);
  return out as Q;
}
