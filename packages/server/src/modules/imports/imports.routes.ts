import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { errorSchema, idParams } from '../../platform/crud-routes';
import type { ExportRecorder } from '../audit/audit.service';
import type { JobsService } from '../jobs/jobs.service';
import type { ImportsService } from './imports.service';
import { importTypes } from './mapping/fields';

const importSchema = z.record(z.string(), z.unknown()).openapi('Import');
const previewSchema = z.object({ import: importSchema, preview: z.record(z.string(), z.unknown()) });
const err = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });
const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

/** The stored file's path is the server's business, not the client's. */
const pub = <T extends { filePath?: string }>(i: T) => {
  const { filePath: _f, ...rest } = i;
  return rest;
};
const withPub = <T extends { import: { filePath?: string } }>(r: T) => ({ ...r, import: pub(r.import) });

const uploadQuery = z.object({
  type: z.enum(importTypes),
  preset: z.string().max(60).optional(),
  filename: z.string().max(200).optional(),
  delimiter: z.enum([',', ';', '\t', '|', 'tab']).optional(),
});
const patchBody = z
  .object({
    preset: z.string().max(60).optional(),
    mapping: z
      .array(z.object({ column: z.string(), target: z.string().max(80) }).strict())
      .max(500)
      .optional(),
    dateOrder: z.enum(['mdy', 'dmy']).nullable().optional(),
    defaultCountry: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'an ISO 3166 alpha-2 code such as US')
      .optional(),
    /** Deals: a stage value of the file → a stage id, "create" (a new stage of that name), or null (back to the suggestion). */
    stageMap: z.record(z.string().min(1).max(200), z.string().max(80).nullable()).optional(),
  })
  .strict();
const runBody = z.object({ dryRun: z.boolean().optional() }).strict();

export function registerImportRoutes(
  router: OpenAPIHono<AppEnv>,
  s: { imports: ImportsService; jobs: JobsService; recordExport: ExportRecorder },
) {
  const tags = ['Imports'];
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports',
      tags,
      summary: 'Import history, newest first',
      responses: { 200: json('Imports', z.object({ data: z.array(importSchema) })) },
    }),
    async (c) => c.json({ data: (await s.imports.list(actorOf(c))).map(pub) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/presets',
      tags,
      summary: 'Presets and target fields per import type',
      responses: { 200: json('Presets and fields', z.record(z.string(), z.unknown())) },
    }),
    async (c) =>
      c.json(
        {
          presets: s.imports.presets(),
          fields: Object.fromEntries(importTypes.map((t) => [t, s.imports.fields(t)])),
        },
        200,
      ),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/imports',
      tags,
      summary:
        'Upload a CSV/TSV file (raw body as text/csv or application/octet-stream, or multipart field "file"); returns the preview and proposed mapping',
      request: { query: uploadQuery },
      responses: {
        201: json('Uploaded, not run yet', previewSchema),
        400: err('Unreadable file or bad parameter'),
        403: err('Admins only'),
        413: err('File too large'),
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const q = c.req.valid('query');
      const length = Number(c.req.header('content-length') ?? 0);
      const maxUploadBytes = s.imports.maxUploadBytes;
      if (length > maxUploadBytes)
        throw new AppError(
          'payload_too_large',
          `The file is larger than the ${+(maxUploadBytes / 1024 / 1024).toFixed(1)} MB import limit (PIPEWISE_IMPORT_MAX_MB)`,
          { field: 'body' },
        );
      const ctype = c.req.header('content-type') ?? '';
      let body: ReadableStream<Uint8Array> | null = c.req.raw.body;
      let fileName = q.filename ?? 'upload.csv';
      if (ctype.startsWith('multipart/form-data')) {
        const form = await c.req.raw.formData();
        const file = form.get('file');
        if (!file || typeof file === 'string')
          throw new AppError('validation', 'The multipart body needs a "file" field with the CSV', { field: 'file' });
        body = file.stream();
        fileName = q.filename ?? file.name;
      }
      if (!body) throw new AppError('validation', 'Send the file as the request body', { field: 'body' });
      const res = await s.imports.upload(actor, {
        type: q.type,
        fileName,
        body,
        preset: q.preset,
        delimiter: q.delimiter === 'tab' ? '\t' : q.delimiter,
      });
      return c.json(withPub(res), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}',
      tags,
      summary: 'One import: status, counts, mapping',
      request: { params: idParams },
      responses: { 200: json('Import', z.object({ import: importSchema })), 404: err('Not found') },
    }),
    async (c) => c.json({ import: pub(await s.imports.get(actorOf(c), c.req.valid('param').id)) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}/preview',
      tags,
      summary: 'First rows and detected problems under the current mapping',
      request: { params: idParams },
      responses: { 200: json('Preview', previewSchema), 404: err('Not found') },
    }),
    async (c) => c.json(withPub(await s.imports.preview(actorOf(c), c.req.valid('param').id)), 200),
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/imports/{id}',
      tags,
      summary:
        'Change the preset, the mapping (column → field, custom:<key> or skip), the date order or default country',
      request: { params: idParams, body: { content: { 'application/json': { schema: patchBody } } } },
      responses: { 200: json('Updated preview', previewSchema), 400: err('Invalid mapping'), 409: err('Already run') },
    }),
    async (c) => c.json(withPub(await s.imports.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/imports/{id}/run',
      tags,
      summary: 'Run (or resume) the import as a background job; dryRun counts outcomes and writes nothing',
      request: { params: idParams, body: { required: false, content: { 'application/json': { schema: runBody } } } },
      responses: {
        202: json('Queued', z.object({ job: z.object({ id: z.string() }), import: importSchema })),
        409: err('Already run'),
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const raw = (await c.req.json().catch(() => ({}))) ?? {};
      const parsed = runBody.safeParse(raw);
      if (!parsed.success)
        throw new AppError('validation', 'Body: only {"dryRun": true|false} is accepted', { field: 'dryRun' });
      const imp = await s.imports.prepareRun(actor, id, parsed.data);
      const jobId = await s.jobs.enqueue(actor, 'imports.run', {
        importId: imp.id,
        actor: { kind: actor.kind, id: actor.id, userId: actor.userId, role: actor.role, name: actor.name },
      });
      await s.imports.setJob(imp.id, jobId);
      return c.json({ job: { id: jobId }, import: pub(imp) }, 202);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}/rejections',
      tags,
      summary: 'Rejected rows: row number, column, value and reason',
      request: {
        params: idParams,
        query: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          afterRow: z.coerce.number().int().min(0).optional(),
        }),
      },
      responses: { 200: json('Rejected rows', z.object({ data: z.array(z.record(z.string(), z.unknown())) })) },
    }),
    async (c) =>
      c.json({ data: await s.imports.rejections(actorOf(c), c.req.valid('param').id, c.req.valid('query')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/imports/{id}/rejections.csv',
      tags,
      summary: 'Rejected rows as CSV: the original columns plus row, column and reason',
      request: { params: idParams },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
    }),
    async (c) => {
      const lines = s.imports.rejectionsCsv(actorOf(c), c.req.valid('param').id);
      const first = await lines.next(); // checks the import exists before the response starts
      await s.recordExport(actorOf(c), {
        action: 'import.rejections_export',
        entityType: 'import',
        entityId: c.req.valid('param').id,
      });
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header(
        'Content-Disposition',
        `attachment; filename="rejected-rows-${c.req.valid('param').id.slice(0, 8)}.csv"`,
      );
      return stream(c, async (out) => {
        if (!first.done) await out.write(first.value);
        for await (const l of lines) await out.write(l);
      });
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/imports/{id}/revert',
      tags,
      summary: 'Remove the records the import created and restore those it updated (unless changed since)',
      request: { params: idParams },
      responses: { 200: json('Reverted', z.record(z.string(), z.unknown())), 409: err('Not run or already reverted') },
    }),
    async (c) => c.json(await s.imports.revert(actorOf(c), c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/imports/{id}',
      tags,
      summary: 'Forget an import and its stored file (the records stay)',
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, 409: err('Running') },
    }),
    async (c) => {
      await s.imports.remove(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
