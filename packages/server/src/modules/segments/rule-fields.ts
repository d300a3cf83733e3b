import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { AppError } from '../../platform/errors';
import { filterConditions, type FilterOp, type ListFields } from '../../platform/list-query';
import { contactFields } from '../contacts/contacts.fields';
import { customerRfm } from './segments.schema';

export const ruleOps = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'isnull'] as const;
export type Rule = { field: string; op: (typeof ruleOps)[number]; value: string };

/** A SQL expression posing as a column, so the shared list filter (list-query) can compare it like any field. */
const expr = (s: SQL) => s as unknown as AnyColumn;

/**
 * What a rule may test: every contact list field, activity recency, the contact's lead score and tier (from the
 * scoring module), and the latest RFM values. Custom fields are `custom.<key>` (text comparisons).
 */
export function ruleFields(now: Date): ListFields {
  return {
    ...contactFields,
    daysSinceLastActivity: {
      column: expr(sql`coalesce(extract(epoch from (${now}::timestamptz - la.last_at)) / 86400, 100000)`),
      kind: 'number',
    },
    daysSinceCreated: {
      column: expr(sql`extract(epoch from (${now}::timestamptz - contacts.created_at)) / 86400`),
      kind: 'number',
    },
    'score.probability': { column: expr(sql`sc.probability`), kind: 'number' },
    'score.tier': { column: expr(sql`coalesce(sc.override_tier, sc.tier)`), kind: 'text' },
    'rfm.recencyDays': { column: customerRfm.recencyDays, kind: 'number' },
    'rfm.frequency': { column: customerRfm.frequency, kind: 'number' },
    'rfm.monetary': { column: customerRfm.monetary, kind: 'number' },
    'rfm.r': { column: customerRfm.r, kind: 'number' },
    'rfm.f': { column: customerRfm.f, kind: 'number' },
    'rfm.m': { column: customerRfm.m, kind: 'number' },
    'rfm.clv': { column: customerRfm.clv, kind: 'number' },
    'rfm.segment': { column: customerRfm.segment, kind: 'text' },
    'rfm.cluster': { column: customerRfm.cluster, kind: 'number' },
    'rfm.churnRisk': { column: customerRfm.churnRisk, kind: 'boolean' },
  };
}

export const ruleFieldNames = () => [...Object.keys(ruleFields(new Date(0))), 'custom.<key>'];

/** The WHERE conditions of a rule set; throws a validation error naming the rule when a field is unknown. */
export function ruleConditions(rules: readonly Rule[], now: Date): SQL[] {
  const fields: ListFields = { ...ruleFields(now) };
  rules.forEach((r, i) => {
    if (r.field.startsWith('custom.')) {
      const key = r.field.slice(7);
      fields[r.field] = { column: expr(sql`(contacts.custom_fields ->> ${key})`), kind: 'text' };
    } else if (!fields[r.field]) {
      throw new AppError(
        'validation',
        `Rule ${i + 1}: the field "${r.field}" does not exist (any more). Edit the segment and pick one of: ${ruleFieldNames().join(', ')}`,
        { field: `rules.${i}.field`, missingField: r.field },
      );
    }
  });
  return filterConditions(
    { limit: 1, filters: rules.map((r) => ({ field: r.field, op: r.op satisfies FilterOp, value: r.value })) },
    fields,
  );
}
