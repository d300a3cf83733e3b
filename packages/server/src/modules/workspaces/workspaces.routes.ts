import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import {
  workspaceDeleteSchema,
  workspacePatchSchema,
  workspaceSettingsSchema,
  type WorkspacesService,
} from './workspaces.service';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const wsSchema = z.object({ id: z.string(), name: z.string(), settings: workspaceSettingsSchema }).openapi('Workspace');

export function registerWorkspaceRoutes(router: OpenAPIHono<AppEnv>, workspaces: WorkspacesService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/workspace',
      tags: ['Workspace'],
      responses: { 200: { description: 'The workspace', ...json(wsSchema) } },
    }),
    async (c) => c.json(await workspaces.get(actorOf(c).workspaceId), 200),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/workspace',
      tags: ['Workspace'],
      request: { body: { required: true, ...json(workspacePatchSchema) } },
      responses: {
        200: { description: 'Updated', ...json(wsSchema) },
        400: { description: 'Invalid', ...json(errorSchema) },
        403: { description: 'Admins only', ...json(errorSchema) },
      },
    }),
    async (c) => c.json(await workspaces.update(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/workspace',
      tags: ['Workspace'],
      summary: "Delete the workspace and all its data for good (owners; confirm with the workspace's name)",
      request: { body: { required: true, ...json(workspaceDeleteSchema) } },
      responses: {
        204: { description: 'Deleted' },
        400: { description: 'Name not confirmed', ...json(errorSchema) },
        403: { description: 'Owners only', ...json(errorSchema) },
      },
    }),
    async (c) => {
      await workspaces.remove(actorOf(c), c.req.valid('json').confirm);
      return c.body(null, 204);
    },
  );
}
