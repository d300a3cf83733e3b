import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { registerCrudRoutes } from '../../platform/crud-routes';
import type { OrdersService } from './orders.service';
import { orderCreateSchema, orderPatchSchema, orderRecordSchema } from './orders.fields';

export const registerOrderRoutes = (router: OpenAPIHono<AppEnv>, orders: OrdersService) =>
  registerCrudRoutes(router, '/api/v1/orders', 'Orders', orders, {
    create: orderCreateSchema,
    patch: orderPatchSchema,
    record: orderRecordSchema,
  });
