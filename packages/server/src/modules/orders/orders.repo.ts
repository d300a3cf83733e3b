import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { createCrudRepo } from '../../platform/crud';
import type { Actor } from '../../platform/http';
import { viaContact } from '../../platform/scope';
import { contacts } from '../contacts/contacts.schema';
import { companies } from '../companies/companies.schema';
import { products } from '../products/products.schema';
import { orderLines, orders } from './orders.schema';
import { orderFields } from './orders.fields';

export function createOrdersRepo(db: Db) {
  const crud = createCrudRepo(db, {
    entity: 'order',
    table: orders,
    fields: orderFields,
    search: { document: sql`coalesce(${orders.number}, '')` },
    ownerScoped: false,
    // An order belongs to its contact's owner: a rep sees the orders of the customers they may see.
    scope: (actor) => viaContact(actor, sql`${orders.contactId}`, sql`${orders.workspaceId}`),
    references: {
      contactId: {
        table: contacts,
        label: {
          as: 'contactName',
          expr: sql`trim(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, ''))`,
        },
      },
      companyId: { table: companies, label: { as: 'companyName', expr: companies.name } },
    },
    defaultSort: '-orderedAt',
  });
  return {
    ...crud,
    productRef: { table: products },
    linesOf: (workspaceId: string, orderIds: string[], tx: Tx = db) =>
      orderIds.length
        ? tx
            .select()
            .from(orderLines)
            .where(and(eq(orderLines.workspaceId, workspaceId), inArray(orderLines.orderId, orderIds)))
            .orderBy(asc(orderLines.id))
        : Promise.resolve([]),
    replaceLines: async (tx: Tx, workspaceId: string, orderId: string, lines: (typeof orderLines.$inferInsert)[]) => {
      await tx.delete(orderLines).where(and(eq(orderLines.workspaceId, workspaceId), eq(orderLines.orderId, orderId)));
      if (lines.length) await tx.insert(orderLines).values(lines);
    },
    recentFor: async (actor: Actor, on: SQL, limit = 100) =>
      crud.withLabels(
        (await db
          .select()
          .from(orders)
          .where(and(...crud.scoped(actor), on))
          .orderBy(desc(orders.orderedAt))
          .limit(limit)) as any,
      ),
  };
}
