import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

type Member = { token: string; id: string; email: string };

describe('ranks: nobody acts on a user or key ranked at or above them', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let admin: Member;
  let otherAdmin: Member;
  let manager: Member;
  let rep: Member;
  let ownerEmail: string;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Ranks');
    admin = await ws.member('admin');
    otherAdmin = await ws.member('admin', 'admintwo');
    manager = await ws.member('manager');
    rep = await ws.member('rep');
    ownerEmail = (await t.request('GET', '/api/auth/me', ws.owner)).body.user.email;
  });
  afterAll(() => t.dispose());

  it('an admin cannot reset, rename, disable or revoke anything of an owner', async () => {
    const takeover = await t.request('PATCH', `/api/v1/users/${ws.owner.id}`, admin, { password: 'attacker-password' });
    expect(takeover.status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${ws.owner.id}`, admin, { disabled: true })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${ws.owner.id}`, admin, { name: 'Mallory' })).status).toBe(403);
    const ownerKey = await t.request('POST', '/api/v1/api-keys', ws.owner, { name: 'owner script', role: 'admin' });
    expect((await t.request('DELETE', `/api/v1/api-keys/${ownerKey.body.apiKey.id}`, admin)).status).toBe(403);
    // nothing changed: the owner still signs in with their password, the key still works
    await expect(
      t.services.auth.login({ email: ownerEmail, password: 'password123' }, '10.0.0.1'),
    ).resolves.toBeTruthy();
    expect((await t.request('GET', '/api/v1/contacts', { key: ownerKey.body.key })).status).toBe(200);
  });

  it('an admin cannot act on another admin or raise anyone to owner, but manages lower roles', async () => {
    expect((await t.request('PATCH', `/api/v1/users/${otherAdmin.id}`, admin, { disabled: true })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${otherAdmin.id}`, admin, { role: 'viewer' })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, admin, { role: 'owner' })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${manager.id}`, admin, { role: 'owner' })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, admin, { name: 'Ada' })).status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/users/${rep.id}`, admin, { name: 'Rep renamed' })).status).toBe(200);
  });

  it('only an owner resets another user’s password, and only below owner; nobody resets their own that way', async () => {
    expect((await t.request('PATCH', `/api/v1/users/${manager.id}`, admin, { password: 'newpassword1' })).status).toBe(
      403,
    );
    const own = await t.request('PATCH', `/api/v1/users/${admin.id}`, admin, { password: 'newpassword1' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('/api/v1/account/password');
    expect(
      (await t.request('PATCH', `/api/v1/users/${ws.owner.id}`, ws.owner, { password: 'newpassword1' })).status,
    ).toBe(403);

    const reset = await t.request('PATCH', `/api/v1/users/${manager.id}`, ws.owner, { password: 'reset-by-owner' });
    expect(reset.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', manager)).status).toBe(401); // the reset ends their sessions
    const again = await t.services.auth.login({ email: manager.email, password: 'reset-by-owner' }, '10.0.0.2');
    manager = { ...manager, token: again.token };
  });

  it('owners are changed only by owners, and a workspace keeps one active owner', async () => {
    const second = await t.request('POST', '/api/v1/users', ws.owner, {
      email: 'second-owner@ranks.test',
      name: 'Second',
      role: 'owner',
      password: 'password123',
    });
    expect(second.status).toBe(201);
    expect((await t.request('PATCH', `/api/v1/users/${second.body.id}`, admin, { role: 'admin' })).status).toBe(403);
    expect((await t.request('PATCH', `/api/v1/users/${second.body.id}`, ws.owner, { role: 'admin' })).status).toBe(200);
    expect((await t.request('PATCH', `/api/v1/users/${ws.owner.id}`, ws.owner, { role: 'admin' })).status).toBe(409);
  });

  it('a password is changed with the current one: other sessions end, this one stays', async () => {
    const elsewhere = await t.services.auth.login({ email: rep.email, password: 'password123' }, '10.0.0.3');
    const wrong = await t.request('POST', '/api/v1/account/password', rep, {
      currentPassword: 'not-it',
      newPassword: 'brand-new-pass',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('currentPassword');
    const short = await t.request('POST', '/api/v1/account/password', rep, {
      currentPassword: 'password123',
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details.field).toBe('newPassword');

    const ok = await t.request('POST', '/api/v1/account/password', rep, {
      currentPassword: 'password123',
      newPassword: 'brand-new-pass',
    });
    expect(ok.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', rep)).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { token: elsewhere.token })).status).toBe(401);
    await expect(t.services.auth.login({ email: rep.email, password: 'password123' }, '10.0.0.3')).rejects.toThrow(
      /Wrong email or password/,
    );
    await expect(
      t.services.auth.login({ email: rep.email, password: 'brand-new-pass' }, '10.0.0.3'),
    ).resolves.toBeTruthy();

    const key = await t.request('POST', '/api/v1/api-keys', ws.owner, { name: 'script', role: 'viewer' });
    const byKey = await t.request(
      'POST',
      '/api/v1/account/password',
      { key: key.body.key },
      { currentPassword: 'password123', newPassword: 'brand-new-pass' },
    );
    expect(byKey.status).toBe(403);
  });

  it('the CLI operator (system actor) can set a lost owner password; its sessions end', async () => {
    const { systemActor } = await import('../../platform/cli-kit');
    const system = systemActor(ws.id);
    await expect(
      t.services.auth.resetPasswordByEmail(system, { email: ownerEmail, password: 'short' }),
    ).rejects.toThrow(/password/i);
    await expect(
      t.services.auth.resetPasswordByEmail(system, { email: 'nobody@nowhere.test', password: 'long-enough-1' }),
    ).rejects.toThrow(/not found/);
    await t.services.auth.resetPasswordByEmail(system, { email: ownerEmail, password: 'operator-reset-1' });
    expect((await t.request('GET', '/api/auth/me', ws.owner)).status).toBe(401);
    const back = await t.services.auth.login({ email: ownerEmail, password: 'operator-reset-1' }, '10.0.0.4');
    ws.owner.token = back.token;
  });

  it('a demoted or disabled user is signed out everywhere', async () => {
    const demoted = await ws.member('manager', 'demoted');
    expect((await t.request('PATCH', `/api/v1/users/${demoted.id}`, ws.owner, { role: 'viewer' })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', demoted)).status).toBe(401);
    const disabled = await ws.member('rep', 'disabled');
    expect((await t.request('PATCH', `/api/v1/users/${disabled.id}`, admin, { disabled: true })).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', disabled)).status).toBe(401);
  });
});

describe('API keys act with at most their creator’s current role and die with them', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Keys');
  });
  afterAll(() => t.dispose());

  it('an admin’s key is demoted with the admin and refused once the admin is disabled', async () => {
    const admin = await ws.member('admin');
    const created = await t.request('POST', '/api/v1/api-keys', admin, { name: 'admin script', role: 'admin' });
    expect(created.status).toBe(201);
    const key = { key: created.body.key as string };
    expect((await t.request('GET', '/api/v1/audit', key)).status).toBe(200);

    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, ws.owner, { role: 'viewer' })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/audit', key)).status).toBe(403);
    expect((await t.request('POST', '/api/v1/contacts', key, { firstName: 'Nope' })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/contacts', key)).status).toBe(200);

    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, ws.owner, { disabled: true })).status).toBe(200);
    const dead = await t.request('GET', '/api/v1/contacts', key);
    expect(dead.status).toBe(401);
    // re-enabling the user brings the key back at the user's role
    expect((await t.request('PATCH', `/api/v1/users/${admin.id}`, ws.owner, { disabled: false })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/contacts', key)).status).toBe(200);
  });

  it('workspace keys are made explicitly, by owners only, and outlive their maker', async () => {
    const admin = await ws.member('admin', 'keyadmin');
    const refused = await t.request('POST', '/api/v1/api-keys', admin, {
      name: 'shop sync',
      role: 'manager',
      ownedByWorkspace: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.field).toBe('ownedByWorkspace');

    const coOwner = await ws.member('owner', 'coowner');
    const workspaceKey = await t.request('POST', '/api/v1/api-keys', coOwner, {
      name: 'shop sync',
      role: 'manager',
      ownedByWorkspace: true,
    });
    const personalKey = await t.request('POST', '/api/v1/api-keys', coOwner, { name: 'my script', role: 'manager' });
    expect(workspaceKey.body.apiKey.ownedByWorkspace).toBe(true);
    expect(personalKey.body.apiKey.ownedByWorkspace).toBe(false);
    const listed = await t.request('GET', '/api/v1/api-keys', ws.owner);
    expect(listed.body.data.find((k: { id: string }) => k.id === workspaceKey.body.apiKey.id).ownedByWorkspace).toBe(
      true,
    );

    expect((await t.request('PATCH', `/api/v1/users/${coOwner.id}`, ws.owner, { disabled: true })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/contacts', { key: workspaceKey.body.key })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/contacts', { key: personalKey.body.key })).status).toBe(401);
    // an admin cannot revoke a workspace key; an owner can
    expect((await t.request('DELETE', `/api/v1/api-keys/${workspaceKey.body.apiKey.id}`, admin)).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/api-keys/${workspaceKey.body.apiKey.id}`, ws.owner)).status).toBe(204);
    // an admin revokes their own key
    const own = await t.request('POST', '/api/v1/api-keys', admin, { name: 'mine', role: 'rep' });
    expect((await t.request('DELETE', `/api/v1/api-keys/${own.body.apiKey.id}`, admin)).status).toBe(204);
  });
});
