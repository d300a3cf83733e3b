import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from './harness';

/** Two reps in one workspace: neither may read, reference or count the other's records, directly or in aggregates. */
describe('rep scoping', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let repA: Awaited<ReturnType<Awaited<ReturnType<TestApp['workspace']>>['member']>>;
  let repB: typeof repA;
  let stageId: string;
  const b = { company: '', contact: '', order: '', deal: '' };
  const a = { contact: '', order: '' };

  const ok = (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Reps');
    repA = await ws.member('rep', 'alice');
    repB = await ws.member('rep', 'bob');
    stageId = ok(await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).stages[0].id;
    b.company = ok(
      await t.request('POST', '/api/v1/companies', ws.owner, { name: 'Bobcorp Secret', ownerId: repB.id }),
    ).id;
    b.contact = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Hidden',
        lastName: 'Customer',
        companyId: b.company,
        ownerId: repB.id,
      }),
    ).id;
    b.order = ok(
      await t.request('POST', '/api/v1/orders', ws.owner, {
        contactId: b.contact,
        orderedAt: '2026-05-20T10:00:00Z',
        lines: [{ quantity: 1, unitPrice: 500 }],
      }),
    ).id;
    b.deal = ok(
      await t.request('POST', '/api/v1/deals', ws.owner, {
        name: 'Bob deal',
        stageId,
        amount: 7000,
        contactId: b.contact,
        ownerId: repB.id,
      }),
    ).id;
    a.contact = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Own',
        lastName: 'Customer',
        ownerId: repA.id,
      }),
    ).id;
    a.order = ok(
      await t.request('POST', '/api/v1/orders', ws.owner, {
        contactId: a.contact,
        orderedAt: '2026-05-21T10:00:00Z',
        lines: [{ quantity: 1, unitPrice: 100 }],
      }),
    ).id;
  });
  afterAll(() => t.dispose());

  it("a rep cannot point a deal, an activity or an order at another rep's contact or company", async () => {
    const attempts = [
      { path: '/api/v1/deals', body: { name: 'Sneaky', stageId, contactId: b.contact }, field: 'contactId' },
      { path: '/api/v1/deals', body: { name: 'Sneaky', stageId, companyId: b.company }, field: 'companyId' },
      {
        path: '/api/v1/activities',
        body: { type: 'call', occurredAt: '2026-05-30T10:00:00Z', contactId: b.contact },
        field: 'contactId',
      },
      {
        path: '/api/v1/activities',
        body: { type: 'note', occurredAt: '2026-05-30T10:00:00Z', dealId: b.deal },
        field: 'dealId',
      },
      { path: '/api/v1/orders', body: { contactId: b.contact, orderedAt: '2026-05-30T10:00:00Z' }, field: 'contactId' },
      { path: '/api/v1/contacts', body: { firstName: 'New', companyId: b.company }, field: 'companyId' },
    ];
    for (const at of attempts) {
      const res = await t.request('POST', at.path, repA, at.body);
      expect(res.status, `${at.path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.details.field).toBe(at.field);
      // The same answer as for an id that does not exist, and no names of the other rep's records.
      expect(res.body.error.message).toContain('no such record');
      expect(JSON.stringify(res.body)).not.toMatch(/Hidden|Bobcorp/);
    }
    const own = await t.request('POST', '/api/v1/deals', repA, { name: 'Mine', stageId, contactId: a.contact });
    expect(own.status).toBe(201);
    expect(own.body.contactName).toBe('Own Customer');
  });

  it("orders follow their contact's owner", async () => {
    const list = ok(await t.request('GET', '/api/v1/orders?limit=100', repA));
    expect(list.data.map((o: { id: string }) => o.id)).toEqual([a.order]);
    expect((await t.request('GET', `/api/v1/orders/${b.order}`, repA)).status).toBe(404);
    expect((await t.request('PATCH', `/api/v1/orders/${b.order}`, repA, { number: 'X' })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/orders/${b.order}`, repA)).status).toBe(404);
    expect(ok(await t.request('GET', '/api/v1/orders?limit=100', repB)).data.map((o: { id: string }) => o.id)).toEqual([
      b.order,
    ]);
    expect(ok(await t.request('GET', '/api/v1/orders?limit=100', ws.owner)).data).toHaveLength(2);
  });

  it('the dashboard figures of a rep count only their records', async () => {
    const mine = ok(await t.request('GET', '/api/v1/stats', repA));
    expect(mine.contacts).toBe(1);
    expect(mine.companies).toBe(0);
    expect(mine.revenueLast30).toBe(100);
    expect(mine.ordersLast30).toBe(1);
    expect(mine.openPipelineValue).toBe(0);
    const all = ok(await t.request('GET', '/api/v1/stats', ws.owner));
    expect(all.contacts).toBe(2);
    expect(all.revenueLast30).toBe(600);
    expect(all.openPipelineValue).toBe(7000);
  });

  it('a rep forecasts only themselves', async () => {
    const other = await t.request(
      'GET',
      `/api/v1/forecasts/series?source=orders&rep=${encodeURIComponent(repB.email)}`,
      repA,
    );
    expect(other.status, JSON.stringify(other.body)).toBe(403);
    const deals = await t.request(
      'GET',
      `/api/v1/forecasts/series?source=deals&rep=${encodeURIComponent(repB.email)}`,
      repA,
    );
    expect(deals.status).toBe(403);
    const own = ok(await t.request('GET', '/api/v1/forecasts/series?source=orders', repA));
    expect(own.scope).toMatchObject({ type: 'rep', id: repA.id });
    const managerView = ok(
      await t.request('GET', `/api/v1/forecasts/series?source=orders&rep=${encodeURIComponent(repB.email)}`, ws.owner),
    );
    expect(managerView.scope).toMatchObject({ type: 'rep', id: repB.id });
  });
});
