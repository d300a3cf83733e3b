import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams, registerCrudRoutes } from '../../platform/crud-routes';
import type { ActivitiesService } from '../activities/activities.service';
import type { ContactsService } from '../contacts/contacts.service';
import type { DealsService } from '../deals/deals.service';
import type { OrdersService } from '../orders/orders.service';
import type { CompaniesService } from './companies.service';
import { companyCreateSchema, companyPatchSchema, companyRecordSchema } from './companies.fields';

export function registerCompanyRoutes(
  router: OpenAPIHono<AppEnv>,
  s: {
    companies: CompaniesService;
    contacts: ContactsService;
    activities: ActivitiesService;
    deals: DealsService;
    orders: OrdersService;
  },
) {
  registerCrudRoutes(router, '/api/v1/companies', 'Companies', s.companies, {
    create: companyCreateSchema,
    patch: companyPatchSchema,
    record: companyRecordSchema,
  });
  const rows = z.array(z.record(z.string(), z.unknown()));
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/companies/{id}/timeline',
      tags: ['Companies'],
      summary: "A company's contacts, activities, deals and orders",
      request: { params: idParams },
      responses: {
        200: {
          description: 'Timeline',
          content: {
            'application/json': { schema: z.object({ contacts: rows, activities: rows, deals: rows, orders: rows }) },
          },
        },
        404: { description: 'Not found', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      await s.companies.get(actor, id);
      const people = new URLSearchParams({ limit: '200', sort: 'lastName', [`filter[companyId][eq]`]: id });
      const [contacts, activities, deals, orders] = await Promise.all([
        s.contacts.list(actor, people),
        s.activities.forCompany(actor, id),
        s.deals.forCompany(actor, id),
        s.orders.forCompany(actor, id),
      ]);
      return c.json({ contacts: contacts.data, activities, deals, orders }, 200);
    },
  );
}
