import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams } from '../../platform/crud-routes';
import type { CustomFieldsService } from './custom-fields.service';
import { customFieldEntities } from './custom-fields.schema';
import { customFieldCreateSchema, customFieldPatchSchema, customFieldRecordSchema } from './custom-fields.fields';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const err = { description: 'Error', ...json(errorSchema) };
const tags = ['Custom fields'];

export function registerCustomFieldRoutes(router: OpenAPIHono<AppEnv>, fields: CustomFieldsService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/custom-fields',
      tags,
      summary: 'Custom field definitions of contacts, companies and deals',
      request: { query: z.object({ entity: z.enum(customFieldEntities).optional() }) },
      responses: {
        200: { description: 'Definitions', ...json(z.object({ data: z.array(customFieldRecordSchema) })) },
        400: err,
      },
    }),
    async (c) => c.json({ data: await fields.list(actorOf(c), c.req.valid('query').entity) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/custom-fields',
      tags,
      summary: 'Define a custom field (text, number, date, yes/no or choice; optionally required)',
      request: { body: { required: true, ...json(customFieldCreateSchema) } },
      responses: { 201: { description: 'Created', ...json(customFieldRecordSchema) }, 400: err, 403: err, 409: err },
    }),
    async (c) => c.json(await fields.create(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/custom-fields/{id}',
      tags,
      summary: 'Change the label, options, required flag or order of a custom field',
      request: { params: idParams, body: { required: true, ...json(customFieldPatchSchema) } },
      responses: { 200: { description: 'Updated', ...json(customFieldRecordSchema) }, 400: err, 403: err, 404: err },
    }),
    async (c) => c.json(await fields.update(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/custom-fields/{id}',
      tags,
      summary: 'Remove a custom field definition (values already on records are kept)',
      request: { params: idParams },
      responses: { 204: { description: 'Removed' }, 403: err, 404: err },
    }),
    async (c) => {
      await fields.remove(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
