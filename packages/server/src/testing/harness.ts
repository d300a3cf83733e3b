import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { fixedClock, type Clock } from '../platform/clock';
import type { Actor } from '../platform/http';
import { openTestDatabase, type TestDatabase } from '../platform/test-db';
import { createHttpApp, createServices } from '../app';
import type { Role } from '../modules/auth/auth.schema';

export type Caller = { token?: string; key?: string };
export type TestResponse = { status: number; body: any; headers: Headers };

/**
 * A real app on a real database (PGlite, or PostgreSQL when PIPEWISE_TEST_DB=postgres), driven through HTTP requests
 * in-process: the same routes, middleware and SQL as production.
 */
export async function createTestApp(
  opts: { clock?: Clock; env?: Record<string, string>; database?: TestDatabase } = {},
) {
  // A second app on another app's database stands for a second server process (shared limits, sessions).
  const database = opts.database ?? (await openTestDatabase());
  // The lowest scrypt cost config allows: tests create hundreds of users (production default: 2^17).
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    API_RATE_LIMIT: '100000',
    LOGIN_RATE_LIMIT: '1000',
    PIPEWISE_PASSWORD_N: '1024',
    ...opts.env,
  });
  const logger = createLogger('silent');
  const services = createServices(database, config, opts.clock ?? fixedClock('2026-06-01T12:00:00.000Z'), logger);
  const app = createHttpApp(services, config, logger);
  let counter = 0;

  /**
   * Without an API key the request carries `Origin: http://localhost` (the app.request host), as a browser page of
   * this server would; `extraHeaders` overrides it, null removes a header (CSRF tests).
   */
  async function request(
    method: string,
    path: string,
    as?: Caller,
    body?: unknown,
    extraHeaders: Record<string, string | null> = {},
  ): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (!as?.key) headers.origin = 'http://localhost';
    if (as?.key) headers.authorization = `Bearer ${as.key}`;
    if (as?.token) headers.cookie = `pw_session=${as.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    for (const [name, value] of Object.entries(extraHeaders)) {
      if (value === null) delete headers[name];
      else headers[name] = value;
    }
    const res = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (export lines, HTML)
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  /** A new workspace with its owner, signed in. */
  async function workspace(name = `Workspace ${++counter}`) {
    const email = `owner${++counter}@${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.test`;
    const { workspace: ws, user } = await services.auth.createWorkspaceWithOwner({
      workspaceName: name,
      name: 'Owner',
      email,
      password: 'password123',
    });
    const { token } = await services.auth.login({ email, password: 'password123' }, `127.0.0.${counter % 250}`);
    const owner = { token, user, id: user.id };
    const actor = (await services.auth.actorFromSession(token))!;

    async function member(role: Role, label: string = role) {
      const e = `${label}${++counter}@${ws.id.slice(0, 8)}.test`;
      const u = await services.auth.createUser(actor, {
        email: e,
        name: `${label} ${counter}`,
        role,
        password: 'password123',
      });
      const s = await services.auth.login({ email: e, password: 'password123' }, `127.0.1.${counter % 250}`);
      return { token: s.token, id: u.id, email: e };
    }
    return { id: ws.id, owner, actor: actor as Actor, member };
  }

  /** The job's final state through the jobs API; throws when it has not finished in time, so a test never goes on to
   * assert whatever half-done state is there. */
  async function waitForJob(id: string, as: Caller, timeoutMs = 30_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await request('GET', `/api/v1/jobs/${id}`, as);
      if (res.status !== 200) throw new Error(`job ${id}: GET answered ${res.status} ${JSON.stringify(res.body)}`);
      if (res.body.finishedAt) return res.body;
      if (Date.now() > until)
        throw new Error(`job ${id} did not finish in ${timeoutMs} ms: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return { app, services, database, request, workspace, waitForJob, dispose: () => database.dispose() };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A minimal sales pipeline for tests. */
export const testPipeline = {
  name: 'Sales',
  stages: [
    { name: 'Qualified', probability: 0.2, kind: 'open' },
    { name: 'Proposal', probability: 0.5, kind: 'open' },
    { name: 'Won', probability: 1, kind: 'won' },
    { name: 'Lost', probability: 0, kind: 'lost' },
  ],
};
