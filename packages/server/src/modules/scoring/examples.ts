import { createHash } from 'node:crypto';
import type { RawRow } from '@pipewise/ml/models/index';
import { contactFeatures, dealFeatures, type ContactRow, type DealRow, type Snapshot } from './features';
import type { ScoringTarget } from './scoring.schema';

const DAY = 86_400_000;
/** Contacts are observed at a point in their first 30 days, so engagement features have something to show. */
const CONTACT_OBSERVATION_DAYS = 30;
export const TARGET = '__outcome';
export const ORDER = '__observed_at';

/** A stable pseudo-random fraction in [0, 1) per record id: the same examples every time the data is the same. */
export function unitHash(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0) / 2 ** 32;
}

export type Example = { id: string; observedAt: number; outcome: 0 | 1; row: RawRow };

/**
 * A contact observed at `obs` is a positive example when it became a customer within the horizon after it, a
 * negative one when the whole horizon has passed without that; otherwise (still inside the horizon) its outcome is
 * not known yet and it is left out. Contacts already customers at `obs`, or customers with no date, are left out too.
 */
export function contactOutcome(c: ContactRow, obs: number, now: number, horizonDays: number): 0 | 1 | null {
  const converted = c.becameCustomerAt;
  if (converted === null && (c.lifecycleStage === 'customer' || c.lifecycleStage === 'churned')) return null;
  if (converted !== null && converted <= obs) return null;
  if (converted !== null && converted <= now && converted - obs <= horizonDays * DAY) return 1;
  return obs + horizonDays * DAY <= now ? 0 : null;
}

export function contactObservation(c: ContactRow): number {
  return c.createdAt + Math.floor(unitHash(c.id) * CONTACT_OBSERVATION_DAYS) * DAY;
}

/** Closed deals, observed at a point of their life between creation and close (never at or after the close). */
export function dealObservation(d: DealRow): number | null {
  if (d.closedAt === null) return null;
  return d.createdAt + Math.floor(unitHash(d.id) * 0.9 * Math.max(0, d.closedAt - d.createdAt));
}

/** Training examples for a target, each with its features as of its observation date and its known outcome. */
export function buildExamples(s: Snapshot, target: ScoringTarget, now: number, horizonDays: number): Example[] {
  const out: Example[] = [];
  if (target === 'contact_conversion') {
    for (const c of s.contacts.values()) {
      const obs = contactObservation(c);
      if (obs > now) continue;
      const outcome = contactOutcome(c, obs, now, horizonDays);
      if (outcome === null) continue;
      out.push({ id: c.id, observedAt: obs, outcome, row: contactFeatures(s, c, obs) });
    }
  } else {
    for (const d of s.deals.values()) {
      if ((d.status !== 'won' && d.status !== 'lost') || d.closedAt === null || d.closedAt > now) continue;
      const obs = dealObservation(d)!;
      out.push({ id: d.id, observedAt: obs, outcome: d.status === 'won' ? 1 : 0, row: dealFeatures(s, d, obs) });
    }
  }
  return out.sort((a, b) => a.observedAt - b.observedAt || (a.id < b.id ? -1 : 1));
}

/** Leads to score: not customers, and not people who refused profiling. */
export function isOpenLead(c: ContactRow): boolean {
  return (
    c.becameCustomerAt === null &&
    c.lifecycleStage !== 'customer' &&
    c.lifecycleStage !== 'churned' &&
    c.consentProfiling !== 'denied'
  );
}

/** The training-data snapshot id: a hash of the examples' ids, dates and outcomes, with counts and date range. */
export function snapshotOf(examples: Example[], asOf: number) {
  const h = createHash('sha256');
  for (const e of examples) h.update(`${e.id}:${e.observedAt}:${e.outcome};`);
  const positives = examples.reduce((n, e) => n + e.outcome, 0);
  return {
    id: h.digest('hex').slice(0, 16),
    examples: examples.length,
    positives,
    negatives: examples.length - positives,
    from: examples.length ? new Date(examples[0]!.observedAt).toISOString() : null,
    to: examples.length ? new Date(examples.at(-1)!.observedAt).toISOString() : null,
    asOf: new Date(asOf).toISOString(),
  };
}
