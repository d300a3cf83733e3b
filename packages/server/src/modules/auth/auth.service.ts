import { z } from 'zod';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import type { RateLimiter } from '../../platform/rate-limit';
import type { AuditService } from '../audit/audit.service';
import type { WorkspacesService } from '../workspaces/workspaces.service';
import { defaultWorkspaceSettings } from '../workspaces/workspaces.schema';
import { assertRole } from './access';
import { createAuthRepo } from './auth.repo';
import { roles, type Role, type users } from './auth.schema';
import { hashPassword, randomToken, sha256, verifyPassword } from './passwords';

const email = z.string().trim().toLowerCase().pipe(z.email('must be a valid email address'));
const password = z.string().min(8, 'must be at least 8 characters').max(200);
export const setupSchema = z.object({ workspaceName: z.string().trim().min(1).max(200), name: z.string().trim().min(1).max(200), email, password });
export const loginSchema = z.object({ email, password: z.string().min(1).max(200) });
export const userCreateSchema = z.object({ email, name: z.string().trim().min(1).max(200), role: z.enum(roles).default('rep'), password }).strict();
export const userPatchSchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), role: z.enum(roles).optional(), disabled: z.boolean().optional(), password: password.optional() })
  .strict();
export const apiKeyCreateSchema = z.object({ name: z.string().trim().min(1).max(200), role: z.enum(roles).default('admin') }).strict();

type UserRow = typeof users.$inferSelect;
export const publicUser = (u: UserRow) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null, createdAt: u.createdAt });

export type AuthDeps = { db: Db; clock: Clock; audit: AuditService; workspaces: WorkspacesService; loginLimiter: RateLimiter; sessionTtlHours: number };

export function createAuthService({ db, clock, audit, workspaces, loginLimiter, sessionTtlHours }: AuthDeps) {
  const repo = createAuthRepo(db);
  const rank: Record<Role, number> = { viewer: 0, rep: 1, manager: 2, admin: 3, owner: 4 };

  async function newSession(userId: string) {
    const token = randomToken();
    const expiresAt = new Date(clock.now().getTime() + sessionTtlHours * 3600_000);
    await repo.insertSession({ tokenHash: sha256(token), userId, expiresAt, createdAt: clock.now() });
    return { token, expiresAt };
  }

  const actorForUser = (u: UserRow, repsSeeUnassigned: boolean): Actor => ({
    kind: 'user', id: u.id, userId: u.id, workspaceId: u.workspaceId, role: u.role, name: u.name, repsSeeUnassigned,
  });

  async function insertUser(actor: Actor | null, workspaceId: string, input: z.infer<typeof userCreateSchema>, tx: Parameters<Parameters<Db['transaction']>[0]>[0]) {
    if (await repo.userByEmail(input.email, tx)) throw new AppError('conflict', `A user with email ${input.email} already exists`, { field: 'email' });
    const user = await repo.insertUser(tx, { workspaceId, email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password), createdAt: clock.now() });
    const by = actor ?? actorForUser(user, true);
    await audit.record(tx, by, { action: 'user.create', entityType: 'user', entityId: user.id, after: publicUser(user) });
    return user;
  }

  return {
    needsSetup: async () => (await repo.countUsers()) === 0,

    /** The first workspace and its owner; refused once any user exists. */
    async setup(input: z.infer<typeof setupSchema>) {
      if ((await repo.countUsers()) > 0) throw new AppError('conflict', 'Pipewise is already set up: sign in instead');
      const user = await db.transaction(async (tx) => {
        const ws = await workspaces.create(tx, input.workspaceName);
        return insertUser(null, ws.id, { email: input.email, name: input.name, role: 'owner', password: input.password }, tx);
      });
      return { user, ...(await newSession(user.id)) };
    },

    /** A workspace with an owner, for the CLI and tests (no session). */
    async createWorkspaceWithOwner(input: z.infer<typeof setupSchema>) {
      return db.transaction(async (tx) => {
        const ws = await workspaces.create(tx, input.workspaceName);
        const user = await insertUser(null, ws.id, { email: input.email, name: input.name, role: 'owner', password: input.password }, tx);
        return { workspace: ws, user };
      });
    },

    async login(input: z.infer<typeof loginSchema>, ip: string) {
      const keys = [`email:${input.email}`, `ip:${ip}`];
      keys.forEach((k) => loginLimiter.check(k));
      const user = await repo.userByEmail(input.email);
      const ok = user && !user.disabledAt && (await verifyPassword(input.password, user.passwordHash));
      if (!ok || !user) {
        keys.forEach((k) => loginLimiter.hit(k));
        throw new AppError('unauthorized', 'Wrong email or password');
      }
      loginLimiter.reset(`email:${input.email}`);
      return { user, ...(await newSession(user.id)) };
    },

    logout: (token: string) => repo.deleteSession(sha256(token)),

    async actorFromSession(token: string): Promise<Actor | null> {
      const ctx = await repo.sessionContext(sha256(token), clock.now());
      if (!ctx) return null;
      const settings = { ...defaultWorkspaceSettings, ...ctx.workspace.settings };
      return actorForUser(ctx.user, settings.repsSeeUnassigned);
    },

    async actorFromApiKey(key: string): Promise<Actor | null> {
      const ctx = await repo.apiKeyContext(sha256(key));
      if (!ctx) return null;
      void repo.touchApiKey(ctx.key.id, clock.now()).catch(() => {});
      const settings = { ...defaultWorkspaceSettings, ...ctx.workspace.settings };
      return { kind: 'api_key', id: ctx.key.id, userId: ctx.key.createdBy, workspaceId: ctx.key.workspaceId, role: ctx.key.role, name: `API key ${ctx.key.name}`, repsSeeUnassigned: settings.repsSeeUnassigned };
    },

    async me(actor: Actor) {
      const ws = await workspaces.get(actor.workspaceId);
      const user = actor.userId ? await repo.userById(actor.workspaceId, actor.userId) : undefined;
      return {
        user: user ? publicUser(user) : { id: actor.id, email: null, name: actor.name, role: actor.role, disabled: false, createdAt: null },
        workspace: { id: ws.id, name: ws.name, settings: ws.settings },
      };
    },

    listUsers: async (actor: Actor) => (await repo.listUsers(actor.workspaceId)).map(publicUser),

    async createUser(actor: Actor, input: z.infer<typeof userCreateSchema>) {
      assertRole(actor, 'admin');
      if (rank[input.role] > rank[actor.role]) throw new AppError('forbidden', `An ${actor.role} cannot create a user with the ${input.role} role`);
      return publicUser(await db.transaction((tx) => insertUser(actor, actor.workspaceId, input, tx)));
    },

    async updateUser(actor: Actor, id: string, patch: z.infer<typeof userPatchSchema>) {
      assertRole(actor, 'admin');
      const before = await repo.userById(actor.workspaceId, id);
      if (!before) throw notFound('User', id);
      if (patch.role && (rank[patch.role] > rank[actor.role] || rank[before.role] > rank[actor.role])) {
        throw new AppError('forbidden', `An ${actor.role} cannot change a ${before.role} into a ${patch.role}`);
      }
      const losesOwner = before.role === 'owner' && ((patch.role && patch.role !== 'owner') || patch.disabled);
      if (losesOwner && (await repo.countOwners(actor.workspaceId)) <= 1) throw new AppError('conflict', 'A workspace needs at least one active owner', { field: 'role' });
      return db.transaction(async (tx) => {
        const after = await repo.updateUser(tx, actor.workspaceId, id, {
          name: patch.name,
          role: patch.role,
          disabledAt: patch.disabled === undefined ? undefined : patch.disabled ? clock.now() : null,
          passwordHash: patch.password ? await hashPassword(patch.password) : undefined,
        });
        if (!after) throw notFound('User', id);
        if (patch.disabled || patch.password) await repo.deleteUserSessions(tx, id);
        await audit.record(tx, actor, { action: 'user.update', entityType: 'user', entityId: id, before: publicUser(before), after: publicUser(after) });
        return publicUser(after);
      });
    },

    async listApiKeys(actor: Actor) {
      assertRole(actor, 'admin');
      return (await repo.listApiKeys(actor.workspaceId)).map(({ keyHash: _h, ...k }) => k);
    },

    /** The key itself is returned once; only its hash is stored. */
    async createApiKey(actor: Actor, input: z.infer<typeof apiKeyCreateSchema>) {
      assertRole(actor, 'admin');
      if (rank[input.role] > rank[actor.role]) throw new AppError('forbidden', `An ${actor.role} cannot create a key with the ${input.role} role`, { field: 'role' });
      const secret = `pw_${randomToken(24)}`;
      const row = await db.transaction(async (tx) => {
        const k = await repo.insertApiKey(tx, { workspaceId: actor.workspaceId, name: input.name, role: input.role, prefix: secret.slice(0, 7), keyHash: sha256(secret), createdBy: actor.userId, createdAt: clock.now() });
        await audit.record(tx, actor, { action: 'api_key.create', entityType: 'api_key', entityId: k.id, after: { name: k.name, role: k.role, prefix: k.prefix } });
        return k;
      });
      const { keyHash: _h, ...apiKey } = row;
      return { key: secret, apiKey };
    },

    async revokeApiKey(actor: Actor, id: string) {
      assertRole(actor, 'admin');
      await db.transaction(async (tx) => {
        const k = await repo.revokeApiKey(tx, actor.workspaceId, id, clock.now());
        if (!k) throw notFound('API key', id);
        await audit.record(tx, actor, { action: 'api_key.revoke', entityType: 'api_key', entityId: id, before: { name: k.name } });
      });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
