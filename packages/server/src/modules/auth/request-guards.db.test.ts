import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/harness';
import type { Clock } from '../../platform/clock';
import { createAuthService } from './auth.service';
import { users } from './auth.schema';
import { createPasswords, storedCost } from './passwords';

const foreign = 'http://127.0.0.1:5199';

describe('CSRF: cookie writes must come from this server’s pages', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  beforeAll(async () => {
    t = await createTestApp({
      env: { PIPEWISE_PUBLIC_URL: 'https://crm.example.com', PIPEWISE_ALLOWED_ORIGINS: 'https://shop.example.com' },
    });
    ws = await t.workspace('Csrf');
  });
  afterAll(() => t.dispose());

  it('refuses another origin with 403 and says why', async () => {
    const res = await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Forged' }, { origin: foreign });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(`Origin ${foreign} is not this server`);
    expect((await t.request('GET', '/api/v1/contacts?q=Forged', ws.owner)).body.data).toEqual([]);
    for (const [method, path] of [
      ['DELETE', `/api/v1/api-keys/00000000-0000-4000-8000-000000000000`],
      ['POST', '/api/auth/logout'],
      ['POST', '/api/v1/forecasts/recompute'],
    ]) {
      expect((await t.request(method!, path!, ws.owner, undefined, { origin: foreign })).status, path).toBe(403);
    }
    expect((await t.request('GET', '/api/auth/me', ws.owner)).status).toBe(200); // the forged logout did nothing
  });

  it('refuses login and setup from another origin (login CSRF)', async () => {
    const email = (await t.request('GET', '/api/auth/me', ws.owner)).body.user.email;
    expect(
      (await t.request('POST', '/api/auth/login', undefined, { email, password: 'password123' }, { origin: foreign }))
        .status,
    ).toBe(403);
    expect(
      (
        await t.request(
          'POST',
          '/api/auth/setup',
          undefined,
          { workspaceName: 'X', name: 'X', email: 'x@x.test', password: 'password123' },
          { origin: foreign },
        )
      ).status,
    ).toBe(403);
    expect((await t.request('POST', '/api/auth/login', undefined, { email, password: 'password123' })).status).toBe(
      200,
    );
  });

  it('refuses a cookie write with neither Origin nor Sec-Fetch-Site, and a cross-site one', async () => {
    const bare = await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Bare' }, { origin: null });
    expect(bare.status).toBe(403);
    expect(bare.body.error.message).toContain('API key');
    expect(
      (
        await t.request(
          'POST',
          '/api/v1/contacts',
          ws.owner,
          { firstName: 'X' },
          { origin: null, 'sec-fetch-site': 'cross-site' },
        )
      ).status,
    ).toBe(403);
    expect((await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'X' }, { origin: 'null' })).status).toBe(
      403,
    );
    const form = new FormData();
    form.append('file', new Blob(['name\nAcme\n'], { type: 'text/csv' }), 'companies.csv');
    const upload = await t.app.request('/api/v1/imports?type=companies', {
      method: 'POST',
      headers: { cookie: `pw_session=${ws.owner.token}`, origin: foreign },
      body: form,
    });
    expect(upload.status).toBe(403);
  });

  it('accepts its own host, the configured public URL and origins, Sec-Fetch-Site same-origin, and API keys', async () => {
    expect((await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Same host' })).status).toBe(201);
    expect(
      (
        await t.request(
          'POST',
          '/api/v1/contacts',
          ws.owner,
          { firstName: 'Public' },
          { origin: 'https://crm.example.com' },
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request(
          'POST',
          '/api/v1/contacts',
          ws.owner,
          { firstName: 'Shop' },
          { origin: 'https://shop.example.com' },
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await t.request(
          'POST',
          '/api/v1/contacts',
          ws.owner,
          { firstName: 'Fetch' },
          { origin: null, 'sec-fetch-site': 'same-origin' },
        )
      ).status,
    ).toBe(201);
    const key = await t.request('POST', '/api/v1/api-keys', ws.owner, { name: 'script' });
    expect(
      (await t.request('POST', '/api/v1/contacts', { key: key.body.key }, { firstName: 'Script' }, { origin: foreign }))
        .status,
    ).toBe(201);
  });

  it('marks every API answer no-store, errors included', async () => {
    for (const res of [
      await t.request('GET', '/api/v1/contacts', ws.owner),
      await t.request('GET', '/api/v1/contacts'),
      await t.request('GET', '/api/nope'),
      await t.request('GET', '/api/health'),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('sign-in throttling: backoff per account and per IP, no lockout', () => {
  const start = Date.parse('2026-06-01T12:00:00.000Z');
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  let t: TestApp;
  let email: string;
  beforeAll(async () => {
    t = await createTestApp({ clock, env: { LOGIN_RATE_LIMIT: '5', LOGIN_BACKOFF_MAX_SECONDS: '60' } });
    const ws = await t.workspace('Throttle');
    email = (await t.request('GET', '/api/auth/me', ws.owner)).body.user.email;
  });
  afterAll(() => t.dispose());

  const login = (password: string) => t.request('POST', '/api/auth/login', undefined, { email, password });

  it('after 5 failures each attempt waits 2^k seconds, and the right password gets in after the wait', async () => {
    for (let i = 0; i < 6; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const blocked = await login('password123');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('2');
    now += 2000;
    expect((await login('wrong-again')).status).toBe(401);
    expect((await login('password123')).headers.get('retry-after')).toBe('4');
    now += 4000;
    expect((await login('password123')).status).toBe(200);
    expect((await login('wrong-after-success')).status).toBe(401); // success starts the count again
    expect((await login('password123')).status).toBe(200);
  });

  it('the wait is capped', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await login(`wrong-${i}`);
      if (res.status === 429) now += Number(res.headers.get('retry-after')) * 1000;
    }
    const res = await login('password123');
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    now += 60_000;
    expect((await login('password123')).status).toBe(200);
  });

  it('one noisy IP is slowed down without slowing anyone else', async () => {
    const noisy = '203.0.113.9';
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      await t.services.auth.login({ email: `nobody${i}@nowhere.test`, password: 'guess' }, noisy).catch((e: Error) => {
        if (/Too many sign-in attempts/.test(e.message)) refused++;
      });
    }
    expect(refused).toBeGreaterThan(0);
    await expect(t.services.auth.login({ email, password: 'password123' }, '198.51.100.7')).resolves.toBeTruthy();
  });
});

describe('passwords: the same work for unknown emails, and stronger hashes on the next sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.dispose());

  const authWith = (N: number) => {
    const passwords = createPasswords(N);
    const limits = { apiPerMinute: 1000, loginFreeAttempts: 100, loginMaxBackoffSeconds: 60 };
    const auth = createAuthService({
      db: t.database.db,
      clock: t.services.clock,
      audit: t.services.audit,
      workspaces: t.services.workspaces,
      sessionTtlHours: 1,
      limits,
      passwords,
    });
    return { auth, passwords };
  };

  it('an unknown email is checked against a dummy hash', async () => {
    const { auth, passwords } = authWith(1024);
    const unknown = vi.spyOn(passwords, 'verifyUnknown');
    await expect(auth.login({ email: 'nobody@nowhere.test', password: 'guess-1' }, '10.1.0.1')).rejects.toThrow(
      'Wrong email or password',
    );
    expect(unknown).toHaveBeenCalledWith('guess-1');
  });

  it('a hash made at a lower cost is replaced at the configured cost when its user signs in', async () => {
    const ws = await t.workspace('Rehash');
    const [before] = await t.database.db.select().from(users).where(eq(users.id, ws.owner.id));
    expect(storedCost(before!.passwordHash)).toBe(1024);
    const { auth } = authWith(2048);
    await auth.login({ email: before!.email, password: 'password123' }, '10.1.0.2');
    const [after] = await t.database.db.select().from(users).where(eq(users.id, ws.owner.id));
    expect(storedCost(after!.passwordHash)).toBe(2048);
    await expect(auth.login({ email: before!.email, password: 'password123' }, '10.1.0.2')).resolves.toBeTruthy();
  });

  it('production hashes use N=2^17 (r=8, p=1) within the memory limit', async () => {
    const hash = await createPasswords().hash('a long enough password');
    expect(storedCost(hash)).toBe(2 ** 17);
    expect(await createPasswords(1024).verify('a long enough password', hash)).toBe(true);
  });
});

describe('limits are shared by every process on the database', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    const env = { API_RATE_LIMIT: '6', LOGIN_RATE_LIMIT: '3' };
    first = await createTestApp({ env });
    second = await createTestApp({ env, database: first.database });
  });
  afterAll(() => first.dispose());

  it('an API key gets its limit once across two app instances', async () => {
    const ws = await first.workspace('Shared');
    const created = await first.request('POST', '/api/v1/api-keys', ws.owner, { name: 'shared' });
    const key = { key: created.body.key as string };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await first.request('GET', '/api/v1/contacts', key)).status);
      statuses.push((await second.request('GET', '/api/v1/contacts', key)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('failed sign-ins on one instance slow the account down on the other', async () => {
    const ws = await first.workspace('SharedLogin');
    const email = (await first.request('GET', '/api/auth/me', ws.owner)).body.user.email;
    for (let i = 0; i < 4; i++) {
      const app = i % 2 === 0 ? first : second;
      expect((await app.request('POST', '/api/auth/login', undefined, { email, password: `wrong-${i}` })).status).toBe(
        401,
      );
    }
    expect(
      (await second.request('POST', '/api/auth/login', undefined, { email, password: 'password123' })).status,
    ).toBe(429);
  });
});
