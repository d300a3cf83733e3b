import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createTestApp, type TestApp } from './harness';

/**
 * Every CSV the API serves, found in the OpenAPI document (responses with text/csv), is fed hostile cell values:
 * each must come out with the formula neutralised (a leading single quote) and quoted per RFC 4180.
 */
const hostile = ['=1+1', '+cmd', '-2+3+cmd', '@SUM(A1)', '\tx', '=HYPERLINK("http://evil")'];

describe('CSV exports escape formulas', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let importId: string;
  let ruleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Csv');
    for (const [i, h] of hostile.entries()) {
      const r = await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: h,
        lastName: 'X',
        email: `c${i}@csv.test`,
        country: 'NL',
        customFields: { tier: 'csv' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const rule = await t.request('POST', '/api/v1/segments/rules', ws.owner, {
      name: 'Csv',
      rules: [{ field: 'custom.tier', op: 'eq', value: 'csv' }],
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    ruleId = rule.body.id ?? rule.body.segment?.id;
    // An import whose rows are all rejected (bad emails), each carrying a hostile cell.
    const csv = ['Email,Full Name', ...hostile.map((h) => `not-an-email,"${h.replace(/"/g, '""')}"`)].join('\n');
    const up = await t.app.request('/api/v1/imports?type=contacts&filename=h.csv', {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie: `pw_session=${ws.owner.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const body = (await up.json()) as { import: { id: string } };
    importId = body.import.id;
    const run = await t.request('POST', `/api/v1/imports/${importId}/run`, ws.owner, {});
    expect(run.status, JSON.stringify(run.body)).toBeLessThan(300);
    for (let i = 0; i < 100; i++) {
      const s = (await t.request('GET', `/api/v1/imports/${importId}`, ws.owner)).body.import.status;
      if (s !== 'queued' && s !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => t.dispose());

  /** How to fetch each CSV route with hostile data in it; the test fails when a CSV route is added without an entry. */
  const fetchers: Record<string, () => string> = {
    'get /api/v1/imports/{id}/rejections.csv': () => `/api/v1/imports/${importId}/rejections.csv`,
    'get /api/v1/segments/members': () => `/api/v1/segments/members?format=csv&rule=${ruleId}`,
    'get /api/v1/audit/export': () => '/api/v1/audit/export?action=contact',
  };

  it('the list of CSV routes is the one this test covers', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const csvRoutes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) =>
          Object.values(op.responses ?? {}).some((r) =>
            Object.keys(r.content ?? {}).some((c) => c.startsWith('text/csv')),
          ),
        )
        .map(([m]) => `${m} ${path}`),
    );
    expect(csvRoutes.sort()).toEqual(Object.keys(fetchers).sort());
  });

  it.each(['get /api/v1/imports/{id}/rejections.csv', 'get /api/v1/segments/members'])('%s', async (route) => {
    const res = await t.request('GET', fetchers[route]!(), ws.owner);
    expect(res.status, String(res.body).slice(0, 300)).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const cells = Papa.parse<string[]>(String(res.body), { skipEmptyLines: true }).data.flat();
    for (const h of hostile) {
      expect(
        cells.some((c) => c.includes(h.trim())),
        `${route} lists ${h}`,
      ).toBe(true);
      expect(
        cells.filter((c) => c.startsWith(h)),
        `${route} leaves ${JSON.stringify(h)} unescaped`,
      ).toEqual([]);
    }
    for (const c of cells) expect(/^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c), c).toBe(false);
  });

  it('the audit log export carries the hostile names (inside JSON) and starts no cell with a formula', async () => {
    const res = await t.request('GET', fetchers['get /api/v1/audit/export']!(), ws.owner);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const cells = Papa.parse<string[]>(String(res.body), { skipEmptyLines: true }).data.flat();
    expect(cells.some((c) => c.includes('=1+1'))).toBe(true);
    for (const c of cells) expect(/^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c), c).toBe(false);
  });
});
