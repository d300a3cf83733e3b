import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../platform/version';
import { roles, type Role } from '../modules/auth/auth.schema';
import { atLeast } from '../modules/auth/access';
import { routeRoles } from '../modules/auth/route-roles';
import { createTestApp, type Caller, type TestApp } from './harness';

const samplePathValues: Record<string, string> = { entity: 'contact', cluster: '0' };
const unknownId = '00000000-0000-4000-8000-000000000000';

describe('the route × role table', () => {
  let t: TestApp;
  const callers = {} as Record<Role, Caller>;
  let paths: [string, string][] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const ws = await t.workspace('Route roles');
    callers.owner = ws.owner;
    for (const role of roles) if (role !== 'owner') callers[role] = await ws.member(role);
    const doc = (await t.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    paths = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => [m.toUpperCase(), path] as [string, string]),
    );
  });
  afterAll(() => t.dispose());

  it('declares a role for every route of the OpenAPI document, and nothing else', () => {
    const documented = paths.map(([m, p]) => `${m} ${p}`).sort();
    expect(documented.length).toBeGreaterThan(100);
    expect(Object.keys(routeRoles).sort()).toEqual(documented);
  });

  it('docs/security.md prints the same table', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/security.md'), 'utf8');
    const printed = [...doc.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \| (\w+) \|$/gm)].map(
      (m) => `${m[1]} ${m[2]}: ${m[3]}`,
    );
    expect(printed.sort()).toEqual(
      Object.entries(routeRoles)
        .map(([route, role]) => `${route}: ${role}`)
        .sort(),
    );
  });

  it('a role below the declared one gets 403; a role at or above does not', async () => {
    const wrong: string[] = [];
    for (const [method, path] of paths) {
      const least = routeRoles[`${method} ${path}`];
      if (!least || least === 'public') continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => samplePathValues[name] ?? unknownId);
      for (const role of roles) {
        const res = await t.request(
          method,
          url,
          callers[role],
          method === 'GET' || method === 'DELETE' ? undefined : {},
        );
        const allowed = atLeast(role, least);
        if (allowed ? res.status === 403 : res.status !== 403)
          wrong.push(`${method} ${path} as ${role} (least ${least}): ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 240_000); // 650 requests, some queue jobs: about a minute on PostgreSQL

  it('a viewer cannot recompute a rule segment (issue 16)', async () => {
    const rule = await t.request('POST', '/api/v1/segments/rules', callers.manager, {
      name: 'Everyone',
      rules: { all: [] },
    });
    const id = rule.status === 201 ? rule.body.id : unknownId;
    expect((await t.request('POST', `/api/v1/segments/rules/${id}/recompute`, callers.viewer)).status).toBe(403);
  });
});
