import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { apiKeys, sessions } from '../modules/auth/auth.schema';

describe('sign-in, sessions and API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.dispose());

  it('first-run setup creates the owner once, then login works and logout ends the session', async () => {
    expect((await t.request('GET', '/api/auth/setup')).body).toEqual({ needsSetup: true });
    const bad = await t.request('POST', '/api/auth/setup', undefined, {
      workspaceName: 'Shop',
      name: 'Sam',
      email: 'sam@shop.test',
      password: 'short',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('password');
    const setup = await t.request('POST', '/api/auth/setup', undefined, {
      workspaceName: 'Shop',
      name: 'Sam',
      email: 'Sam@Shop.test',
      password: 'password123',
    });
    expect(setup.status).toBe(201);
    expect(setup.body.user).toMatchObject({ email: 'sam@shop.test', role: 'owner' });
    expect(setup.headers.get('set-cookie')).toMatch(/pw_session=.+HttpOnly/i);
    expect(
      (
        await t.request('POST', '/api/auth/setup', undefined, {
          workspaceName: 'Again',
          name: 'Eve',
          email: 'eve@x.test',
          password: 'password123',
        })
      ).status,
    ).toBe(409);

    expect(
      (await t.request('POST', '/api/auth/login', undefined, { email: 'sam@shop.test', password: 'wrong-password' }))
        .status,
    ).toBe(401);
    const login = await t.request('POST', '/api/auth/login', undefined, {
      email: 'sam@shop.test',
      password: 'password123',
    });
    expect(login.status).toBe(200);
    const token = /pw_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    expect((await t.request('GET', '/api/auth/me', { token })).body.workspace.name).toBe('Shop');
    // sessions are stored hashed
    const stored = await t.database.db.select().from(sessions);
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
    await t.request('POST', '/api/auth/logout', { token });
    expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('API keys are shown once, hashed at rest, scoped and revocable', async () => {
    const ws = await t.workspace('Keys');
    const created = await t.request('POST', '/api/v1/api-keys', ws.owner, { name: 'Zapier', role: 'manager' });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^pw_/);
    const rows = await t.database.db.select().from(apiKeys);
    expect(JSON.stringify(rows)).not.toContain(key);
    const listed = await t.request('GET', '/api/v1/api-keys', ws.owner);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect((await t.request('POST', '/api/v1/contacts', { key }, { firstName: 'Via key' })).status).toBe(201);
    expect((await t.request('DELETE', `/api/v1/api-keys/${created.body.apiKey.id}`, ws.owner)).status).toBe(204);
    const after = await t.request('GET', '/api/v1/contacts', { key });
    expect(after.status).toBe(401);
  });

  it('login is rate limited per email', async () => {
    const strict = await createTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
    try {
      const ws = await strict.workspace('Limits');
      const email = (await strict.request('GET', '/api/auth/me', ws.owner)).body.user.email;
      let last = 0;
      for (let i = 0; i < 6; i++) {
        last = (await strict.request('POST', '/api/auth/login', undefined, { email, password: `wrong-${i}` })).status;
        if (last === 429) break;
      }
      expect(last).toBe(429);
    } finally {
      await strict.dispose();
    }
  });

  it('sends secure headers', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.body).toMatchObject({ status: 'ok', database: expect.stringMatching(/pglite|postgres/) });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBeTruthy();
  });

  it('serves OpenAPI 3.1 and the docs page', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const p of [
      '/api/v1/contacts',
      '/api/v1/contacts/{id}',
      '/api/v1/deals/{id}/move',
      '/api/v1/pipelines',
      '/api/v1/api-keys',
      '/api/v1/jobs/{id}',
    ])
      expect(doc.body.paths).toHaveProperty([p]);
    const page = await t.request('GET', '/api/docs');
    expect(String(page.body)).toContain('/api/v1/contacts');
  });
});
