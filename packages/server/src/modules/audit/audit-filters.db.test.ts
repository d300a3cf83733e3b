import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

describe('audit log viewer: filters by actor, action, entity and time, with paging', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Audit filters');
  });
  afterAll(() => t.dispose());

  it('filters and pages', async () => {
    const manager = await ws.member('manager');
    const c = (await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Ann' })).body;
    await t.request('PATCH', `/api/v1/contacts/${c.id}`, manager, { lastName: 'Lee' });
    await t.request('POST', '/api/v1/companies', manager, { name: 'Acme' });
    const get = async (q: string) => (await t.request('GET', `/api/v1/audit?${q}`, ws.owner)).body.data as any[];

    const byManager = await get(`actorId=${manager.id}`);
    expect(byManager.map((e) => e.action).sort()).toEqual(['company.create', 'contact.update']);
    expect((await get('action=contact')).map((e) => e.action).sort()).toEqual(['contact.create', 'contact.update']);
    expect((await get('action=contact.update')).map((e) => e.action)).toEqual(['contact.update']);
    expect(await get('action=contac')).toEqual([]);
    expect((await get(`entityType=contact&entityId=${c.id}`)).length).toBe(2);
    expect(await get('from=2999-01-01T00:00:00Z')).toEqual([]);
    const all = await get('limit=500');
    expect((await get(`to=${encodeURIComponent(all.at(-1).at)}`)).length).toBe(0);

    const page1 = await get('limit=2');
    const page2 = await get(`limit=2&before=${page1[1].id}`);
    expect(page1.length).toBe(2);
    expect(page2[0].id).toBeLessThan(page1[1].id);
    expect((await t.request('GET', '/api/v1/audit?from=yesterday', ws.owner)).body.error.details.field).toBe(
      'query.from',
    );
    expect((await t.request('GET', '/api/v1/audit', manager)).status).toBe(403);

    const csv = await t.request('GET', `/api/v1/audit/export?actorId=${manager.id}`, ws.owner);
    expect(csv.status).toBe(200);
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe('id,at,actor_type,actor_id,action,entity_type,entity_id,before,after');
    expect(lines.length).toBe(3);
    expect((await get('action=audit.export')).length).toBe(1);
  });
});
