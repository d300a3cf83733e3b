import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from './harness';
import { recordRoutes, seedRecords, type Seeded } from './fixtures';
import { fieldLabel } from '../platform/errors';

describe('invalid input: 400 naming the field, and nothing written', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let data: Seeded;

  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const r of recordRoutes(data))
      out[r.path] = (await t.request('GET', `${r.path}?limit=500&sort=id`, ws.owner)).body.data;
    out.audit = (await t.request('GET', '/api/v1/audit?limit=500', ws.owner)).body.data.length;
    return out;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Validation');
    data = await seedRecords(t, ws.owner);
  });
  afterAll(() => t.dispose());

  it('every create and update route rejects bad input with the field named', async () => {
    const before = await snapshot();
    for (const r of recordRoutes(data)) {
      const created = await t.request('POST', r.path, ws.owner, r.invalid);
      expect(created.status, `${r.path} ${JSON.stringify(created.body)}`).toBe(400);
      expect(created.body.error.code).toBe('validation');
      expect(created.body.error.details.field).toBe(r.field);
      // The message names the field in words ("Name is required", "First name can be at most 100 characters").
      expect(created.body.error.message).toContain(fieldLabel(r.field) ?? r.field);
      const patched = await t.request('PATCH', `${r.path}/${r.id}`, ws.owner, r.badPatch);
      expect(patched.status, r.path).toBe(400);
      expect(patched.body.error.details.field).toBe(r.patchField);
      const unknown = await t.request('PATCH', `${r.path}/${r.id}`, ws.owner, { notAField: 1 });
      expect(unknown.status, r.path).toBe(400);
      const garbage = await t.request('POST', r.path, ws.owner, '{"broken json');
      expect(garbage.status, r.path).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('list parameters are checked too', async () => {
    const cases: [string, string][] = [
      ['/api/v1/contacts?limit=0', 'query.limit'],
      ['/api/v1/contacts?sort=password', 'query.sort'],
      ['/api/v1/contacts?filter[nope][eq]=1', 'query.filter[nope][eq]'],
      ['/api/v1/contacts?filter[createdAt][gte]=soon', 'query.filter[createdAt]'],
      ['/api/v1/contacts?filter[lifecycleStage][eq]=king', 'query.filter[lifecycleStage]'],
      ['/api/v1/contacts?cursor=xyz', 'query.cursor'],
    ];
    for (const [path, field] of cases) {
      const res = await t.request('GET', path, ws.owner);
      expect(res.status, path).toBe(400);
      expect(res.body.error.details.field).toBe(field);
    }
  });

  it('bulk upsert is all or nothing per batch', async () => {
    const before = await snapshot();
    const bad = await t.request('POST', '/api/v1/contacts/bulk', ws.owner, {
      records: [
        { firstName: 'One', email: 'one@x.test' },
        { firstName: 'Two', email: 'two@x.test' },
        { firstName: 'Three', email: 'not-an-email' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('records.2.email');
    expect(await snapshot()).toEqual(before);

    const ok = await t.request('POST', '/api/v1/contacts/bulk', ws.owner, {
      records: [
        { firstName: 'One', email: 'one@x.test' },
        { id: data.contact.id, title: 'Countess' },
        { firstName: 'Ada again', email: 'ada@acme.test' },
      ],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ created: 1, updated: 2 });
    expect((await t.request('GET', `/api/v1/contacts/${data.contact.id}`, ws.owner)).body).toMatchObject({
      title: 'Countess',
      firstName: 'Ada again',
    });
    // A failure late in the batch (a conflict found while writing) rolls back the rows written before it.
    const late = await t.request('POST', '/api/v1/products/bulk', ws.owner, {
      records: [
        { name: 'New', sku: 'N-1' },
        { name: 'Clash', sku: 'W-1', externalId: 'e1' },
        { name: 'Clash 2', externalId: 'e1' },
      ],
    });
    expect(late.status).toBe(200); // e1 created then matched: an upsert, not a conflict
    const conflict = await t.request('POST', '/api/v1/products/bulk', ws.owner, {
      records: [
        { name: 'Fresh', sku: 'F-1' },
        { id: data.product.id, sku: 'N-1' },
      ],
    });
    expect(conflict.status).toBe(409);
    const skus = (await t.request('GET', '/api/v1/products?limit=500', ws.owner)).body.data.map(
      (p: { sku: string }) => p.sku,
    );
    expect(skus).not.toContain('F-1');
  });

  it('property: random contact payloads either succeed fully or change nothing', async () => {
    const field = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
      fc.constant('a@b.co'),
    );
    const payload = fc.dictionary(
      fc.constantFrom(
        'firstName',
        'lastName',
        'email',
        'phone',
        'lifecycleStage',
        'country',
        'doNotContact',
        'tags',
        'bogus',
      ),
      field,
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const before = (await t.request('GET', '/api/v1/contacts?count=true&limit=1', ws.owner)).body.total;
        const res = await t.request('POST', '/api/v1/contacts', ws.owner, body);
        const after = (await t.request('GET', '/api/v1/contacts?count=true&limit=1', ws.owner)).body.total;
        if (res.status === 201) expect(after).toBe(before + 1);
        else {
          expect(res.status).toBe(400);
          expect(typeof res.body.error.details.field).toBe('string');
          expect(after).toBe(before);
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
