import { createCrudService, type CrudServiceDeps } from '../../platform/crud';
import { createCompaniesRepo } from './companies.repo';
import { companyCreateSchema, companyPatchSchema } from './companies.fields';

export function createCompaniesService(deps: CrudServiceDeps) {
  return createCrudService(
    deps,
    createCompaniesRepo(deps.db),
    { create: companyCreateSchema, patch: companyPatchSchema },
    { naturalKey: 'domain' },
  );
}
export type CompaniesService = ReturnType<typeof createCompaniesService>;
