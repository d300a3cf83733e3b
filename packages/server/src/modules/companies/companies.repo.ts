import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { createCrudRepo } from '../../platform/crud';
import { users } from '../auth/auth.schema';
import { companies } from './companies.schema';
import { companyFields } from './companies.fields';

export function createCompaniesRepo(db: Db) {
  return createCrudRepo(db, {
    entity: 'company',
    table: companies,
    fields: companyFields,
    search: { document: sql`coalesce(${companies.name}, '') || ' ' || coalesce(${companies.domain}, '')` },
    ownerScoped: true,
    references: { ownerId: { table: users, label: { as: 'ownerName', expr: users.name } } },
    defaultSort: '-updatedAt',
  });
}
