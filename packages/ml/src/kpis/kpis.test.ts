import { describe, expect, it } from 'vitest';
import { DAY_MS, kpiBreakdown, kpiValues, meetsTarget, periods, type KpiData } from './kpis';

const t = (s: string) => Date.parse(s);
const who = { rep: 'r1', source: 'web', segment: null };
const data: KpiData = {
  contacts: [
    { ...who, createdAt: t('2026-03-02'), customer: true },
    { ...who, createdAt: t('2026-03-10'), customer: false },
    { ...who, rep: 'r2', createdAt: t('2026-03-20'), customer: false },
    { ...who, createdAt: t('2026-04-01'), customer: true },
  ],
  deals: [
    { ...who, status: 'won', amount: 1000, createdAt: t('2026-02-01'), closedAt: t('2026-03-03') },
    { ...who, status: 'won', amount: 3000, createdAt: t('2026-03-01'), closedAt: t('2026-03-11') },
    { ...who, rep: 'r2', status: 'lost', amount: 500, createdAt: t('2026-03-01'), closedAt: t('2026-03-15') },
    { ...who, status: 'open', amount: 800, createdAt: t('2026-03-05'), closedAt: null },
  ],
  orders: [
    { ...who, contactId: 'a', at: t('2025-12-01'), total: 50, firstOrderAt: t('2025-12-01') },
    { ...who, contactId: 'a', at: t('2026-03-05'), total: 100, firstOrderAt: t('2025-12-01') },
    { ...who, contactId: 'b', at: t('2026-03-06'), total: 300, firstOrderAt: t('2026-03-06') },
    // active on 2026-03-01 (ordered within 180 days), silent since, and 180 days old by 2026-04-01: churned in March
    { ...who, contactId: 'c', at: t('2025-09-20'), total: 20, firstOrderAt: t('2025-09-20') },
    // active, silent in March, but not yet 180 days old on 2026-04-01: not churned
    { ...who, contactId: 'd', at: t('2026-01-10'), total: 20, firstOrderAt: t('2026-01-10') },
  ],
};

describe('kpiValues (March 2026)', () => {
  const v = kpiValues(data, t('2026-03-01'), t('2026-04-01'));
  it.each([
    ['conversion_rate', 1 / 3, 3],
    ['win_rate', 2 / 3, 3],
    ['avg_deal_size', 2000, 2],
    ['sales_cycle_days', 20, 2],
    ['avg_order_value', 200, 2],
    ['repeat_purchase_rate', 0.5, 2],
    ['churn_rate', 1 / 3, 3],
  ] as const)('%s = %d (n %d)', (metric, value, n) => {
    expect(v[metric].value).toBeCloseTo(value, 12);
    expect(v[metric].n).toBe(n);
  });
  it('pipeline velocity = open deals x win rate x average deal size / cycle days', () => {
    expect(v.pipeline_velocity.n).toBe(1);
    expect(v.pipeline_velocity.value).toBeCloseTo((1 * (2 / 3) * 2000) / 20, 12);
  });
  it('gives null, not 0, without data', () => {
    const empty = kpiValues({ contacts: [], deals: [], orders: [] }, 0, DAY_MS);
    expect(Object.values(empty).every((x) => x.value === null && x.n === 0)).toBe(true);
  });
});

describe('breakdowns, periods, targets', () => {
  it('splits by rep', () => {
    const b = kpiBreakdown(data, 'rep', t('2026-03-01'), t('2026-04-01'));
    expect(b.find((g) => g.group === 'r2')!.values.win_rate.value).toBe(0);
    expect(b.find((g) => g.group === 'r1')!.values.win_rate.value).toBe(1);
  });
  it('cuts months and quarters, the last one partial', () => {
    const q = periods(t('2026-02-10'), t('2026-05-15'), 'quarter');
    expect(q.map((p) => [p.label, p.partial])).toEqual([
      ['2026-Q1', false],
      ['2026-Q2', true],
    ]);
    expect(periods(t('2026-02-10'), t('2026-03-31T23:59:59.999Z'), 'month').map((p) => p.partial)).toEqual([
      false,
      false,
    ]);
  });
  it('knows which way is better', () => {
    expect(meetsTarget('churn_rate', 0.1, 0.2)).toBe(true);
    expect(meetsTarget('win_rate', 0.1, 0.2)).toBe(false);
    expect(meetsTarget('win_rate', null, 0.2)).toBe(null);
  });
});
