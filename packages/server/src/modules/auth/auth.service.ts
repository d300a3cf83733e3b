import { z } from 'zod';
import { createActorCache, type ActorCache } from '../../platform/actor-cache';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, forbidden, notFound, validationError } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import type { WorkspacesService } from '../workspaces/workspaces.service';
import { defaultWorkspaceSettings } from '../workspaces/workspaces.service';
import { assertMayManage, assertMayResetPassword, assertRole, atLeast, lowerRole, roleRank } from './access';
import { createAuthRepo } from './auth.repo';
import { roles, type users } from './auth.schema';
import { createPasswords, randomToken, sha256, type Passwords } from './passwords';
import { countAttempt, forgiveAttempt, waitSeconds, type ThrottleRule } from './throttle';

const email = z.string().trim().toLowerCase().pipe(z.email('must be a valid email address'));
const password = z.string().min(8, 'must be at least 8 characters').max(200);
export const setupSchema = z.object({
  workspaceName: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  email,
  password,
});
export const loginSchema = z.object({ email, password: z.string().min(1).max(200) });
export const userCreateSchema = z
  .object({ email, name: z.string().trim().min(1).max(200), role: z.enum(roles).default('rep'), password })
  .strict();
export const userPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(roles).optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
  })
  .strict();
export const apiKeyCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(roles).default('admin'),
    /** Owners only: a key that belongs to the workspace and outlives whoever made it. */
    ownedByWorkspace: z.boolean().default(false),
  })
  .strict();
export const passwordChangeSchema = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: password })
  .strict();

type UserRow = typeof users.$inferSelect;
export const publicUser = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt,
});

export type RateLimits = {
  /** Requests per minute per API key or session user on /api. */
  apiPerMinute: number;
  /** Sign-in attempts per account in 15 minutes before backoff; an IP gets ten times as many. */
  loginFreeAttempts: number;
  loginMaxBackoffSeconds: number;
};
export type AuthDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: WorkspacesService;
  sessionTtlHours: number;
  limits: RateLimits;
  /** Password hashing at the configured scrypt cost (tests inject a low one). */
  passwords?: Passwords;
  /** Recent session and key lookups (platform/actor-cache.ts); none: every request looks its caller up. */
  actors?: ActorCache;
};

const loginWindowMs = 15 * 60_000;

export function createAuthService({
  db,
  clock,
  audit,
  workspaces,
  sessionTtlHours,
  limits,
  passwords = createPasswords(),
  actors = createActorCache({ clock, ttlMs: 0 }),
}: AuthDeps) {
  const repo = createAuthRepo(db);
  const accountRule: ThrottleRule = {
    freeAttempts: limits.loginFreeAttempts,
    windowMs: loginWindowMs,
    maxBackoffMs: limits.loginMaxBackoffSeconds * 1000,
  };
  const ipRule: ThrottleRule = { ...accountRule, freeAttempts: limits.loginFreeAttempts * 10 };
  let hitsSinceSweep = 0;

  async function newSession(userId: string) {
    const token = randomToken();
    const expiresAt = new Date(clock.now().getTime() + sessionTtlHours * 3600_000);
    await repo.insertSession({ tokenHash: sha256(token), userId, expiresAt, createdAt: clock.now() });
    return { token, expiresAt };
  }

  const actorForUser = (u: UserRow, repsSeeUnassigned: boolean): Actor => ({
    kind: 'user',
    id: u.id,
    userId: u.id,
    workspaceId: u.workspaceId,
    role: u.role,
    name: u.name,
    repsSeeUnassigned,
  });

  async function insertUser(
    actor: Actor | null,
    workspaceId: string,
    input: z.infer<typeof userCreateSchema>,
    tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  ) {
    if (await repo.userByEmail(input.email, tx))
      throw new AppError('conflict', `A user with email ${input.email} already exists`, { field: 'email' });
    const user = await repo.insertUser(tx, {
      workspaceId,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await passwords.hash(input.password),
      createdAt: clock.now(),
    });
    const by = actor ?? actorForUser(user, true);
    await audit.record(tx, by, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: publicUser(user),
    });
    return user;
  }

  const service = {
    needsSetup: async () => (await repo.countUsers()) === 0,

    /** The first workspace and its owner; refused once any user exists. */
    async setup(input: z.infer<typeof setupSchema>) {
      if ((await repo.countUsers()) > 0) throw new AppError('conflict', 'Pipewise is already set up: sign in instead');
      const user = await db.transaction(async (tx) => {
        const ws = await workspaces.create(tx, input.workspaceName);
        return insertUser(
          null,
          ws.id,
          { email: input.email, name: input.name, role: 'owner', password: input.password },
          tx,
        );
      });
      return { user, ...(await newSession(user.id)) };
    },

    /** A workspace with an owner, for the CLI and tests (no session). */
    async createWorkspaceWithOwner(input: z.infer<typeof setupSchema>) {
      return db.transaction(async (tx) => {
        const ws = await workspaces.create(tx, input.workspaceName);
        const user = await insertUser(
          null,
          ws.id,
          { email: input.email, name: input.name, role: 'owner', password: input.password },
          tx,
        );
        return { workspace: ws, user };
      });
    },

    /**
     * Throttled per account and per IP in counters every process shares. Unknown emails cost the same scrypt work as
     * known ones, so the answer's timing does not tell which accounts exist.
     */
    async login(input: z.infer<typeof loginSchema>, ip: string) {
      const now = clock.now();
      const accountKey = `login:account:${input.email}`;
      const ipKey = `login:ip:${ip}`;
      await db.transaction(async (tx) => {
        const counters = await repo.lockCounters(tx, [accountKey, ipKey], now);
        const wait = Math.max(0, ...counters.map((c) => waitSeconds(c, now)));
        if (wait > 0) {
          throw new AppError('rate_limited', `Too many sign-in attempts: try again in ${wait} s`, { retryAfter: wait });
        }
        for (const c of counters)
          await repo.saveCounter(tx, countAttempt(c, now, c.key === ipKey ? ipRule : accountRule));
      });
      const user = await repo.userByEmail(input.email);
      const ok = user
        ? await passwords.verify(input.password, user.passwordHash)
        : await passwords.verifyUnknown(input.password);
      if (!ok || !user || user.disabledAt) throw new AppError('unauthorized', 'Wrong email or password');
      await db.transaction(async (tx) => {
        const [ipCounter] = await repo.lockCounters(tx, [ipKey], now);
        if (ipCounter) await repo.saveCounter(tx, forgiveAttempt(ipCounter, ipRule));
        // Not audited: the same password under a stronger hash changes nothing a person could review.
        if (passwords.needsRehash(user.passwordHash))
          await repo.setPasswordHash(tx, user.id, await passwords.hash(input.password));
      });
      await repo.deleteCounters([accountKey]);
      return { user, ...(await newSession(user.id)) };
    },

    /** Counts one API request for `who` (a key or a user) in a window every process shares. */
    async limitRequest(who: string) {
      const now = clock.now();
      const { count, resetAt } = await repo.countHit(`api:${who}`, now, 60_000);
      if (++hitsSinceSweep >= 1000) {
        hitsSinceSweep = 0;
        void repo.sweepCounters(now).catch(() => {});
      }
      if (count > limits.apiPerMinute) {
        const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
        throw new AppError('rate_limited', `Too many requests: try again in ${retryAfter} s`, { retryAfter });
      }
    },

    /**
     * Counts one hit on a named counter (the public website routes: per visitor, per IP) in the same shared table as
     * the API limit; over `limit` hits in `windowMs` it refuses with 429 and Retry-After.
     */
    async limitKey(key: string, limit: number, windowMs = 60_000) {
      const now = clock.now();
      const { count, resetAt } = await repo.countHit(key, now, windowMs);
      if (++hitsSinceSweep >= 1000) {
        hitsSinceSweep = 0;
        void repo.sweepCounters(now).catch(() => {});
      }
      if (count > limit) {
        const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
        throw new AppError('rate_limited', `Too many requests: try again in ${retryAfter} s`, { retryAfter });
      }
    },

    async logout(token: string) {
      const hash = sha256(token);
      actors.forget(`session:${hash}`);
      await repo.deleteSession(hash);
    },

    async actorFromSession(token: string): Promise<Actor | null> {
      const hash = sha256(token);
      const cached = actors.get(`session:${hash}`);
      if (cached) return cached;
      const ctx = await repo.sessionContext(hash, clock.now());
      if (!ctx) return null;
      const settings = { ...defaultWorkspaceSettings, ...ctx.workspace.settings };
      const actor = actorForUser(ctx.user, settings.repsSeeUnassigned);
      actors.set(`session:${hash}`, actor, ctx.expiresAt);
      return actor;
    },

    async actorFromApiKey(key: string): Promise<Actor | null> {
      const hash = sha256(key);
      const cached = actors.get(`key:${hash}`);
      if (cached) return cached;
      const ctx = await repo.apiKeyContext(hash);
      if (!ctx) return null;
      void repo.touchApiKey(ctx.key.id, clock.now()).catch(() => {});
      const settings = { ...defaultWorkspaceSettings, ...ctx.workspace.settings };
      // Never more than its creator may do today: a demoted admin's key is demoted with them.
      const role = ctx.creatorRole ? lowerRole(ctx.key.role, ctx.creatorRole) : ctx.key.role;
      const actor: Actor = {
        kind: 'api_key',
        id: ctx.key.id,
        userId: ctx.key.createdBy,
        workspaceId: ctx.key.workspaceId,
        role,
        name: `API key ${ctx.key.name}`,
        repsSeeUnassigned: settings.repsSeeUnassigned,
      };
      actors.set(`key:${hash}`, actor);
      return actor;
    },

    async me(actor: Actor) {
      const ws = await workspaces.get(actor.workspaceId);
      const user = actor.userId ? await repo.userById(actor.workspaceId, actor.userId) : undefined;
      return {
        user: user
          ? publicUser(user)
          : { id: actor.id, email: null, name: actor.name, role: actor.role, disabled: false, createdAt: null },
        workspace: { id: ws.id, name: ws.name, settings: ws.settings },
      };
    },

    listUsers: async (actor: Actor) => (await repo.listUsers(actor.workspaceId)).map(publicUser),

    async createUser(actor: Actor, input: z.infer<typeof userCreateSchema>) {
      assertRole(actor, 'admin');
      if (!atLeast(actor.role, input.role))
        throw new AppError('forbidden', `An ${actor.role} cannot create a user with the ${input.role} role`, {
          field: 'role',
        });
      return publicUser(await db.transaction((tx) => insertUser(actor, actor.workspaceId, input, tx)));
    },

    async updateUser(actor: Actor, id: string, patch: z.infer<typeof userPatchSchema>) {
      const before = await repo.userById(actor.workspaceId, id);
      if (!before) throw notFound('User', id);
      assertMayManage(actor, { userId: before.id, role: before.role }, 'change');
      if (patch.role && !atLeast(actor.role, patch.role)) {
        throw new AppError('forbidden', `An ${actor.role} cannot make anyone a ${patch.role}`, { field: 'role' });
      }
      if (patch.password !== undefined) assertMayResetPassword(actor, before);
      const losesOwner = before.role === 'owner' && ((patch.role && patch.role !== 'owner') || patch.disabled);
      if (losesOwner && (await repo.countOwners(actor.workspaceId)) <= 1)
        throw new AppError('conflict', 'A workspace needs at least one active owner', { field: 'role' });
      const updated = await db.transaction(async (tx) => {
        const after = await repo.updateUser(tx, actor.workspaceId, id, {
          name: patch.name,
          role: patch.role,
          disabledAt: patch.disabled === undefined ? undefined : patch.disabled ? clock.now() : null,
          passwordHash: patch.password ? await passwords.hash(patch.password) : undefined,
        });
        if (!after) throw notFound('User', id);
        // Disabled, demoted or given a new password: every open session ends and signs in again as who they are now.
        const demoted = patch.role !== undefined && roleRank[patch.role] < roleRank[before.role];
        if (patch.disabled || patch.password || demoted) await repo.deleteUserSessions(tx, id);
        await audit.record(tx, actor, {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          before: publicUser(before),
          after: publicUser(after),
        });
        return publicUser(after);
      });
      // Its sessions and the keys it created act with the new name, role or not at all from the next request.
      actors.forgetUser(id);
      return updated;
    },

    /** Sets the password of the workspace's user with `email` (the CLI's `user password`), under the rank rules. */
    async resetPasswordByEmail(actor: Actor, input: z.infer<typeof loginSchema>) {
      const user = await repo.userByEmail(input.email);
      if (!user || user.workspaceId !== actor.workspaceId) throw notFound('User', input.email);
      const checked = password.safeParse(input.password);
      if (!checked.success) throw validationError(checked.error.issues, 'password');
      return service.updateUser(actor, user.id, { password: checked.data });
    },

    /** A user's own password, with the current one; other sessions end, this one stays signed in. */
    async changePassword(actor: Actor, input: z.infer<typeof passwordChangeSchema>, currentSessionToken?: string) {
      if (actor.kind !== 'user' || !actor.userId)
        throw forbidden('Only a signed-in user can change their password; an API key has none');
      const user = await repo.userById(actor.workspaceId, actor.userId);
      if (!user) throw notFound('User', actor.userId);
      if (!(await passwords.verify(input.currentPassword, user.passwordHash))) {
        throw new AppError('validation', 'Invalid currentPassword: this is not your current password', {
          field: 'currentPassword',
          issues: [{ path: 'currentPassword', message: 'this is not your current password' }],
        });
      }
      const passwordHash = await passwords.hash(input.newPassword);
      await db.transaction(async (tx) => {
        await repo.setPasswordHash(tx, user.id, passwordHash);
        await repo.deleteUserSessions(tx, user.id, currentSessionToken ? sha256(currentSessionToken) : undefined);
        await audit.record(tx, actor, { action: 'user.password_change', entityType: 'user', entityId: user.id });
      });
      actors.forgetUser(user.id);
    },

    async listApiKeys(actor: Actor) {
      assertRole(actor, 'admin');
      return (await repo.listApiKeys(actor.workspaceId)).map(({ keyHash: _h, ...k }) => k);
    },

    /** The key itself is returned once; only its hash is stored. */
    async createApiKey(actor: Actor, input: z.input<typeof apiKeyCreateSchema>) {
      assertRole(actor, 'admin');
      const role = input.role ?? 'admin';
      if (!atLeast(actor.role, role))
        throw new AppError('forbidden', `An ${actor.role} cannot create a key with the ${role} role`, {
          field: 'role',
        });
      // The CLI (no user) makes workspace keys; a key tied to no one would be dead on arrival.
      const ownedByWorkspace = input.ownedByWorkspace === true || actor.userId === null;
      if (ownedByWorkspace && actor.role !== 'owner') {
        throw new AppError('forbidden', 'Only an owner can create a workspace key', { field: 'ownedByWorkspace' });
      }
      const secret = `pw_${randomToken(24)}`;
      const row = await db.transaction(async (tx) => {
        const k = await repo.insertApiKey(tx, {
          workspaceId: actor.workspaceId,
          name: input.name,
          role,
          prefix: secret.slice(0, 7),
          keyHash: sha256(secret),
          createdBy: ownedByWorkspace ? null : actor.userId,
          ownedByWorkspace,
          createdAt: clock.now(),
        });
        const after = { name: k.name, role: k.role, prefix: k.prefix, ownedByWorkspace: k.ownedByWorkspace };
        await audit.record(tx, actor, { action: 'api_key.create', entityType: 'api_key', entityId: k.id, after });
        return k;
      });
      const { keyHash: _h, ...apiKey } = row;
      return { key: secret, apiKey };
    },

    async revokeApiKey(actor: Actor, id: string) {
      const found = await repo.keyById(actor.workspaceId, id);
      if (!found) throw notFound('API key', id);
      // A key ranks as the higher of its own role and its creator's; a workspace key as an owner.
      const { key, creatorRole } = found;
      const keyRank = key.ownedByWorkspace
        ? 'owner'
        : creatorRole && atLeast(creatorRole, key.role)
          ? creatorRole
          : key.role;
      assertMayManage(actor, { userId: key.createdBy, role: keyRank }, 'revoke a key of');
      await db.transaction(async (tx) => {
        const k = await repo.revokeApiKey(tx, actor.workspaceId, id, clock.now());
        if (!k) throw notFound('API key', id);
        await audit.record(tx, actor, {
          action: 'api_key.revoke',
          entityType: 'api_key',
          entityId: id,
          before: { name: k.name },
        });
      });
      actors.forgetApiKey(id);
    },
  };
  return service;
}
export type AuthService = ReturnType<typeof createAuthService>;
