import type { CustomerRfm } from './rfm';
import { quintileScores } from './scores';
import { SEGMENT_DEFINITIONS, fmScore, segmentFor, type SegmentName } from './named-segments';
import { estimateLifetime, medianGapDays, type LifetimeEstimate, type LifetimeOptions } from './lifetime';

export interface SegmentedCustomer extends CustomerRfm, LifetimeEstimate {
  r: number;
  f: number;
  m: number;
  fm: number;
  /** "R F M" scores as one code, e.g. "545". */
  rfm: string;
  segment: SegmentName;
}

export interface SegmentSummary {
  name: SegmentName;
  customers: number;
  share: number;
  revenue: number;
  revenueShare: number;
  churnRisk: number;
  meaning: string;
  action: string;
}

/** Scores, segment name, lifetime value and churn flag for each customer; a summary row for every named segment. */
export function segmentCustomers(
  rfm: readonly CustomerRfm[],
  asOf: number,
  options: Omit<LifetimeOptions, 'populationGapDays'> = {},
): {
  customers: SegmentedCustomer[];
  segments: SegmentSummary[];
  populationGapDays: number;
  recencyWindowDays: number;
} {
  const r = quintileScores(
    rfm.map((c) => c.recencyDays),
    false,
  );
  const f = quintileScores(rfm.map((c) => c.frequency));
  const m = quintileScores(rfm.map((c) => c.monetary));
  const gaps = rfm
    .map((c) => medianGapDays(c.orderTimes))
    .filter((g): g is number => g !== undefined)
    .sort((a, b) => a - b);
  // One-order customers have no rhythm of their own: judge them by the typical repeat customer's.
  const populationGapDays = gaps.length ? gaps[gaps.length >> 1]! : 90;
  // The recency window: how long ago the most recent fifth of customers (R = 5) last bought. "New" means the first
  // purchase itself falls in it; a long-time customer who bought a little recently is "Promising", not new.
  const windowDays = Math.max(0, ...rfm.filter((_, i) => r[i] === 5).map((c) => c.recencyDays));
  const customers = rfm.map((c, i): SegmentedCustomer => {
    const [ri, fi, mi] = [r[i]!, f[i]!, m[i]!];
    const named = segmentFor(ri, fi, mi).name;
    const firstPurchaseDays = (asOf - c.firstOrder) / 86_400_000;
    return {
      ...c,
      ...estimateLifetime(c, asOf, { ...options, populationGapDays }),
      r: ri,
      f: fi,
      m: mi,
      fm: fmScore(fi, mi),
      rfm: `${ri}${fi}${mi}`,
      segment: named === 'New' && firstPurchaseDays > windowDays ? 'Promising' : named,
    };
  });
  const totalRevenue = customers.reduce((s, c) => s + c.monetary, 0);
  const segments = SEGMENT_DEFINITIONS.map((def): SegmentSummary => {
    const members = customers.filter((c) => c.segment === def.name);
    const revenue = members.reduce((s, c) => s + c.monetary, 0);
    return {
      name: def.name,
      customers: members.length,
      share: customers.length ? members.length / customers.length : 0,
      revenue,
      revenueShare: totalRevenue > 0 ? revenue / totalRevenue : 0,
      churnRisk: members.filter((c) => c.churnRisk).length,
      meaning: def.meaning,
      action: def.action,
    };
  });
  return { customers, segments, populationGapDays, recencyWindowDays: windowDays };
}
