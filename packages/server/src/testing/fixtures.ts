import { expect } from 'vitest';
import { testPipeline, type Caller, type TestApp } from './harness';

/** One valid record of each kind in a workspace, created through the API, with ids to point at. */
export async function seedRecords(t: TestApp, as: Caller, ownerId?: string) {
  const ok = (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  const company = ok(
    await t.request('POST', '/api/v1/companies', as, { name: 'Acme Ltd', domain: 'acme.test', ownerId }),
  );
  const contact = ok(
    await t.request('POST', '/api/v1/contacts', as, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@acme.test',
      companyId: company.id,
      ownerId,
    }),
  );
  const pipeline = ok(await t.request('POST', '/api/v1/pipelines', as, testPipeline));
  const stage = pipeline.stages[0];
  const deal = ok(
    await t.request('POST', '/api/v1/deals', as, {
      name: 'Acme renewal',
      stageId: stage.id,
      amount: 1200,
      contactId: contact.id,
      companyId: company.id,
      ownerId,
    }),
  );
  const product = ok(await t.request('POST', '/api/v1/products', as, { name: 'Widget', sku: 'W-1', price: 10 }));
  const order = ok(
    await t.request('POST', '/api/v1/orders', as, {
      contactId: contact.id,
      orderedAt: '2026-05-01T10:00:00Z',
      lines: [{ productId: product.id, quantity: 2, unitPrice: 10 }],
    }),
  );
  const activity = ok(
    await t.request('POST', '/api/v1/activities', as, {
      type: 'call',
      occurredAt: '2026-05-02T10:00:00Z',
      contactId: contact.id,
      subject: 'Intro call',
      ownerId,
    }),
  );
  return { company, contact, pipeline, stage, deal, product, order, activity };
}
export type Seeded = Awaited<ReturnType<typeof seedRecords>>;

/** Every record route, with a valid update and an invalid create/update that must name `field`. */
export const recordRoutes = (s: Seeded) => [
  {
    path: '/api/v1/companies',
    id: s.company.id,
    patch: { industry: 'Retail' },
    invalid: { name: '' },
    badPatch: { domain: 'not a domain' },
    field: 'name',
    patchField: 'domain',
  },
  {
    path: '/api/v1/contacts',
    id: s.contact.id,
    patch: { title: 'CTO' },
    invalid: { email: 'nope' },
    badPatch: { lifecycleStage: 'king' },
    field: 'email',
    patchField: 'lifecycleStage',
  },
  {
    path: '/api/v1/deals',
    id: s.deal.id,
    patch: { amount: 999 },
    invalid: { name: 'X' },
    badPatch: { amount: 'lots' },
    field: 'stageId',
    patchField: 'amount',
  },
  {
    path: '/api/v1/products',
    id: s.product.id,
    patch: { price: 12 },
    invalid: { sku: 'x' },
    badPatch: { currency: 'euro' },
    field: 'name',
    patchField: 'currency',
  },
  {
    path: '/api/v1/orders',
    id: s.order.id,
    patch: { number: 'A-1' },
    invalid: { orderedAt: 'yesterday' },
    badPatch: { status: 'lost' },
    field: 'orderedAt',
    patchField: 'status',
  },
  {
    path: '/api/v1/activities',
    id: s.activity.id,
    patch: { subject: 'Follow-up' },
    invalid: { type: 'call' },
    badPatch: { type: 'party' },
    field: 'occurredAt',
    patchField: 'type',
  },
];
