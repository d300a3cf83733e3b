import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { registerCrudRoutes } from '../../platform/crud-routes';
import type { ProductsService } from './products.service';
import { productCreateSchema, productPatchSchema, productRecordSchema } from './products.fields';

export const registerProductRoutes = (router: OpenAPIHono<AppEnv>, products: ProductsService) =>
  registerCrudRoutes(router, '/api/v1/products', 'Products', products, {
    create: productCreateSchema,
    patch: productPatchSchema,
    record: productRecordSchema,
  });
