import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { recordRoutes, seedRecords, type Seeded } from './fixtures';

describe('workspace isolation: nothing of workspace B is reachable from A', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<TestApp['workspace']>>;
  let b: Awaited<ReturnType<TestApp['workspace']>>;
  let bData: Seeded;
  let aData: Seeded;

  beforeAll(async () => {
    t = await createTestApp();
    a = await t.workspace('Alpha');
    b = await t.workspace('Beta');
    aData = await seedRecords(t, a.owner);
    bData = await seedRecords(t, b.owner);
  });
  afterAll(() => t.dispose());

  it('cannot read, update or delete B records by id on any route', async () => {
    for (const r of recordRoutes(bData)) {
      expect((await t.request('GET', `${r.path}/${r.id}`, a.owner)).status, r.path).toBe(404);
      expect((await t.request('PATCH', `${r.path}/${r.id}`, a.owner, r.patch)).status, r.path).toBe(404);
      expect((await t.request('DELETE', `${r.path}/${r.id}`, a.owner)).status, r.path).toBe(404);
    }
    expect((await t.request('GET', `/api/v1/contacts/${bData.contact.id}/timeline`, a.owner)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/companies/${bData.company.id}/timeline`, a.owner)).status).toBe(404);
    expect(
      (await t.request('POST', `/api/v1/deals/${bData.deal.id}/move`, a.owner, { stageId: bData.stage.id })).status,
    ).toBe(404);
    expect((await t.request('PATCH', `/api/v1/pipelines/${bData.pipeline.id}`, a.owner, { name: 'Mine' })).status).toBe(
      404,
    );
    expect((await t.request('DELETE', `/api/v1/pipelines/${bData.pipeline.id}`, a.owner)).status).toBe(404);
    // and B's records are all still there, unchanged
    for (const r of recordRoutes(bData))
      expect((await t.request('GET', `${r.path}/${r.id}`, b.owner)).status).toBe(200);
  });

  it('lists, searches and stats show only A', async () => {
    for (const r of recordRoutes(aData)) {
      const list = await t.request('GET', `${r.path}?limit=500`, a.owner);
      expect(list.status).toBe(200);
      const ids = list.body.data.map((x: { id: string }) => x.id);
      expect(ids).toContain(r.id);
      for (const other of recordRoutes(bData)) expect(ids).not.toContain(other.id);
    }
    const search = await t.request('GET', '/api/v1/contacts?q=ada', a.owner);
    expect(search.body.data.map((c: { id: string }) => c.id)).toEqual([aData.contact.id]);
    const pipelines = await t.request('GET', '/api/v1/pipelines', a.owner);
    expect(pipelines.body.data.map((p: { id: string }) => p.id)).toEqual([aData.pipeline.id]);
    expect((await t.request('GET', '/api/v1/stats', a.owner)).body.contacts).toBe(1);
  });

  it('cannot point A records at B records', async () => {
    const cases: [string, object, string][] = [
      ['/api/v1/contacts', { firstName: 'X', companyId: bData.company.id }, 'companyId'],
      ['/api/v1/deals', { name: 'X', stageId: bData.stage.id }, 'stageId'],
      ['/api/v1/orders', { orderedAt: '2026-01-01', contactId: bData.contact.id }, 'contactId'],
      [
        '/api/v1/orders',
        { orderedAt: '2026-01-01', lines: [{ productId: bData.product.id, quantity: 1, unitPrice: 1 }] },
        'lines.0.productId',
      ],
      ['/api/v1/activities', { type: 'call', occurredAt: '2026-01-01T00:00:00Z', dealId: bData.deal.id }, 'dealId'],
      ['/api/v1/contacts', { firstName: 'X', ownerId: b.owner.id }, 'ownerId'],
    ];
    for (const [path, body, field] of cases) {
      const res = await t.request('POST', path, a.owner, body);
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.details.field).toBe(field);
    }
  });

  it('jobs, users, keys and the audit log of B are invisible', async () => {
    const users = await t.request('GET', '/api/v1/users', a.owner);
    expect(users.body.data.map((u: { id: string }) => u.id)).toEqual([a.owner.id]);
    expect((await t.request('PATCH', `/api/v1/users/${b.owner.id}`, a.owner, { name: 'Hijacked' })).status).toBe(404);
    const audit = await t.request('GET', '/api/v1/audit?limit=500', a.owner);
    expect(audit.body.data.every((e: { workspaceId: string }) => e.workspaceId === a.id)).toBe(true);
    const keyB = await t.request('POST', '/api/v1/api-keys', b.owner, { name: 'B script' });
    expect((await t.request('DELETE', `/api/v1/api-keys/${keyB.body.apiKey.id}`, a.owner)).status).toBe(404);
    // B's key works only in B
    const viaKey = await t.request('GET', '/api/v1/contacts', { key: keyB.body.key });
    expect(viaKey.body.data.map((c: { id: string }) => c.id)).toEqual([bData.contact.id]);
    const exported = await t.request('GET', '/api/v1/export', a.owner);
    expect(exported.status).toBe(200);
    expect(String(exported.body)).not.toContain(bData.contact.id);
  });
});
