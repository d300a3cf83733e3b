import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams, registerCrudRoutes } from '../../platform/crud-routes';
import type { ActivitiesService } from '../activities/activities.service';
import type { DealsService } from '../deals/deals.service';
import type { OrdersService } from '../orders/orders.service';
import type { ContactsService } from './contacts.service';
import { contactCreateSchema, contactPatchSchema, contactRecordSchema } from './contacts.fields';

const timelineSchema = z.object({
  activities: z.array(z.record(z.string(), z.unknown())),
  deals: z.array(z.record(z.string(), z.unknown())),
  orders: z.array(z.record(z.string(), z.unknown())),
});

export function registerContactRoutes(
  router: OpenAPIHono<AppEnv>,
  s: { contacts: ContactsService; activities: ActivitiesService; deals: DealsService; orders: OrdersService },
) {
  registerCrudRoutes(router, '/api/v1/contacts', 'Contacts', s.contacts, {
    create: contactCreateSchema,
    patch: contactPatchSchema,
    record: contactRecordSchema,
  });
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/contacts/{id}/timeline',
      tags: ['Contacts'],
      summary: "A contact's activities, deals and orders, newest first",
      request: { params: idParams },
      responses: {
        200: { description: 'Timeline', content: { 'application/json': { schema: timelineSchema } } },
        404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      await s.contacts.get(actor, id); // may this actor see the contact at all?
      const [activities, deals, orders] = await Promise.all([
        s.activities.forContact(actor, id),
        s.deals.forContact(actor, id),
        s.orders.forContact(actor, id),
      ]);
      return c.json({ activities, deals, orders }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/contacts/{id}/consent',
      tags: ['Contacts'],
      summary: 'Consent history',
      request: { params: idParams },
      responses: {
        200: {
          description: 'Every consent change',
          content: { 'application/json': { schema: z.object({ data: z.array(z.record(z.string(), z.unknown())) }) } },
        },
      },
    }),
    async (c) => c.json({ data: await s.contacts.consentHistory(actorOf(c), c.req.valid('param').id) }, 200),
  );
}
