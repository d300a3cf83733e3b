import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { sessions } from './auth.schema';

// Who a session or key is, remembered for PIPEWISE_SESSION_CACHE_SECONDS (5 s); every change to who they are is seen
// by the very next request of this process.
let t: TestApp;
let now = new Date('2026-06-01T12:00:00.000Z');
const later = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => now } });
});
afterAll(() => t.dispose());

describe('session cache', () => {
  it('remembers a session for a few seconds (a row deleted behind its back still answers until then)', async () => {
    const w = await t.workspace();
    const rep = await w.member('rep');
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(200);
    await t.database.db.delete(sessions); // not through logout: this process is not told
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(200);
    later(5_001);
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(401);
  });

  it('forgets the session at logout', async () => {
    const w = await t.workspace();
    const rep = await w.member('rep');
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(200);
    expect((await t.request('POST', '/api/auth/logout', rep)).status).toBeLessThan(300);
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(401);
  });

  it('a role change applies to the next request', async () => {
    const w = await t.workspace();
    const rep = await w.member('rep');
    expect((await t.request('GET', '/api/auth/me', rep)).body.user.role).toBe('rep');
    expect((await t.request('GET', '/api/v1/api-keys', rep)).status).toBe(403);
    const up = await t.request('PATCH', `/api/v1/users/${rep.id}`, w.owner, { role: 'admin' });
    expect(up.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', rep)).body.user.role).toBe('admin');
    expect((await t.request('GET', '/api/v1/api-keys', rep)).status).toBe(200);
    // Demoted: the session ends (auth.service), and the cache does not keep it alive.
    await t.request('PATCH', `/api/v1/users/${rep.id}`, w.owner, { role: 'viewer' });
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(401);
  });

  it('a disabled user is refused at once, and so is a key it created', async () => {
    const w = await t.workspace();
    const admin = await w.member('admin');
    const made = await t.request('POST', '/api/v1/api-keys', admin, { name: 'script', role: 'admin' });
    expect(made.status).toBe(201);
    const key = { key: made.body.key as string };
    expect((await t.request('GET', '/api/v1/workspace', key)).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', admin)).status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, w.owner, { disabled: true })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', admin)).status).toBe(401);
    expect((await t.request('GET', '/api/v1/workspace', key)).status).toBe(401);
  });

  it('a revoked key is refused at once', async () => {
    const w = await t.workspace();
    const made = await t.request('POST', '/api/v1/api-keys', w.owner, { name: 'script', role: 'manager' });
    const key = { key: made.body.key as string };
    expect((await t.request('GET', '/api/v1/workspace', key)).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/api-keys/${made.body.apiKey.id}`, w.owner)).status).toBeLessThan(300);
    expect((await t.request('GET', '/api/v1/workspace', key)).status).toBe(401);
  });

  it("a workspace's settings change reaches its remembered callers", async () => {
    const w = await t.workspace();
    const rep = await w.member('rep');
    const before = (await t.request('GET', '/api/auth/me', rep)).status;
    expect(before).toBe(200);
    const actorBefore = await t.services.auth.actorFromSession(rep.token);
    const flipped = !actorBefore!.repsSeeUnassigned;
    const res = await t.request('PATCH', '/api/v1/workspace', w.owner, { settings: { repsSeeUnassigned: flipped } });
    expect(res.status).toBe(200);
    expect((await t.services.auth.actorFromSession(rep.token))!.repsSeeUnassigned).toBe(flipped);
  });
});
