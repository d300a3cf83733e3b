import { createCrudService, type CrudServiceDeps } from '../../platform/crud';
import type { Actor } from '../../platform/http';
import { createContactsRepo } from './contacts.repo';
import { contactCreateSchema, contactPatchSchema } from './contacts.fields';

const purposes = [
  ['consentMarketingEmail', 'marketing_email'],
  ['consentProfiling', 'profiling'],
] as const;

export function createContactsService(deps: CrudServiceDeps) {
  const repo = createContactsRepo(deps.db);
  const crud = createCrudService(deps, repo, { create: contactCreateSchema, patch: contactPatchSchema }, {
    naturalKey: 'email',
    beforeWrite(_tx, _actor, values, existing) {
      // The date a contact became a customer feeds conversion targets: set it once, when the stage first says so.
      if (values.lifecycleStage === 'customer' && !existing?.becameCustomerAt && !values.becameCustomerAt) values.becameCustomerAt = values.updatedAt;
    },
    async afterWrite(tx, actor, row, existing) {
      const events = purposes
        .filter(([field]) => row[field] !== (existing ? existing[field] : 'unknown'))
        .map(([field, purpose]) => ({
          workspaceId: row.workspaceId as string,
          contactId: row.id,
          purpose,
          state: row[field] as 'granted' | 'denied' | 'unknown',
          source: actor.kind === 'user' ? `user:${actor.id}` : actor.kind === 'api_key' ? `api_key:${actor.id}` : 'system',
          occurredAt: row.updatedAt as Date,
        }));
      await repo.insertConsentEvents(tx, events);
    },
  });
  return {
    ...crud,
    async consentHistory(actor: Actor, id: string) {
      await crud.get(actor, id);
      return repo.consentHistory(actor.workspaceId, id);
    },
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
