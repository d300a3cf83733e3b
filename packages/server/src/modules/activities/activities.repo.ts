import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { createCrudRepo } from '../../platform/crud';
import { users } from '../auth/auth.schema';
import { contacts } from '../contacts/contacts.schema';
import { companies } from '../companies/companies.schema';
import { deals } from '../deals/deals.schema';
import { activities } from './activities.schema';
import { activityFields } from './activities.fields';

export function createActivitiesRepo(db: Db) {
  const crud = createCrudRepo(db, {
    entity: 'activity',
    table: activities,
    fields: activityFields,
    search: { document: sql`coalesce(${activities.subject}, '')` },
    ownerScoped: true,
    references: {
      contactId: {
        table: contacts,
        label: {
          as: 'contactName',
          expr: sql`trim(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, ''))`,
        },
      },
      companyId: { table: companies, label: { as: 'companyName', expr: companies.name } },
      dealId: { table: deals, label: { as: 'dealName', expr: deals.name } },
      ownerId: { table: users, label: { as: 'ownerName', expr: users.name } },
    },
    defaultSort: '-occurredAt',
  });
  return {
    ...crud,
    /** Newest first: a record's timeline. */
    recentFor: async (workspaceId: string, on: SQL, limit = 200) =>
      crud.withLabels(
        (await db
          .select()
          .from(activities)
          .where(and(eq(activities.workspaceId, workspaceId), on))
          .orderBy(desc(activities.occurredAt))
          .limit(limit)) as any,
      ),
  };
}
