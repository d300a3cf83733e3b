import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams } from '../../platform/crud-routes';
import type { JobsService } from './jobs.service';

export const jobSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    progress: z.number(),
    message: z.string().nullable(),
    result: z.unknown(),
    error: z.string().nullable(),
  })
  .openapi('Job');

export function registerJobRoutes(router: OpenAPIHono<AppEnv>, jobs: JobsService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs',
      tags: ['Jobs'],
      responses: {
        200: {
          description: 'Recent jobs',
          content: { 'application/json': { schema: z.object({ data: z.array(jobSchema) }) } },
        },
      },
    }),
    async (c) => c.json({ data: await jobs.list(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/jobs/{id}',
      tags: ['Jobs'],
      request: { params: idParams },
      responses: {
        200: { description: 'A job', content: { 'application/json': { schema: jobSchema } } },
        404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => c.json(await jobs.get(actorOf(c), c.req.valid('param').id), 200),
  );
}
