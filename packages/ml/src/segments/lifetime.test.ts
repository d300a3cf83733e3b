import { describe, expect, it } from 'vitest';
import { estimateLifetime, medianGapDays } from './lifetime';
import type { CustomerRfm } from './rfm';

const DAY = 86_400_000;
const asOf = Date.UTC(2024, 0, 1);

function customer(daysAgo: number[], monetary = 100): CustomerRfm {
  const orderTimes = daysAgo.map((d) => asOf - d * DAY).sort((a, b) => a - b);
  return {
    customer: 'c',
    recencyDays: Math.min(...daysAgo),
    frequency: daysAgo.length,
    monetary,
    returns: 0,
    firstOrder: orderTimes[0]!,
    lastOrder: orderTimes.at(-1)!,
    orderTimes,
  };
}

describe('lifetime and churn risk', () => {
  it.each([
    { name: 'on rhythm', days: [5, 15, 25, 35], churn: false, ratio: 0.5, basis: 'own' },
    { name: 'gap far beyond the usual 10 days', days: [50, 60, 70, 80], churn: true, ratio: 5, basis: 'own' },
    { name: 'just at 3× the usual gap', days: [30, 40, 50], churn: false, ratio: 3, basis: 'own' },
    { name: 'one order judged by the population gap', days: [100], churn: false, ratio: 100 / 60, basis: 'population' },
    { name: 'one order, long ago', days: [400], churn: true, ratio: 400 / 60, basis: 'population' },
  ])('$name', ({ days, churn, ratio, basis }) => {
    const e = estimateLifetime(customer(days), asOf, { populationGapDays: 60 });
    expect(e.churnRisk).toBe(churn);
    expect(e.gapRatio).toBeCloseTo(ratio, 9);
    expect(e.gapBasis).toBe(basis);
    expect(Number.isFinite(e.clv) && e.clv >= 0).toBe(true);
  });

  it('values an active customer above a lapsed one with the same spend', () => {
    const active = estimateLifetime(customer([5, 15, 25]), asOf);
    const lapsed = estimateLifetime(customer([205, 215, 225]), asOf);
    expect(active.clv).toBeGreaterThan(lapsed.clv);
    expect(active.pActive).toBe(1);
  });

  it('median gap needs two orders', () => {
    expect(medianGapDays([asOf])).toBeUndefined();
    expect(medianGapDays([0, 2 * DAY, 3 * DAY, 10 * DAY])).toBe(2);
  });
});
