import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams } from '../../platform/crud-routes';
import type { RecommendationsService } from './recommendations.service';

const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Not found') };
const item = z
  .object({
    productId: z.string(),
    name: z.string(),
    sku: z.string().nullable(),
    price: z.number().nullable(),
    reason: z.string(),
  })
  .passthrough()
  .openapi('RecommendedProduct');
const tags = ['Recommendations'];
const nQuery = z.object({ n: z.coerce.number().int().min(1).max(50).default(5) });

export function registerRecommendationRoutes(router: OpenAPIHono<AppEnv>, recs: RecommendationsService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/contacts/{id}/recommendations',
      tags,
      summary: 'Top-n products this contact has not bought, with reasons (popularity for new customers)',
      request: { params: idParams, query: nQuery },
      responses: {
        200: json(
          z.object({
            contactId: z.string(),
            basis: z.enum(['history', 'popularity', 'none']),
            items: z.array(item),
            message: z.string().nullable(),
          }),
        ),
        ...errors,
      },
    }),
    async (c) => c.json(await recs.forContact(actorOf(c), c.req.valid('param').id, c.req.valid('query').n), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/products/{id}/bought-together',
      tags,
      summary: 'Products bought in the same orders, with confidence and lift',
      request: { params: idParams, query: nQuery },
      responses: {
        200: json(
          z.object({
            productId: z.string(),
            baskets: z.number(),
            items: z.array(item),
            message: z.string().nullable(),
          }),
        ),
        ...errors,
      },
    }),
    async (c) => c.json(await recs.boughtTogether(actorOf(c), c.req.valid('param').id, c.req.valid('query').n), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/recommendations/pairs',
      tags,
      summary: 'The strongest "bought together" product pairs across all orders',
      request: { query: z.object({ n: z.coerce.number().int().min(1).max(50).default(10) }) },
      responses: { 200: json(z.object({ baskets: z.number(), items: z.array(item), message: z.string().nullable() })) },
    }),
    async (c) => c.json(await recs.topPairs(actorOf(c), c.req.valid('query').n), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/recommendations/evaluation',
      tags,
      summary: 'Time-split evaluation on this workspace: hit rate@10 and recall@10 vs popularity',
      responses: { 200: json(z.object({}).passthrough()) },
    }),
    async (c) => c.json(await recs.evaluate(actorOf(c).workspaceId), 200),
  );
}
