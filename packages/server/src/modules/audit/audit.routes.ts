import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { assertRole } from '../auth/access';
import type { AuditService } from './audit.service';

const query = z.object({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: 'id of the last entry of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const chainReport = z
  .object({
    workspaceId: z.string(),
    ok: z.boolean(),
    entries: z.number().openapi({ description: 'entries read' }),
    verified: z.number().openapi({ description: 'entries whose hash link was checked' }),
    unchained: z.number().openapi({ description: 'entries written before the hash chain existed (not verifiable)' }),
    redacted: z.number().openapi({
      description: 'entries whose values an erasure redacted (their link is checked, their values cannot be)',
    }),
    brokenAt: z
      .object({ id: z.number(), reason: z.string() })
      .optional()
      .openapi({ description: 'the first entry whose link does not hold' }),
  })
  .openapi('AuditChainReport');

export function registerAuditRoutes(router: OpenAPIHono<AppEnv>, audit: AuditService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit',
      tags: ['Audit'],
      summary: 'The audit log, newest first',
      request: { query },
      responses: {
        200: {
          description: 'Entries',
          content: { 'application/json': { schema: z.object({ data: z.array(z.record(z.string(), z.unknown())) }) } },
        },
        403: { description: 'Admins only', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'admin');
      const q = c.req.valid('query');
      return c.json(
        {
          data: await audit.list(actor, {
            entityType: q.entityType,
            entityId: q.entityId,
            beforeId: q.before,
            limit: q.limit,
          }),
        },
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit/verify',
      tags: ['Audit'],
      summary: "Checks the workspace's audit hash chain: ok with the count, or the first broken entry",
      responses: {
        200: { description: 'Report', content: { 'application/json': { schema: chainReport } } },
        403: { description: 'Admins only', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'admin');
      return c.json(await audit.verify(actor.workspaceId), 200);
    },
  );
}
