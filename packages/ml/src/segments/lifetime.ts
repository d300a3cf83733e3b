import type { CustomerRfm } from './rfm';

const DAY_MS = 86_400_000;

export interface LifetimeOptions {
  /** Years ahead to value; default 3. */
  horizonYears?: number;
  /** Annual discount rate for future value; default 0.1. */
  discountRate?: number;
  /** Gap beyond this multiple of the usual inter-order gap flags churn risk; default 3. */
  churnGapMultiple?: number;
  /** Usual gap for customers with one order: the median over repeat customers (passed in by the caller). */
  populationGapDays?: number;
}

export interface LifetimeEstimate {
  /** Median days between this customer's orders (population median when they have one order). */
  usualGapDays: number;
  gapBasis: 'own' | 'population';
  /** Days since the last order divided by the usual gap. */
  gapRatio: number;
  churnRisk: boolean;
  /** Rough chance the customer is still active: exp(−excess gap / usual gap), 1 while within the usual rhythm. */
  pActive: number;
  /** Estimated value over the horizon: yearly spend rate × pActive, discounted (a simple, explainable estimate). */
  clv: number;
}

/** Median inter-order gap in days, or undefined with fewer than two orders. */
export function medianGapDays(orderTimes: readonly number[]): number | undefined {
  if (orderTimes.length < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < orderTimes.length; i++) gaps.push((orderTimes[i]! - orderTimes[i - 1]!) / DAY_MS);
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? gaps[mid]! : (gaps[mid - 1]! + gaps[mid]!) / 2;
}

/**
 * Lifetime value and churn risk from the customer's own buying rhythm. Yearly spend rate is monetary over the
 * observed span (first order to asOf, at least one usual gap, so one big recent order is not annualised to
 * infinity). Deliberately simple: a BG/NBD model needs more history than most small shops have.
 */
export function estimateLifetime(c: CustomerRfm, asOf: number, options: LifetimeOptions = {}): LifetimeEstimate {
  const { horizonYears = 3, discountRate = 0.1, churnGapMultiple = 3, populationGapDays = 90 } = options;
  const own = medianGapDays(c.orderTimes);
  // Same-day repeat orders give a 0 gap; a day is the finest rhythm that makes sense.
  const usualGapDays = Math.max(1, own ?? populationGapDays);
  const sinceLast = (asOf - c.lastOrder) / DAY_MS;
  const gapRatio = sinceLast / usualGapDays;
  const pActive = Math.exp(-Math.max(0, sinceLast - usualGapDays) / usualGapDays);
  const spanDays = Math.max((asOf - c.firstOrder) / DAY_MS, usualGapDays, 30);
  const yearly = (c.monetary / spanDays) * 365;
  let clv = 0;
  for (let y = 1; y <= horizonYears; y++) clv += (yearly * pActive ** y) / (1 + discountRate) ** y;
  return {
    usualGapDays,
    gapBasis: own === undefined ? 'population' : 'own',
    gapRatio,
    churnRisk: gapRatio > churnGapMultiple,
    pActive,
    clv,
  };
}
