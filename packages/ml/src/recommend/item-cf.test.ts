import { describe, expect, it } from 'vitest';
import { createItemCf } from './item-cf';
import type { Purchase } from './purchase-index';

const HISTORY: Record<string, string[]> = {
  u1: ['a', 'b'],
  u2: ['a', 'b', 'c'],
  u3: ['a', 'c', 'd'],
  u4: ['e'],
  u5: ['a', 'e'],
};
const purchases: Purchase[] = Object.entries(HISTORY).flatMap(([customer, items]) =>
  items.map((item, k) => ({ customer, item, time: k * 86_400_000 })),
);

describe('item-based recommendations', () => {
  const model = createItemCf(purchases);

  it.each(Object.keys(HISTORY))('never recommends what %s already bought', (customer) => {
    const recs = model.recommend(customer, 10);
    const owned = new Set(HISTORY[customer]);
    expect(recs.filter((r) => owned.has(r.item))).toEqual([]);
    expect(new Set(recs.map((r) => r.item)).size).toBe(recs.length);
  });

  it('ranks what co-buyers bought first and explains it', () => {
    const recs = model.recommend('u1', 2);
    expect(recs[0]).toMatchObject({ item: 'c', source: 'item-cf' });
    expect(recs[0]!.because).toEqual(['a', 'b']);
  });

  it('tops up a short list with popular items', () => {
    // u4's only co-buyer (u5) adds a; the rest comes from the best-sellers.
    const recs = model.recommend('u4', 3);
    expect(recs.map((r) => r.item)).toEqual(['a', 'b', 'c']);
    expect(recs.map((r) => r.source)).toEqual(['item-cf', 'popularity', 'popularity']);
  });

  it('falls back to popularity for a new customer', () => {
    const recs = model.recommend('never-seen', 3);
    expect(recs.map((r) => r.item)).toEqual(['a', 'b', 'c']);
    expect(recs.every((r) => r.source === 'popularity' && r.because.length === 0)).toBe(true);
  });

  it('returns nothing rather than failing on an empty history', () => {
    expect(createItemCf([]).recommend('x', 5)).toEqual([]);
  });
});
