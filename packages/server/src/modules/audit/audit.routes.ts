import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { assertRole } from '../auth/access';
import { toCsv } from '../../platform/csv';
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
  actorId: z.string().max(100).optional().openapi({ description: 'user id (or "cli", an API key id) who acted' }),
  action: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'an action ("deal.update") or its prefix ("deal" = every deal action)' }),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries at or after this time' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'entries before this time' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const entrySchema = z
  .object({
    id: z.number(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    at: z.string(),
  })
  .openapi('AuditEntry');
const filterOf = (q: z.infer<typeof query>) => ({
  entityType: q.entityType,
  entityId: q.entityId,
  actorId: q.actorId,
  action: q.action,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
  beforeId: q.before,
  limit: q.limit,
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
          content: { 'application/json': { schema: z.object({ data: z.array(entrySchema) }) } },
        },
        403: { description: 'Admins only', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'admin');
      const q = c.req.valid('query');
      const rows = await audit.list(actor, filterOf(q));
      return c.json({ data: rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() })) }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit/export',
      tags: ['Audit'],
      summary: 'The filtered audit log as CSV (up to 50,000 entries, newest first; the export itself is audited)',
      request: { query: query.omit({ limit: true }) },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        403: { description: 'Admins only', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'admin');
      const q = c.req.valid('query');
      const out: unknown[][] = [];
      let before = q.before;
      for (let n = 0; n < 100; n++) {
        const rows = await audit.list(actor, filterOf({ ...q, before, limit: 500 }));
        for (const r of rows)
          out.push([r.id, r.at, r.actorType, r.actorId, r.action, r.entityType, r.entityId, r.before, r.after]);
        if (rows.length < 500) break;
        before = Number(rows[rows.length - 1]!.id);
      }
      await audit.recordExport(actor, {
        action: 'audit.export',
        entityType: 'audit',
        after: { entries: out.length, filter: { ...q } },
      });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="pipewise-audit.csv"');
      const header = ['id', 'at', 'actor_type', 'actor_id', 'action', 'entity_type', 'entity_id', 'before', 'after'];
      return c.body(toCsv(header, out), 200);
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
