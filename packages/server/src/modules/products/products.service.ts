import { sql } from 'drizzle-orm';
import { createCrudRepo, createCrudService, type CrudServiceDeps } from '../../platform/crud';
import { products } from './products.schema';
import { productCreateSchema, productFields, productPatchSchema } from './products.fields';

export function createProductsRepo(db: CrudServiceDeps['db']) {
  return createCrudRepo(db, {
    entity: 'product',
    table: products,
    fields: productFields,
    search: { document: sql`coalesce(${products.name}, '') || ' ' || coalesce(${products.sku}, '')` },
    ownerScoped: false,
    references: {},
    defaultSort: 'name',
  });
}

export function createProductsService(deps: CrudServiceDeps) {
  return createCrudService(
    deps,
    createProductsRepo(deps.db),
    { create: productCreateSchema, patch: productPatchSchema },
    { naturalKey: 'sku' },
  );
}
export type ProductsService = ReturnType<typeof createProductsService>;
