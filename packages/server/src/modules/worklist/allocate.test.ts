import { describe, expect, it } from 'vitest';
import { allocateLeads, rebalance, type RepLoad } from './allocate';

const reps: RepLoad[] = [
  { userId: 'a', name: 'Ana', load: 2, capacity: 10, territory: 'GB' },
  { userId: 'b', name: 'Ben', load: 0, capacity: 10, territory: null },
  { userId: 'c', name: 'Chloe', load: 9, capacity: 10, territory: 'DE' },
];

describe('allocateLeads', () => {
  it('sends a lead to the rep of its territory', () => {
    expect(allocateLeads([{ contactId: 'x', country: 'GB' }], reps)[0]).toMatchObject({ userId: 'a' });
  });
  it('spreads other leads by room left, updating loads as it goes', () => {
    const out = allocateLeads(
      Array.from({ length: 6 }, (_, i) => ({ contactId: String(i), country: null })),
      reps,
    );
    const count = (u: string) => out.filter((o) => o.userId === u).length;
    expect(count('b')).toBe(4);
    expect(count('a')).toBe(2);
    expect(count('c')).toBe(0);
  });
  it('falls back to round robin when the fitting reps are full', () => {
    const full = reps.map((r) => ({ ...r, load: r.capacity }));
    expect(
      allocateLeads(
        [1, 2, 3, 4].map((i) => ({ contactId: String(i), country: 'DE' })),
        full,
      ).map((a) => a.userId),
    ).toEqual(['a', 'b', 'c', 'a']);
  });
  it('does nothing without reps', () => {
    expect(allocateLeads([{ contactId: 'x', country: null }], [])).toEqual([]);
  });
});

describe('rebalance', () => {
  it('moves leads from the overloaded rep until loads are within one of each other', () => {
    const loads: RepLoad[] = [
      { userId: 'a', name: 'Ana', load: 10, capacity: 20, territory: null },
      { userId: 'b', name: 'Ben', load: 2, capacity: 20, territory: null },
    ];
    const moves = rebalance(loads, new Map([['a', ['l1', 'l2', 'l3', 'l4', 'l5', 'l6']]]));
    expect(moves).toHaveLength(4);
    expect(moves.every((m) => m.userId === 'b')).toBe(true);
  });
  it('moves nothing when only uncontacted leads could move and there are none', () => {
    expect(
      rebalance(
        [
          { userId: 'a', name: 'A', load: 9, capacity: 9, territory: null },
          { userId: 'b', name: 'B', load: 0, capacity: 9, territory: null },
        ],
        new Map(),
      ),
    ).toEqual([]);
  });
});
