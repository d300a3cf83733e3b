import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import { checkValues, keyFromLabel } from './custom-fields.service';

describe('custom field definitions', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Custom fields');
  });
  afterAll(() => t.dispose());

  it('defines fields per record type; only admins change them', async () => {
    const made = await t.request('POST', '/api/v1/custom-fields', ws.owner, {
      entity: 'contact',
      label: 'Loyalty card',
      type: 'text',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ key: 'loyalty_card', required: false, options: [] });
    const dup = await t.request('POST', '/api/v1/custom-fields', ws.owner, {
      entity: 'contact',
      label: 'Loyalty card',
      type: 'number',
    });
    expect(dup.status).toBe(409);
    const noOptions = await t.request('POST', '/api/v1/custom-fields', ws.owner, {
      entity: 'deal',
      label: 'Channel',
      type: 'select',
    });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body.error.details.field).toBe('options');
    const manager = await ws.member('manager');
    expect(
      (await t.request('POST', '/api/v1/custom-fields', manager, { entity: 'deal', label: 'X', type: 'text' })).status,
    ).toBe(403);
    const list = await t.request('GET', '/api/v1/custom-fields?entity=contact', manager);
    expect(list.body.data.map((f: any) => f.key)).toEqual(['loyalty_card']);
  });

  it('enforces required fields and types on contacts, companies and deals with a 400 naming the field', async () => {
    await t.request('POST', '/api/v1/custom-fields', ws.owner, {
      entity: 'company',
      label: 'Account number',
      type: 'text',
      required: true,
    });
    const missing = await t.request('POST', '/api/v1/companies', ws.owner, { name: 'Acme' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({
      message: 'Account number is required',
      details: { field: 'customFields.account_number' },
    });
    const ok = await t.request('POST', '/api/v1/companies', ws.owner, {
      name: 'Acme',
      customFields: { account_number: 'A-1' },
    });
    expect(ok.status).toBe(201);
    // An update that leaves customFields alone is not blocked; one that drops the required value is.
    expect((await t.request('PATCH', `/api/v1/companies/${ok.body.id}`, ws.owner, { name: 'Acme 2' })).status).toBe(
      200,
    );
    const dropped = await t.request('PATCH', `/api/v1/companies/${ok.body.id}`, ws.owner, { customFields: {} });
    expect(dropped.status).toBe(400);

    const choice = await t.request('POST', '/api/v1/custom-fields', ws.owner, {
      entity: 'deal',
      label: 'Channel',
      type: 'select',
      options: ['Web', 'Shop'],
      required: true,
    });
    const p = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
    const bad = await t.request('POST', '/api/v1/deals', ws.owner, {
      name: 'D',
      stageId: p.stages[0].id,
      customFields: { channel: 'Phone' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Channel must be one of: Web, Shop');
    const good = await t.request('POST', '/api/v1/deals', ws.owner, {
      name: 'D',
      stageId: p.stages[0].id,
      customFields: { channel: 'Shop' },
    });
    expect(good.status).toBe(201);
    // Removing the definition keeps the stored value and stops the rule.
    expect((await t.request('DELETE', `/api/v1/custom-fields/${choice.body.id}`, ws.owner)).status).toBe(204);
    expect((await t.request('POST', '/api/v1/deals', ws.owner, { name: 'E', stageId: p.stages[0].id })).status).toBe(
      201,
    );
    expect((await t.request('GET', `/api/v1/deals/${good.body.id}`, ws.owner)).body.customFields).toEqual({
      channel: 'Shop',
    });
  });

  it('any value is accepted or refused with a message naming the label, never thrown otherwise', () => {
    const defs = [
      { key: 'n', label: 'Count', type: 'number' as const, options: [], required: true },
      { key: 'd', label: 'Since', type: 'date' as const, options: [], required: false },
      { key: 's', label: 'Size', type: 'select' as const, options: ['S', 'M'], required: false },
    ];
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('n', 'd', 's', 'x'),
          fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
        ),
        (values) => {
          try {
            checkValues(defs, values, true);
            expect(typeof values.n).toBe('number');
          } catch (e: any) {
            expect(e.code).toBe('validation');
            expect(e.message).toMatch(/^(Count|Since|Size) /);
          }
        },
      ),
    );
    expect(keyFromLabel('Été 2024 — Größe')).toBe('ete_2024_grosse');
    expect(keyFromLabel('2nd phone')).toBe('f_2nd_phone');
  });
});
