import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './harness';
import { seedRecords, type Seeded } from './fixtures';

/**
 * Hostile input over every route of the OpenAPI document, as the workspace owner: whatever arrives in the path, the
 * query string or the JSON body, the answer is never a 5xx, and every error uses the documented error body.
 */

type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, JsonSchema> } };

// Routes that would end the caller's own session; they take no input worth fuzzing.
const skipped = new Set(['post /api/auth/logout']);

const hostileStrings = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  'a'.repeat(20_000),
  '2026-02-30',
  '99999-01-01',
  '2026-13-01T00:00:00Z',
  '1e15',
  '-1',
  'NaN',
  'Infinity',
  '1.5',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "'; select 1; --",
  '%',
  '\\',
  'true',
  'null',
  '[]',
  '{}',
  '=1+1',
  'ZZZ',
  '-x',
];
const hostileNumbers = [1e15, -1e15, 1e13, -1, 0, 1.5, 1e308, -0, 2 ** 31, 2 ** 53, 0.000001];
const hostile = fc.oneof(
  fc.constantFrom<unknown>(...hostileStrings, ...hostileNumbers, null, {}, [], true, false, [null], { a: '\u0000' }),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.double({ noNaN: true }),
  fc.integer(),
);

const filterNames = [
  'id',
  'name',
  'amount',
  'employees',
  'total',
  'position',
  'createdAt',
  'expectedCloseDate',
  'ownerId',
  'tags',
  'status',
  'doNotContact',
];
const filterOps = ['eq', 'ne', 'lt', 'gt', 'gte', 'in', 'contains', 'isnull', 'xx'];
const filterValues = [
  '1.5',
  '1e15',
  '-1',
  'abc',
  '2026-02-30',
  '99999-01-01',
  '2026-05-01',
  '-'.repeat(36),
  'a\u0000b',
  '\ud800',
  'true',
  '',
];
/** The seeded record a path's `{id}` most likely names, by the segment before it. */
const entityOfSegment: Record<string, keyof Seeded> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  orders: 'order',
  products: 'product',
  activities: 'activity',
  pipelines: 'pipeline',
};

describe('fuzz: hostile input never gives a 5xx', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let seeded: Seeded;
  let doc: Doc;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Fuzz');
    seeded = await seedRecords(t, ws.owner);
    doc = (await t.request('GET', '/api/openapi.json')).body as Doc;
  });
  afterAll(() => t.dispose());

  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] : s;

  /** Mostly valid values for a JSON schema (so requests get past the required fields), with hostile leaves mixed in. */
  function fromSchema(raw: JsonSchema | undefined, ids: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
    const s = resolve(raw);
    // Few hostile leaves per body, so most requests fail on one field at most and reach the service and the database.
    const leaf = (valid: fc.Arbitrary<unknown>) =>
      fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: hostile });
    if (!s || depth > 4) return hostile;
    if (s.const !== undefined) return leaf(fc.constant(s.const));
    if (s.enum) return leaf(fc.constantFrom(...s.enum));
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, ids, depth + 1)));
    const types = (Array.isArray(s.type) ? s.type : [s.type ?? 'string']).filter((x) => x !== 'null');
    const type = types[0] ?? 'string';
    if (type === 'object') {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const names = Object.keys(props);
      if (names.length === 0) return leaf(fc.constant({}));
      // The required keys plus at most two optional ones: small bodies reach the service instead of failing on a
      // reference picked at random.
      const arb = (n: string) => fromSchema(props[n], ids, depth + 1);
      const requiredNames = names.filter((n) => required.has(n));
      const optional = names.filter((n) => !required.has(n));
      return fc
        .tuple(fc.tuple(...requiredNames.map(arb)), fc.subarray(optional, { maxLength: Math.min(2, optional.length) }))
        .chain(([req, extra]) =>
          fc.tuple(...extra.map(arb)).map((vals) => ({
            ...Object.fromEntries(requiredNames.map((n, i) => [n, req[i]])),
            ...Object.fromEntries(extra.map((n, i) => [n, vals[i]])),
          })),
        );
    }
    if (type === 'array') return leaf(fc.array(fromSchema(s.items, ids, depth + 1), { maxLength: 3 }));
    if (type === 'number' || type === 'integer') return leaf(fc.constantFrom(0, 1, 2, 10, 100, 0.5));
    if (type === 'boolean') return leaf(fc.boolean());
    if (s.format === 'uuid') return leaf(ids);
    if (s.format === 'email') return leaf(fc.constantFrom('a@b.test', 'fuzz@example.test'));
    if (s.format === 'date-time') return leaf(fc.constantFrom('2026-05-01T10:00:00Z'));
    const pattern = s.pattern ?? '';
    if (pattern.includes('[A-Z]{3}')) return leaf(fc.constant('USD'));
    if (pattern.includes('[A-Z]{2}')) return leaf(fc.constant('US'));
    if (pattern.includes('\\d{4}')) return leaf(fc.constantFrom('2026-05-01', '2026-02-30'));
    return leaf(fc.constantFrom('x', 'Fuzz name', '2026-05-01', '2026-05-01T10:00:00Z', 'call'));
  }

  it('covers every route of the OpenAPI document', { timeout: 120_000 }, async () => {
    const ids = [
      seeded.contact.id,
      seeded.company.id,
      seeded.deal.id,
      seeded.order.id,
      seeded.product.id,
      seeded.activity.id,
      seeded.pipeline.id,
      seeded.stage.id,
    ];
    const bodyIds = fc.constantFrom(...ids, ws.owner.id);
    const idLike = fc.oneof(fc.constantFrom(...ids), fc.uuid(), hostile.map(String));
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cursors = [
      [1e15, 'x'],
      ['2026-02-30', ids[0]],
      [{}, ids[0]],
      ['x', ids[0]],
      [true, 'x'],
      ['99999-01-01T00:00:00Z', ids[0]],
      [null, 'x'],
    ];
    const value = fc.oneof(
      hostile,
      idLike,
      fc.constantFrom('2026-05-01', '2026-05-01T10:00:00Z', 'call', 'open', 'USD', 10, ...cursors.map(cursor)),
    );
    const failures: string[] = [];
    let routes = 0;
    let requests = 0;
    const timings: [number, string][] = [];
    const started = Date.now();
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (skipped.has(`${method} ${template}`)) continue;
        routes++;
        const pathParams = (template.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
        const segment = template.split('/{')[0]!.split('/').at(-1)!;
        const own = entityOfSegment[segment];
        const ownId = own ? fc.constant((seeded[own] as { id: string }).id) : idLike;
        const queryNames = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const bodySchema = resolve(op.requestBody?.content?.['application/json']?.schema);
        const request = fc.record({
          path: fc.tuple(
            ...pathParams.map(() => fc.oneof({ weight: 3, arbitrary: ownId }, { weight: 1, arbitrary: idLike })),
          ),
          query: fc.array(
            fc.oneof(
              fc.tuple(fc.constantFrom(...queryNames, 'limit', 'cursor', 'sort'), value),
              fc
                .tuple(
                  fc.constantFrom(...filterNames),
                  fc.constantFrom(...filterOps),
                  fc.oneof(fc.constantFrom(...filterValues), value),
                )
                .map(([f, o, v]) => [`filter[${f}][${o}]`, v] as const),
            ),
            { maxLength: 3 },
          ),
          body: fc.oneof(
            { weight: 4, arbitrary: fromSchema(bodySchema, bodyIds) },
            { weight: 1, arbitrary: hostile },
            { weight: 1, arbitrary: fc.constant({ records: [{ name: 'x', notAField: 1 }] }) },
          ),
        });
        const runs = method === 'get' ? 8 : 12;
        const routeStarted = Date.now();
        const result = await fc.check(
          fc.asyncProperty(request, async (r) => {
            let path = template;
            pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, encodeURIComponent(String(r.path[i])))));
            const qs = new URLSearchParams(r.query.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
            const url = qs.size ? `${path}?${qs}` : path;
            const body = method === 'get' || method === 'delete' ? undefined : r.body;
            requests++;
            const res = await t.request(method.toUpperCase(), url, ws.owner, body);
            if (process.env.FUZZ_DEBUG && template.includes(process.env.FUZZ_DEBUG))
              console.log(
                method,
                url,
                JSON.stringify(body).slice(0, 200),
                res.status,
                JSON.stringify(res.body).slice(0, 150),
              );
            if (res.status >= 500) return false;
            if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
              const e = res.body?.error;
              if (typeof e?.code !== 'string' || typeof e?.message !== 'string' || typeof e?.details !== 'object')
                return false;
            }
            return true;
          }),
          { numRuns: runs, seed: 20261206, endOnFailure: true },
        );
        timings.push([Date.now() - routeStarted, `${method} ${template}`]);
        if (result.failed) failures.push(`${method.toUpperCase()} ${template}: ${fc.stringify(result.counterexample)}`);
      }
    }
    console.info(`fuzz: ${routes} routes, ${requests} requests in ${Date.now() - started} ms`);
    if (process.env.FUZZ_DEBUG) console.info(timings.sort((a, b) => b[0] - a[0]).slice(0, 8));
    expect(routes).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  /** Every value that once reached the database unchecked, each sent alone so nothing else in the body fails first. */
  const sweepValues: unknown[] = [
    'a\u0000b',
    'x\ud800',
    '2026-02-30',
    '99999-01-01',
    '2026-13-45T99:00:00Z',
    1e15,
    1e13,
    -1,
    1.5,
    null,
    {},
    [],
    'not-a-uuid',
  ];
  const send = async (failures: string[], method: string, url: string, body?: unknown) => {
    const res = await t.request(method, url, ws.owner, body);
    const named = res.status !== 400 || typeof res.body?.error?.details?.field === 'string';
    if (res.status >= 500 || !named)
      failures.push(
        `${method} ${url} ${JSON.stringify(body) ?? ''} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
      );
    return res;
  };

  it('each field of every PATCH body, alone, with each hostile value: a 400 naming it or a success', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const [template, methods] of Object.entries(doc.paths)) {
      const op = methods.patch;
      if (!op) continue;
      const segment = template.split('/{')[0]!.split('/').at(-1)!;
      const own = entityOfSegment[segment];
      if (template.includes('{') && !own) continue;
      const path = own ? template.replace(/\{\w+\}/, (seeded[own] as { id: string }).id) : template;
      const props = Object.keys(
        resolve(resolve(op.requestBody?.content?.['application/json']?.schema))?.properties ?? {},
      );
      for (const prop of props) {
        for (const v of sweepValues) {
          requests++;
          await send(failures, 'PATCH', path, { [prop]: v });
        }
      }
    }
    expect(requests).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });

  it('every list field as a filter and every malformed cursor: a 400 naming the parameter or a page', async () => {
    const failures: string[] = [];
    const listRoutes = Object.entries(doc.paths).filter(
      ([p, m]) => !p.includes('{') && m.get?.parameters?.some((q) => q.name === 'cursor'),
    );
    expect(listRoutes.length).toBeGreaterThan(5);
    const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const id = seeded.contact.id;
    const cursors = [
      '%%%',
      cursor([1e15, 'x']),
      cursor(['2026-02-30', id]),
      cursor([{}, id]),
      cursor(['x', id]),
      cursor([true, id]),
      cursor(['99999-01-01T00:00:00Z', id]),
    ];
    const values = ['1.5', '1e300', '2026-02-30', '99999-01-01', '-'.repeat(36), 'abc', 'true'];
    for (const [path, methods] of listRoutes) {
      const page = (
        methods.get as { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }
      ).responses?.['200'];
      const items = resolve(resolve(page?.content?.['application/json']?.schema)?.properties?.data)?.items;
      const fields = Object.keys(resolve(items)?.properties ?? {});
      for (const [i, field] of fields.entries()) {
        for (const v of values)
          await send(
            failures,
            'GET',
            `${path}?${new URLSearchParams({ [`filter[${field}][${i % 2 ? 'gt' : 'eq'}]`]: v })}`,
          );
      }
      for (const sort of ['createdAt', '-amount', 'name', 'employees']) {
        for (const c of cursors) await send(failures, 'GET', `${path}?${new URLSearchParams({ sort, cursor: c })}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
