import { eq } from 'drizzle-orm';
import { createCrudService, type CrudServiceDeps } from '../../platform/crud';
import type { Actor } from '../../platform/http';
import { createActivitiesRepo } from './activities.repo';
import { activities } from './activities.schema';
import { activityCreateSchema, activityPatchSchema } from './activities.fields';

/** Timelines show a record's activities to whoever may see the record (checked by the caller). */
export function createActivitiesService(deps: CrudServiceDeps) {
  const repo = createActivitiesRepo(deps.db);
  return {
    ...createCrudService(deps, repo, { create: activityCreateSchema, patch: activityPatchSchema }),
    forContact: (actor: Actor, contactId: string) =>
      repo.recentFor(actor.workspaceId, eq(activities.contactId, contactId)),
    forCompany: (actor: Actor, companyId: string) =>
      repo.recentFor(actor.workspaceId, eq(activities.companyId, companyId)),
    forDeal: (actor: Actor, dealId: string) => repo.recentFor(actor.workspaceId, eq(activities.dealId, dealId)),
  };
}
export type ActivitiesService = ReturnType<typeof createActivitiesService>;
