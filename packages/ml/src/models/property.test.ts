import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { autoTrain } from './auto-train';
import { encodeRows, tableFromRows } from './table';

const cell = fc.oneof(
  fc.double({ noDefaultInfinity: false, noNaN: false }),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('a', 'b', 'c', '', 'NaN', 'Infinity', null),
);

describe('property: any table gives finite probabilities in [0, 1]', () => {
  it('holds for random tables, including tiny, one-class and messy ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: cell, k: cell, z: cell, y: fc.constantFrom('won', 'lost', null) }), {
          minLength: 1,
          maxLength: 120,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (rows, seed) => {
          if (!rows.some((r) => r.y !== null)) return;
          const t = tableFromRows(rows, { target: 'y', positive: 'won' });
          const s = autoTrain(t, { seed, validationOrder: seed % 2 ? 'time' : 'interleaved' });
          const p = s.predict(encodeRows(rows, t.schema));
          expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });

  it('holds for learned models on larger random tables', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const rows = Array.from({ length: 240 }, (_, i) => ({
          x: (i * 7919 + seed) % 13 === 0 ? 'NaN' : ((i * 7919 + seed) % 101) / 7,
          k: ['p', 'q', 'r'][(i + seed) % 3]!,
          y: ((i * 31 + seed) % 97) / 97 < 0.4 ? 'won' : 'lost',
        }));
        const t = tableFromRows(rows, { target: 'y', positive: 'won' });
        const p = autoTrain(t, { seed }).predict(t);
        expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
      }),
      { numRuns: 5, seed: 7 },
    );
  });
});
