import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams, registerCrudRoutes } from '../../platform/crud-routes';
import type { DealsService } from './deals.service';
import {
  dealCreateSchema,
  dealPatchSchema,
  dealRecordSchema,
  moveSchema,
  archiveResultSchema,
  archiveSchema,
  pipelinesQuery,
  pipelineCreateSchema,
  pipelinePatchSchema,
  pipelineRecordSchema,
} from './deals.fields';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const err = { description: 'Error', ...json(errorSchema) };
const totalsQuery = z.object({
  ownerId: z.union([z.uuid('must be a user id or "none"'), z.literal('none')]).optional(),
});
const stageTotalSchema = z
  .object({ stageId: z.uuid(), kind: z.enum(['open', 'won', 'lost']), deals: z.number().int(), amount: z.number() })
  .openapi('StageTotal');

export function registerDealRoutes(router: OpenAPIHono<AppEnv>, deals: DealsService) {
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/deals/{id}/move',
      tags: ['Deals'],
      summary: 'Move a deal to a stage (won/lost stages close it)',
      request: { params: idParams, body: { required: true, ...json(moveSchema) } },
      responses: { 200: { description: 'Moved', ...json(dealRecordSchema) }, 400: err, 403: err, 404: err },
    }),
    async (c) => c.json(await deals.move(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/deals/{id}/history',
      tags: ['Deals'],
      summary: 'Stage history',
      request: { params: idParams },
      responses: {
        200: { description: 'Stage changes', ...json(z.object({ data: z.array(z.record(z.string(), z.unknown())) })) },
        404: err,
      },
    }),
    async (c) => c.json({ data: await deals.history(actorOf(c), c.req.valid('param').id) }, 200),
  );
  registerCrudRoutes(router, '/api/v1/deals', 'Deals', deals, {
    create: dealCreateSchema,
    patch: dealPatchSchema,
    record: dealRecordSchema,
  });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/pipelines',
      tags: ['Pipelines'],
      summary: 'Active pipelines with their active stages and the number of deals in each (archived ones on request)',
      request: { query: pipelinesQuery },
      responses: {
        200: { description: 'Pipelines with their stages', ...json(z.object({ data: z.array(pipelineRecordSchema) })) },
        400: err,
      },
    }),
    async (c) => c.json({ data: await deals.listPipelines(actorOf(c), c.req.valid('query').archived) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/pipelines/{id}/archive',
      tags: ['Pipelines'],
      summary: 'Archive a pipeline; its deals move to `moveDealsTo`, a stage of another pipeline',
      request: { params: idParams, body: { required: true, ...json(archiveSchema) } },
      responses: { 200: { description: 'Archived', ...json(archiveResultSchema) }, 400: err, 403: err, 404: err },
    }),
    async (c) => c.json(await deals.archivePipeline(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/pipelines/{id}/stages/{stageId}/archive',
      tags: ['Pipelines'],
      summary: 'Archive a stage; its deals move to `moveDealsTo` (history is kept)',
      request: {
        params: idParams.extend({ stageId: z.uuid().openapi({ param: { name: 'stageId', in: 'path' } }) }),
        body: { required: true, ...json(archiveSchema) },
      },
      responses: {
        200: { description: 'Archived', ...json(archiveResultSchema) },
        400: err,
        403: err,
        404: err,
        409: err,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await deals.archiveStage(actorOf(c), p.id, p.stageId, c.req.valid('json')), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/pipelines/{id}/totals',
      tags: ['Pipelines'],
      summary: "Deal count and amount per stage, over every deal the caller may see (the board's column totals)",
      request: { params: idParams, query: totalsQuery },
      responses: {
        200: { description: 'Per stage', ...json(z.object({ data: z.array(stageTotalSchema) })) },
        400: err,
        404: err,
      },
    }),
    async (c) =>
      c.json({ data: await deals.stageTotals(actorOf(c), c.req.valid('param').id, c.req.valid('query').ownerId) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/pipelines',
      tags: ['Pipelines'],
      request: { body: { required: true, ...json(pipelineCreateSchema) } },
      responses: { 201: { description: 'Created', ...json(pipelineRecordSchema) }, 400: err, 403: err },
    }),
    async (c) => c.json(await deals.createPipeline(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/pipelines/{id}',
      tags: ['Pipelines'],
      request: { params: idParams, body: { required: true, ...json(pipelinePatchSchema) } },
      responses: {
        200: { description: 'Updated', ...json(pipelineRecordSchema) },
        400: err,
        403: err,
        404: err,
        409: err,
      },
    }),
    async (c) => c.json(await deals.updatePipeline(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/pipelines/{id}',
      tags: ['Pipelines'],
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, 403: err, 404: err, 409: err },
    }),
    async (c) => {
      await deals.deletePipeline(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
