import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Role } from '../modules/auth/auth.schema';
import { AppError, validationError } from './errors';

/** Who is making a request: a signed-in user, an API key, or the system itself (jobs, CLI). */
export type Actor = {
  kind: 'user' | 'api_key' | 'system';
  id: string;
  /** The user behind the action, for ownership checks (null for keys and the system). */
  userId: string | null;
  workspaceId: string;
  role: Role;
  name: string;
  /** Workspace setting: reps also see records without an owner. */
  repsSeeUnassigned: boolean;
};

export type AppEnv = { Variables: { actor: Actor; requestId: string } };

/** A router whose validation failures become our one error shape, naming the field. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = result.target === 'json' ? '' : result.target === 'query' ? 'query' : result.target;
        throw validationError(result.error.issues, where === 'param' ? 'path' : where);
      }
    },
  });
}

export function actorOf(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthorized', 'Sign in or send an API key');
  return actor;
}

/**
 * A streamed body (JSON lines, a file): the route's OpenAPI entry documents its content type, but the typed
 * response of @hono/zod-openapi only knows JSON and text, so the handler hands the stream over through this.
 */
export const streamedResponse = (res: Response): never => res as never;
