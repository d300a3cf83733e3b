import { createCrudService, type CrudServiceDeps } from '../../platform/crud';
import { AppError } from '../../platform/errors';
import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { createContactsRepo } from './contacts.repo';
import { contactCreateSchema, contactPatchSchema } from './contacts.fields';
import { consentPurposes, consentStates, type ConsentPurpose, type ConsentState } from './contacts.schema';

// For other modules (privacy): the consent vocabulary, without reaching into this module's schema.
export { consentPurposes, consentStates, type ConsentPurpose, type ConsentState };

export const consentFieldOf = {
  marketing_email: 'consentMarketingEmail',
  profiling: 'consentProfiling',
  website_tracking: 'consentWebsiteTracking',
  chat_transcripts: 'consentChatTranscripts',
} as const satisfies Record<ConsentPurpose, string>;
const purposes = Object.entries(consentFieldOf).map(([purpose, field]) => [field, purpose as ConsentPurpose] as const);

/** A consent change with its evidence: who or what set it, the words shown, the legal basis and a staff reason. */
export type ConsentChange = {
  purpose: ConsentPurpose;
  state: ConsentState;
  source: string;
  wording?: string | null;
  legalBasis?: string | null;
  reason?: string | null;
};

/** The privacy module's blocklist, narrowed: may a new contact with this email or phone be created? */
export type SuppressionCheck = (
  tx: Db | Tx,
  workspaceId: string,
  who: { email?: string | null; phone?: string | null },
) => Promise<boolean>;

const sourceOf = (actor: Actor) =>
  actor.kind === 'user' ? `user:${actor.id}` : actor.kind === 'api_key' ? `api_key:${actor.id}` : 'system';

export function createContactsService(deps: CrudServiceDeps & { isSuppressed?: SuppressionCheck }) {
  const repo = createContactsRepo(deps.db);
  const crud = createCrudService(
    deps,
    repo,
    { create: contactCreateSchema, patch: contactPatchSchema },
    {
      naturalKey: 'email',
      async beforeWrite(tx, actor, values, existing) {
        // The date a contact became a customer feeds conversion targets: set it once, when the stage first says so.
        if (values.lifecycleStage === 'customer' && !existing?.becameCustomerAt && !values.becameCustomerAt)
          values.becameCustomerAt = values.updatedAt;
        // An erased person stays gone until they opt in again (privacy module's blocklist).
        if (!existing && deps.isSuppressed && (values.email || values.phone)) {
          const who = { email: values.email as string | null, phone: values.phone as string | null };
          if (await deps.isSuppressed(tx, actor.workspaceId, who)) {
            throw new AppError(
              'conflict',
              'This person asked to be erased; they can be added again only after they opt in again',
              { field: values.email ? 'email' : 'phone' },
            );
          }
        }
      },
      async afterWrite(tx, actor, row, existing) {
        const events = purposes
          .filter(([field]) => row[field] !== (existing ? existing[field] : 'unknown'))
          .map(([field, purpose]) => ({
            workspaceId: row.workspaceId as string,
            contactId: row.id,
            purpose,
            state: row[field] as ConsentState,
            source: sourceOf(actor),
            occurredAt: row.updatedAt as Date,
          }));
        await repo.insertConsentEvents(tx, events);
      },
    },
  );
  return {
    ...crud,
    async consentHistory(actor: Actor, id: string) {
      await crud.get(actor, id);
      return repo.consentHistory(actor.workspaceId, id);
    },
    /**
     * Sets one purpose's consent with its evidence, in the caller's transaction (the caller audits): the column and
     * the history row change together. Skips access rules: the privacy module decides who may do this.
     */
    async recordConsent(tx: Tx, workspaceId: string, contactId: string, change: ConsentChange, at: Date) {
      const before = await repo.get(workspaceId, contactId, tx);
      if (!before)
        throw new AppError('not_found', `contact ${contactId} was not found`, { entity: 'contact', id: contactId });
      const field = consentFieldOf[change.purpose];
      await repo.update(tx, workspaceId, contactId, { [field]: change.state, updatedAt: at });
      await repo.insertConsentEvents(tx, [
        {
          workspaceId,
          contactId,
          purpose: change.purpose,
          state: change.state,
          source: change.source,
          wording: change.wording ?? null,
          legalBasis: change.legalBasis ?? null,
          reason: change.reason ?? null,
          occurredAt: at,
        },
      ]);
      return { before: before[field] as ConsentState, after: change.state };
    },
    /** The consent history of a contact, without access rules (the person's own preference centre, exports). */
    consentHistoryOf: (workspaceId: string, contactId: string, tx?: Tx) =>
      repo.consentHistory(workspaceId, contactId, tx),
    /** The unscoped row (no owner rules): for the privacy module's public preference centre and its exports. */
    rawGet: (workspaceId: string, contactId: string, tx?: Tx) => repo.get(workspaceId, contactId, tx),
  };
}
export type ContactsService = ReturnType<typeof createContactsService>;
