import { createMiddleware } from 'hono/factory';
import { AppError } from './errors';
import { unstorableText } from './fields';
import type { AppEnv } from './http';

const MAX_DEPTH = 64;

/** The first string (key or value) in a parsed JSON document that PostgreSQL could not store, with its path. */
export function findUnstorable(
  value: unknown,
  path: string[] = [],
  depth = 0,
): { path: string; message: string } | null {
  if (depth > MAX_DEPTH) return { path: path.join('.'), message: `is nested more than ${MAX_DEPTH} levels deep` };
  if (typeof value === 'string') {
    const why = unstorableText(value);
    return why ? { path: path.join('.'), message: why } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = findUnstorable(v, [...path, String(i)], depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyWhy = unstorableText(k);
      if (keyWhy) return { path: [...path, k].join('.'), message: `has a key that ${keyWhy}` };
      const bad = findUnstorable(v, [...path, k], depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}

const refuse = (field: string, message: string) =>
  new AppError('validation', `Invalid ${field || 'body'}: ${message}`, {
    field: field || 'body',
    issues: [{ path: field || 'body', message }],
  });

/**
 * Refuses, before any route runs, text no database column can hold: NUL characters and unpaired surrogates in the
 * path, the query string or anywhere in a JSON body (keys included). Field schemas check the same through
 * `safeString`; this guard covers the inputs a route reads without a schema (free-form JSON, filters, cursors).
 */
export const inputGuard = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    throw refuse('path', 'is not valid percent-encoded UTF-8');
  }
  const pathWhy = unstorableText(path);
  if (pathWhy) throw refuse('path', pathWhy);
  for (const [key, value] of url.searchParams) {
    const why = unstorableText(key) ?? unstorableText(value);
    if (why) throw refuse(`query.${unstorableText(key) ? 'key' : key}`, why);
  }
  const type = c.req.header('content-type') ?? '';
  if (/^application\/([\w.-]+\+)?json/i.test(type) && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    let body: unknown;
    try {
      // A clone: routes that stream their own body (file uploads) must still find it unread.
      body = JSON.parse(await c.req.raw.clone().text());
    } catch {
      body = undefined; // the route's own parser reports invalid JSON
    }
    const bad = findUnstorable(body);
    if (bad) throw refuse(bad.path, bad.message);
  }
  await next();
});
