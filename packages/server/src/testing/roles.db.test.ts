import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { recordRoutes, seedRecords, type Seeded } from './fixtures';

describe('role checks on every route', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let data: Seeded;
  let viewer: { token: string; id: string };
  let repA: { token: string; id: string };
  let repB: { token: string; id: string };
  let manager: { token: string; id: string };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Roles');
    viewer = await ws.member('viewer');
    repA = await ws.member('rep', 'repa');
    repB = await ws.member('rep', 'repb');
    manager = await ws.member('manager');
    data = await seedRecords(t, ws.owner, repA.id);
  });
  afterAll(() => t.dispose());

  it('a viewer reads everything and writes nothing', async () => {
    for (const r of recordRoutes(data)) {
      expect((await t.request('GET', `${r.path}/${r.id}`, viewer)).status, r.path).toBe(200);
      expect((await t.request('PATCH', `${r.path}/${r.id}`, viewer, r.patch)).status, r.path).toBe(403);
      expect((await t.request('DELETE', `${r.path}/${r.id}`, viewer)).status, r.path).toBe(403);
      expect((await t.request('POST', `${r.path}/bulk`, viewer, { records: [r.patch] })).status, r.path).toBe(403);
    }
    expect((await t.request('POST', '/api/v1/contacts', viewer, { firstName: 'No' })).status).toBe(403);
    expect(
      (await t.request('POST', `/api/v1/deals/${data.deal.id}/move`, viewer, { stageId: data.pipeline.stages[1].id }))
        .status,
    ).toBe(403);
    expect((await t.request('POST', '/api/v1/pipelines', viewer, { name: 'P', stages: [] })).status).toBe(403); // the role table answers before validation
  });

  it('a rep sees and edits their own records, not another rep’s', async () => {
    const own = await t.request('GET', `/api/v1/contacts/${data.contact.id}`, repA);
    expect(own.status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/contacts/${data.contact.id}`, repA, { title: 'Boss' })).status).toBe(200);
    for (const path of [
      `/api/v1/contacts/${data.contact.id}`,
      `/api/v1/deals/${data.deal.id}`,
      `/api/v1/companies/${data.company.id}`,
      `/api/v1/activities/${data.activity.id}`,
    ]) {
      expect((await t.request('GET', path, repB)).status, path).toBe(404);
      expect((await t.request('PATCH', path, repB, {})).status, path).toBe(404);
    }
    const list = await t.request('GET', '/api/v1/contacts', repB);
    expect(list.body.data).toEqual([]);
    // nor its score
    expect((await t.request('GET', `/api/v1/scoring/scores/contact/${data.contact.id}`, repB)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/scoring/scores/contact/${data.contact.id}`, repA)).status).toBe(200);
    expect(
      (await t.request('GET', `/api/v1/scoring/scores?entity=contact&ids=${data.contact.id}`, repB)).body.data,
    ).toEqual([]);
    // a rep cannot hand a record to someone else
    const stolen = await t.request('POST', '/api/v1/contacts', repB, { firstName: 'Gift', ownerId: repA.id });
    expect(stolen.status).toBe(403);
    const mine = await t.request('POST', '/api/v1/contacts', repB, { firstName: 'Mine' });
    expect(mine.body.ownerId).toBe(repB.id);
  });

  it('unassigned records follow the workspace setting', async () => {
    const unassigned = await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Nobody', ownerId: null });
    expect((await t.request('GET', `/api/v1/contacts/${unassigned.body.id}`, repB)).status).toBe(200);
    expect(
      (await t.request('PATCH', '/api/v1/workspace', ws.owner, { settings: { repsSeeUnassigned: false } })).status,
    ).toBe(200);
    const repC = await ws.member('rep', 'repc'); // a new session picks up the setting
    expect((await t.request('GET', `/api/v1/contacts/${unassigned.body.id}`, repC)).status).toBe(404);
    await t.request('PATCH', '/api/v1/workspace', ws.owner, { settings: { repsSeeUnassigned: true } });
  });

  it('managers see all records but not admin routes; admins manage users and keys', async () => {
    expect((await t.request('GET', `/api/v1/contacts/${data.contact.id}`, manager)).status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/deals/${data.deal.id}`, manager, { amount: 5 })).status).toBe(200);
    for (const who of [manager, repA, viewer]) {
      expect(
        (await t.request('POST', '/api/v1/users', who, { email: 'x@y.test', name: 'X', password: 'password123' }))
          .status,
      ).toBe(403);
      expect((await t.request('GET', '/api/v1/api-keys', who)).status).toBe(403);
      expect((await t.request('POST', '/api/v1/api-keys', who, { name: 'k' })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/audit', who)).status).toBe(403);
      expect((await t.request('PATCH', '/api/v1/workspace', who, { name: 'Mine' })).status).toBe(403);
      expect((await t.request('GET', '/api/v1/export', who)).status).toBe(403);
      expect((await t.request('POST', '/api/v1/demo', who, {})).status).toBe(403);
    }
    for (const who of [repA, viewer])
      expect(
        (
          await t.request('POST', '/api/v1/pipelines', who, {
            name: 'P',
            stages: [
              { name: 'W', probability: 1, kind: 'won' },
              { name: 'L', probability: 0, kind: 'lost' },
            ],
          })
        ).status,
      ).toBe(403);
    const key = await t.request('POST', '/api/v1/api-keys', ws.owner, { name: 'viewer key', role: 'viewer' });
    expect((await t.request('POST', '/api/v1/contacts', { key: key.body.key }, { firstName: 'K' })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/contacts', { key: key.body.key })).status).toBe(200);
  });

  it('no route answers without credentials', async () => {
    for (const path of [
      '/api/v1/contacts',
      '/api/v1/deals',
      '/api/v1/users',
      '/api/v1/stats',
      '/api/auth/me',
      '/api/v1/export',
      '/api/v1/jobs',
    ]) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await t.request('GET', '/api/v1/contacts', { key: 'pw_forged' })).status).toBe(401);
  });
});
