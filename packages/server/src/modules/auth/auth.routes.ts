import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams } from '../../platform/crud-routes';
import {
  apiKeyCreateSchema,
  loginSchema,
  passwordChangeSchema,
  setupSchema,
  userCreateSchema,
  userPatchSchema,
  type AuthService,
} from './auth.service';

export const SESSION_COOKIE = 'pw_session';
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const err = { description: 'Error', ...json(errorSchema) };
const userSchema = z
  .object({ id: z.string(), email: z.string().nullable(), name: z.string(), role: z.string(), disabled: z.boolean() })
  .openapi('User');
const meSchema = z.object({
  user: userSchema,
  workspace: z.object({ id: z.string(), name: z.string(), settings: z.record(z.string(), z.unknown()) }),
});

function clientIp(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Sign-in routes, outside /api/v1 because they run before there is an actor. */
export function registerAuthRoutes(
  router: OpenAPIHono<AppEnv>,
  auth: AuthService,
  opts: { secureCookies: boolean; ttlHours: number },
) {
  const startSession = (c: Parameters<typeof setCookie>[0], token: string) =>
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: opts.secureCookies,
      path: '/',
      maxAge: opts.ttlHours * 3600,
    });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/setup',
      tags: ['Auth'],
      responses: {
        200: { description: 'Whether the first owner must be created', ...json(z.object({ needsSetup: z.boolean() })) },
      },
    }),
    async (c) => c.json({ needsSetup: await auth.needsSetup() }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/setup',
      tags: ['Auth'],
      request: { body: { required: true, ...json(setupSchema) } },
      responses: { 201: { description: 'Created and signed in', ...json(meSchema) }, 400: err, 409: err },
    }),
    async (c) => {
      const { token } = await auth.setup(c.req.valid('json'));
      startSession(c, token);
      const actor = await auth.actorFromSession(token);
      return c.json(await auth.me(actor!), 201);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags: ['Auth'],
      request: { body: { required: true, ...json(loginSchema) } },
      responses: { 200: { description: 'Signed in', ...json(meSchema) }, 400: err, 401: err, 429: err },
    }),
    async (c) => {
      const { token } = await auth.login(c.req.valid('json'), clientIp(c));
      startSession(c, token);
      const actor = await auth.actorFromSession(token);
      return c.json(await auth.me(actor!), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      tags: ['Auth'],
      responses: { 204: { description: 'Signed out' } },
    }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await auth.logout(token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
}

/** Users and API keys of the actor's workspace (under /api/v1, so an actor exists). */
export function registerAccountRoutes(router: OpenAPIHono<AppEnv>, auth: AuthService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      tags: ['Auth'],
      responses: { 200: { description: 'Who is signed in', ...json(meSchema) }, 401: err },
    }),
    async (c) => c.json(await auth.me(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/users',
      tags: ['Users'],
      responses: { 200: { description: 'Users', ...json(z.object({ data: z.array(userSchema) })) } },
    }),
    async (c) => c.json({ data: await auth.listUsers(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/users',
      tags: ['Users'],
      request: { body: { required: true, ...json(userCreateSchema) } },
      responses: { 201: { description: 'Created', ...json(userSchema) }, 400: err, 403: err, 409: err },
    }),
    async (c) => c.json(await auth.createUser(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/users/{id}',
      tags: ['Users'],
      request: { params: idParams, body: { required: true, ...json(userPatchSchema) } },
      responses: { 200: { description: 'Updated', ...json(userSchema) }, 400: err, 403: err, 404: err },
    }),
    async (c) => c.json(await auth.updateUser(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  const keySchema = z
    .object({
      id: z.string(),
      name: z.string(),
      prefix: z.string(),
      role: z.string(),
      createdAt: z.string(),
      lastUsedAt: z.string().nullable(),
      revokedAt: z.string().nullable(),
      ownedByWorkspace: z
        .boolean()
        .openapi({ description: 'A workspace key: it does not die with the user who made it' }),
    })
    .openapi('ApiKey');
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/api-keys',
      tags: ['API keys'],
      responses: {
        200: { description: 'Keys (never the secret)', ...json(z.object({ data: z.array(keySchema) })) },
        403: err,
      },
    }),
    async (c) => c.json({ data: await auth.listApiKeys(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/api-keys',
      tags: ['API keys'],
      request: { body: { required: true, ...json(apiKeyCreateSchema) } },
      responses: {
        201: { description: 'The key, shown once', ...json(z.object({ key: z.string(), apiKey: keySchema })) },
        400: err,
        403: err,
      },
    }),
    async (c) => c.json(await auth.createApiKey(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/account/password',
      tags: ['Auth'],
      summary: 'Change your own password (needs the current one); your other sessions end',
      request: { body: { required: true, ...json(passwordChangeSchema) } },
      responses: { 204: { description: 'Changed' }, 400: err, 401: err, 403: err },
    }),
    async (c) => {
      await auth.changePassword(actorOf(c), c.req.valid('json'), getCookie(c, SESSION_COOKIE));
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/api-keys/{id}',
      tags: ['API keys'],
      request: { params: idParams },
      responses: { 204: { description: 'Revoked' }, 403: err, 404: err },
    }),
    async (c) => {
      await auth.revokeApiKey(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
