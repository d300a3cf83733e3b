// Every module's tables, for drizzle-kit and for the typed query builder.
export * from '../modules/workspaces/workspaces.schema';
export * from '../modules/auth/auth.schema';
export * from '../modules/companies/companies.schema';
export * from '../modules/contacts/contacts.schema';
export * from '../modules/deals/deals.schema';
export * from '../modules/activities/activities.schema';
export * from '../modules/products/products.schema';
export * from '../modules/orders/orders.schema';
export * from '../modules/tags/tags.schema';
export * from '../modules/audit/audit.schema';
export * from '../modules/jobs/jobs.schema';
export * from '../modules/segments/segments.schema';
export * from '../modules/worklist/worklist.schema';
export * from '../modules/scoring/scoring.schema';
export * from '../modules/imports/imports.schema';
export * from '../modules/data-quality/data-quality.schema';
export * from '../modules/forecasting/forecasting.schema';
