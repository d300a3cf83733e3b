import { describe, expect, it } from 'vitest';
import { allRules, boughtTogether, buildCooccurrence } from './bought-together';
import type { Purchase } from './purchase-index';

// Five baskets: bread in 3, butter in 3, jam in 2, milk in 2.
const BASKETS = [['bread', 'butter'], ['bread', 'butter', 'jam'], ['bread', 'milk'], ['butter', 'jam'], ['milk']];
const purchases: Purchase[] = BASKETS.flatMap((items, b) =>
  items.map((item) => ({ customer: `c${b}`, item, time: b, basket: `b${b}` })),
);

describe('bought together', () => {
  const model = buildCooccurrence(purchases);

  it.each([
    // lift = P(other | item) / P(other)
    { item: 'butter', other: 'jam', count: 2, support: 2 / 5, confidence: 2 / 3, lift: 5 / 3 },
    { item: 'jam', other: 'butter', count: 2, support: 2 / 5, confidence: 1, lift: 5 / 3 },
    { item: 'bread', other: 'butter', count: 2, support: 2 / 5, confidence: 2 / 3, lift: 10 / 9 },
    { item: 'bread', other: 'jam', count: 1, support: 1 / 5, confidence: 1 / 3, lift: 5 / 6 },
    { item: 'milk', other: 'bread', count: 1, support: 1 / 5, confidence: 1 / 2, lift: 5 / 6 },
  ])('$item → $other: support, confidence, lift', ({ item, other, count, support, confidence, lift }) => {
    const rule = boughtTogether(model, item, { minCount: 1 }).find((r) => r.other === other)!;
    expect(rule.count).toBe(count);
    expect(rule.support).toBeCloseTo(support, 12);
    expect(rule.confidence).toBeCloseTo(confidence, 12);
    expect(rule.lift).toBeCloseTo(lift, 12);
  });

  it('ranks by lift and honours minCount', () => {
    expect(boughtTogether(model, 'butter', { minCount: 1 }).map((r) => r.other)).toEqual(['jam', 'bread']);
    expect(boughtTogether(model, 'bread', { minCount: 2 }).map((r) => r.other)).toEqual(['butter']);
    expect(boughtTogether(model, 'caviar')).toEqual([]);
  });

  it('lists all rules above a lift, both directions, ties by confidence', () => {
    const rules = allRules(model, { minCount: 2, minLift: 1 });
    expect(rules.map((r) => `${r.item}>${r.other}`)).toEqual([
      'jam>butter',
      'butter>jam',
      'bread>butter',
      'butter>bread',
    ]);
  });

  it('without basket ids, one customer at one time is one basket', () => {
    const m = buildCooccurrence([
      { customer: 'a', item: 'x', time: 1 },
      { customer: 'a', item: 'y', time: 1 },
      { customer: 'a', item: 'x', time: 2 },
    ]);
    expect(m.baskets).toBe(2);
    expect(boughtTogether(m, 'y', { minCount: 1 })[0]).toMatchObject({ other: 'x', count: 1, confidence: 1 });
  });
});
