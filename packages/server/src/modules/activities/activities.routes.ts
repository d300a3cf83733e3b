import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { registerCrudRoutes } from '../../platform/crud-routes';
import type { ActivitiesService } from './activities.service';
import { activityCreateSchema, activityPatchSchema, activityRecordSchema } from './activities.fields';

export const registerActivityRoutes = (router: OpenAPIHono<AppEnv>, activities: ActivitiesService) =>
  registerCrudRoutes(router, '/api/v1/activities', 'Activities', activities, {
    create: activityCreateSchema,
    patch: activityPatchSchema,
    record: activityRecordSchema,
  });
