import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { assertRole } from '../auth/access';
import type { JobsService } from '../jobs/jobs.service';

const body = z
  .object({ seed: z.number().int().optional(), contacts: z.number().int().min(10).max(1_000_000).optional() })
  .strict();

export function registerDemoRoutes(router: OpenAPIHono<AppEnv>, jobs: JobsService) {
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/demo',
      tags: ['Workspace'],
      summary: 'Load the demo business into this (empty) workspace, as a job',
      request: { body: { required: false, content: { 'application/json': { schema: body } } } },
      responses: {
        202: {
          description: 'Queued',
          content: { 'application/json': { schema: z.object({ job: z.object({ id: z.string() }) }) } },
        },
        403: { description: 'Admins only', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'admin');
      const input = (await c.req.json().catch(() => ({}))) ?? {};
      const parsed = body.safeParse(input);
      const id = await jobs.enqueue(actor, 'demo.load', parsed.success ? parsed.data : {});
      return c.json({ job: { id } }, 202);
    },
  );
}
