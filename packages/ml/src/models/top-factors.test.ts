import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topFactors } from './scorer';

describe('topFactors', () => {
  it('picks what filtering and a stable sort would, ties and NaN included', () => {
    // Small integers make ties common; the offset puts some rows at a position other than 0.
    const value = fc.oneof(
      fc.integer({ min: -4, max: 4 }).map((x) => x / 2),
      fc.constant(Number.NaN),
      fc.constant(1e-13),
    );
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom(1 as const, -1 as const),
        (row, offset, k, sign) => {
          const values = Float64Array.from([...Array.from({ length: offset }, () => 9), ...row]);
          const out: number[] = [];
          const m = topFactors(values, offset, row.length, k, sign, out);
          const want = row
            .map((v, j) => ({ v: sign * v, j }))
            .filter((x) => x.v > 1e-12)
            .sort((a, b) => b.v - a.v)
            .slice(0, k)
            .map((x) => x.j);
          expect(out.slice(0, m)).toEqual(want);
        },
      ),
      { numRuns: 500 },
    );
  });
});
