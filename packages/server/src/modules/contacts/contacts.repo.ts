import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { createCrudRepo } from '../../platform/crud';
import { users } from '../auth/auth.schema';
import { companies } from '../companies/companies.schema';
import { consentEvents, contacts } from './contacts.schema';
import { contactFields } from './contacts.fields';

export const contactName = sql<string>`trim(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, ''))`;

export function createContactsRepo(db: Db) {
  const crud = createCrudRepo(db, {
    entity: 'contact',
    table: contacts,
    fields: contactFields,
    search: {
      document: sql`coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '') || ' ' || coalesce(${contacts.email}, '')`,
    },
    ownerScoped: true,
    references: {
      companyId: { table: companies, label: { as: 'companyName', expr: companies.name } },
      ownerId: { table: users, label: { as: 'ownerName', expr: users.name } },
    },
  });
  return {
    ...crud,
    insertConsentEvents: (tx: Tx, rows: (typeof consentEvents.$inferInsert)[]) =>
      rows.length ? tx.insert(consentEvents).values(rows) : Promise.resolve(),
    consentHistory: (workspaceId: string, contactId: string, tx?: Tx) =>
      (tx ?? db)
        .select()
        .from(consentEvents)
        .where(and(eq(consentEvents.workspaceId, workspaceId), eq(consentEvents.contactId, contactId)))
        .orderBy(consentEvents.occurredAt),
  };
}
export type ContactsRepo = ReturnType<typeof createContactsRepo>;
