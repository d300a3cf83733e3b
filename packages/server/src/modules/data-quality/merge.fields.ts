import type { EntityType } from './data-quality.repo';

/** Columns a person chooses between when merging (snake_case, as in the row images). Tags are always united. */
export const mergeFields: Record<EntityType, readonly string[]> = {
  contacts: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'title',
    'company_id',
    'owner_id',
    'lifecycle_stage',
    'source',
    'country',
    'city',
    'consent_marketing_email',
    'consent_profiling',
    'do_not_contact',
    'became_customer_at',
    'external_id',
    'custom_fields',
  ],
  companies: [
    'name',
    'domain',
    'industry',
    'size_band',
    'employees',
    'annual_revenue',
    'country',
    'city',
    'phone',
    'owner_id',
    'external_id',
    'custom_fields',
  ],
};

export type Side = 'survivor' | 'loser';

const isEmpty = (field: string, v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (field.startsWith('consent_') && v === 'unknown') ||
  (field === 'custom_fields' && typeof v === 'object' && Object.keys(v as object).length === 0);

/**
 * The survivor's new values: per field the chosen side, and by default the survivor's value unless it is empty and the
 * loser's is not (merging fills gaps, never blanks). "Do not contact" stays set if either record had it.
 * Custom fields are united, the chosen side winning on shared keys; tags are united.
 */
export function mergedValues(
  type: EntityType,
  survivor: Record<string, unknown>,
  loser: Record<string, unknown>,
  choice: Record<string, Side>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of mergeFields[type]) {
    const side = choice[f] ?? (isEmpty(f, survivor[f]) && !isEmpty(f, loser[f]) ? 'loser' : 'survivor');
    out[f] = side === 'survivor' ? survivor[f] : loser[f];
  }
  if (type === 'contacts' && choice.do_not_contact === undefined)
    out.do_not_contact = Boolean(survivor.do_not_contact) || Boolean(loser.do_not_contact);
  const sc = (survivor.custom_fields ?? {}) as Record<string, unknown>;
  const lc = (loser.custom_fields ?? {}) as Record<string, unknown>;
  out.custom_fields = choice.custom_fields === 'loser' ? { ...sc, ...lc } : { ...lc, ...sc };
  out.tags = [...new Set([...((survivor.tags as string[]) ?? []), ...((loser.tags as string[]) ?? [])])];
  return out;
}
