import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { validationError } from '../../platform/errors';
import { assertRole } from '../auth/access';
import type { JobsService } from '../jobs/jobs.service';
import { entityTypes } from './data-quality.repo';
import { mergeFields } from './merge.fields';
import type { DataQualityService } from './data-quality.service';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const errors = {
  400: { description: 'Invalid input; `details.field` names the field', ...json(errorSchema) },
  403: { description: 'Needs the manager role or higher', ...json(errorSchema) },
  404: { description: 'No such record, merge, check or import in this workspace', ...json(errorSchema) },
  409: { description: 'Already merged, already undone, or changed since the merge', ...json(errorSchema) },
};
const loose = z.record(z.string(), z.unknown());
const mergeRow = z
  .object({
    id: z.string(),
    type: z.string(),
    survivorId: z.string(),
    loserId: z.string(),
    survivorName: z.string().nullable(),
    loserName: z.string().nullable(),
    mergedBy: z.string(),
    mergedAt: z.string(),
    undoneAt: z.string().nullable(),
    moved: z.record(z.string(), z.number()).openapi({ description: 'rows moved to the survivor, per table' }),
  })
  .openapi('Merge');
const typeEnum = z.enum(entityTypes);
const staleQuery = z
  .string()
  .regex(/^\d{1,3}$/)
  .optional()
  .openapi({ description: 'months without activity that make a contact stale (default 6)' });
const importQuery = z.string().optional().openapi({
  description:
    'only the contacts and companies this import created or updated (404 if the workspace has no such import)',
});

const reportSchema = z
  .object({
    scope: z.object({
      workspaceId: z.string(),
      importId: z.string().nullable(),
      importType: z.string().optional(),
      importStatus: z.string().optional(),
    }),
    generatedAt: z.string(),
    score: z
      .number()
      .nullable()
      .openapi({ description: '0-100; formula in docs/data-quality.md; null when there are no records to measure' }),
    components: z.array(
      z.object({ component: z.string(), weight: z.number(), ok: z.number().nullable(), points: z.number() }),
    ),
    records: z.object({ contacts: z.number(), companies: z.number() }),
    staleMonths: z.number(),
    duplicates: z.object({
      contacts: z.object({ records: z.number() }).nullable(),
      companies: z.object({ records: z.number() }).nullable(),
    }),
    checks: z.array(
      z.object({
        id: z.string(),
        component: z.string(),
        entity: z.enum(['contacts', 'companies']),
        field: z.string(),
        label: z.string(),
        total: z.number(),
        affected: z.number(),
        ok: z.number(),
      }),
    ),
    fixes: z.array(
      z.object({
        checkId: z.string(),
        title: z.string(),
        points: z.number(),
        affected: z.number(),
        entity: z.string(),
        link: z.string(),
        api: z.string(),
      }),
    ),
  })
  .openapi('DataQualityReport');

const candidatesQuery = z.object({
  type: typeEnum.default('contacts'),
  minScore: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(0.7)
    .openapi({ description: 'lowest score shown (0.7: likely; 0.5: possible too)' }),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
});
const mergeBody = z
  .object({
    type: typeEnum,
    survivorId: z.string(),
    loserId: z.string(),
    fields: z
      .record(z.string(), z.enum(['survivor', 'loser']))
      .optional()
      .openapi({
        description: `per field, whose value the survivor keeps (default: the survivor's, unless empty). Contacts: ${mergeFields.contacts.join(', ')}. Companies: ${mergeFields.companies.join(', ')}`,
      }),
  })
  .strict();
const dismissBody = z.object({ type: typeEnum, a: z.string(), b: z.string() }).strict();
const scanBody = z.object({ types: z.array(typeEnum).min(1).optional() }).strict();

export function registerDataQualityRoutes(
  router: OpenAPIHono<AppEnv>,
  s: { dataQuality: DataQualityService; jobs: JobsService },
) {
  const dq = s.dataQuality;
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/data-quality/report',
      tags: ['Data quality'],
      summary:
        "The workspace's data-quality report (or one import's, with importId): score, per-field checks, top 3 fixes",
      request: { query: z.object({ staleMonths: staleQuery, importId: importQuery }) },
      responses: { 200: { description: 'Report', ...json(reportSchema) }, ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await dq.report(actorOf(c), { staleMonths: Number(q.staleMonths ?? 6), importId: q.importId }),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/data-quality/issues/{id}',
      tags: ['Data quality'],
      summary: 'The records one check flags (first 200)',
      request: {
        params: z.object({
          id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'contacts.phone.invalid' }),
        }),
        query: z.object({ staleMonths: staleQuery, importId: importQuery }),
      },
      responses: {
        200: {
          description: 'Check and records',
          ...json(z.object({ check: loose, total: z.number(), data: z.array(loose) })),
        },
        ...errors,
      },
    }),
    async (c) =>
      c.json(
        await dq.issue(actorOf(c), c.req.valid('param').id, {
          staleMonths: Number(c.req.valid('query').staleMonths ?? 6),
          limit: 200,
          importId: c.req.valid('query').importId,
        }),
        200,
      ),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/data-quality/duplicates',
      tags: ['Data quality'],
      summary:
        'Open duplicate candidate pairs of the last scan, best first, with both records (scans inline when there is no scan and at most 20,000 records)',
      request: { query: candidatesQuery },
      responses: {
        200: {
          description: 'A page of pairs',
          ...json(
            z.object({
              scan: loose.nullable(),
              total: z.number(),
              nextCursor: z.string().nullable(),
              data: z.array(
                z.object({
                  type: z.string(),
                  score: z.number(),
                  reasons: z.array(z.object({ code: z.string(), detail: z.string() })),
                  a: loose.nullable(),
                  b: loose.nullable(),
                }),
              ),
              message: z.string().optional(),
            }),
          ),
        },
        ...errors,
      },
    }),
    async (c) => c.json(await dq.candidates(actorOf(c), c.req.valid('query')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/data-quality/scans',
      tags: ['Data quality'],
      summary: 'Scan for duplicates as a job (progress at GET /api/v1/jobs/{id})',
      request: { body: { required: false, ...json(scanBody) } },
      responses: {
        202: { description: 'Queued', ...json(z.object({ job: z.object({ id: z.string() }) })) },
        ...errors,
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'manager');
      const raw = await c.req.json().catch(() => ({}));
      const parsed = scanBody.safeParse(raw ?? {});
      if (!parsed.success) throw validationError(parsed.error.issues);
      const body = parsed.data;
      const id = await s.jobs.enqueue(actor, 'data-quality.scan', { types: body.types ?? [...entityTypes] });
      return c.json({ job: { id } }, 202);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/data-quality/merges',
      tags: ['Data quality'],
      summary: 'Merge two records: links move to the survivor, the other is removed; undoable',
      request: { body: { required: true, ...json(mergeBody) } },
      responses: { 201: { description: 'Merged', ...json(z.object({ merge: loose, survivor: loose })) }, ...errors },
    }),
    async (c) => c.json(await dq.merge(actorOf(c), c.req.valid('json') as z.infer<typeof mergeBody>), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/data-quality/merges',
      tags: ['Data quality'],
      summary: 'Recent merges, newest first',
      responses: { 200: { description: 'Merges', ...json(z.object({ data: z.array(mergeRow) })) }, ...errors },
    }),
    async (c) => c.json({ data: await dq.merges(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/data-quality/merges/{id}/undo',
      tags: ['Data quality'],
      summary: 'Undo a merge: the removed record and its links come back (refused if they changed since)',
      request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: { description: 'Undone', ...json(loose) }, ...errors },
    }),
    async (c) => c.json(await dq.undo(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/data-quality/dismissals',
      tags: ['Data quality'],
      summary: 'Mark a pair as not duplicates (never proposed again)',
      request: { body: { required: true, ...json(dismissBody) } },
      responses: { 201: { description: 'Dismissed', ...json(loose) }, ...errors },
    }),
    async (c) => c.json(await dq.dismiss(actorOf(c), c.req.valid('json') as z.infer<typeof dismissBody>), 201),
  );
}
