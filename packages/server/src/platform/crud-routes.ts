import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './http';
import { actorOf } from './http';
import type { CrudService } from './crud';
import { uuid } from './fields';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }) })
  .openapi('Error');
const errors = {
  400: {
    description: 'Invalid input; `details.field` names the field',
    content: { 'application/json': { schema: errorSchema } },
  },
  401: { description: 'Not signed in', content: { 'application/json': { schema: errorSchema } } },
  403: { description: 'Role does not allow it', content: { 'application/json': { schema: errorSchema } } },
  404: { description: 'No such record in this workspace', content: { 'application/json': { schema: errorSchema } } },
};
export const idParams = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });
export const listQuery = z.object({
  limit: z.string().optional().openapi({ description: '1-500, default 50' }),
  cursor: z.string().optional().openapi({ description: 'nextCursor of the previous page' }),
  sort: z.string().optional().openapi({ description: 'field, or -field for descending' }),
  q: z.string().optional().openapi({ description: 'full-text prefix search on names and emails' }),
  count: z.enum(['true', 'false']).optional().openapi({ description: 'include total' }),
});

type Schemas = { create: z.ZodType; patch: z.ZodType; record: z.ZodType };

/** list / get / create / update / delete / bulk for one record type, documented in OpenAPI from the same zod schemas. */
export function registerCrudRoutes(
  router: OpenAPIHono<AppEnv>,
  path: string,
  tag: string,
  service: CrudService,
  schemas: Schemas,
) {
  const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const page = z.object({
    data: z.array(schemas.record),
    nextCursor: z.string().nullable(),
    total: z.number().optional(),
  });

  router.openapi(
    createRoute({
      method: 'get',
      path,
      tags: [tag],
      summary: `List ${tag.toLowerCase()} (filter with filter[field][op]=value)`,
      request: { query: listQuery },
      responses: { 200: { description: 'A page', ...json(page) }, ...errors },
    }),
    async (c) => c.json((await service.list(actorOf(c), new URL(c.req.url).searchParams)) as any, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: `${path}/{id}`,
      tags: [tag],
      request: { params: idParams },
      responses: { 200: { description: 'The record', ...json(schemas.record) }, ...errors },
    }),
    async (c) => c.json((await service.get(actorOf(c), c.req.valid('param').id)) as any, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path,
      tags: [tag],
      request: { body: { required: true, ...json(schemas.create) } },
      responses: { 201: { description: 'Created', ...json(schemas.record) }, ...errors },
    }),
    async (c) => c.json((await service.create(actorOf(c), c.req.valid('json'))) as any, 201),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: `${path}/{id}`,
      tags: [tag],
      request: { params: idParams, body: { required: true, ...json(schemas.patch) } },
      responses: { 200: { description: 'Updated', ...json(schemas.record) }, ...errors },
    }),
    async (c) => c.json((await service.update(actorOf(c), c.req.valid('param').id, c.req.valid('json'))) as any, 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: `${path}/{id}`,
      tags: [tag],
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await service.remove(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  const bulkBody = z.object({ records: z.array(z.record(z.string(), z.unknown())).min(1).max(1000) }).strict();
  router.openapi(
    createRoute({
      method: 'post',
      path: `${path}/bulk`,
      tags: [tag],
      summary: 'Upsert up to 1,000 records, all or nothing (match on id, externalId, then natural key)',
      request: { body: { required: true, ...json(bulkBody) } },
      responses: {
        200: {
          description: 'Counts',
          ...json(z.object({ created: z.number(), updated: z.number(), ids: z.array(z.string()) })),
        },
        ...errors,
      },
    }),
    async (c) =>
      c.json(await service.bulkUpsert(actorOf(c), (c.req.valid('json') as { records: unknown[] }).records), 200),
  );
}
