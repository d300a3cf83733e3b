import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rfmFromOrderRows } from './rfm-from-rows';

const row = fc.record({
  customer: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', ''),
  date: fc.oneof(
    fc
      .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2024, 11, 31) })
      .map((t) => new Date(t).toISOString().slice(0, 10)),
    fc.constantFrom('', 'not a date', '2024-13-01'),
  ),
  amount: fc.oneof(
    fc.double({ min: -500, max: 5000, noNaN: true }).map((v) => v.toFixed(2)),
    fc.constantFrom('0', '', 'abc'),
  ),
  order: fc.constantFrom('1', '2', '3', '4', '5', '6'),
});

describe('rfmFromOrderRows properties', () => {
  it('every customer with a purchase is in exactly one segment; no NaN anywhere', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const r = rfmFromOrderRows(rows, { kRange: [2, 4] });
        const ids = r.customers.map((c) => c.customer);
        expect(new Set(ids).size).toBe(ids.length);
        const buyers = new Set(
          rows
            .filter(
              (x) =>
                x.customer &&
                /^\d{4}-\d{2}-\d{2}$/.test(x.date) &&
                !x.date.startsWith('2024-13') &&
                Number(x.amount) > 0,
            )
            .map((x) => x.customer),
        );
        expect(new Set(ids)).toEqual(buyers);
        expect(r.segments.reduce((s, x) => s + x.customers, 0)).toBe(ids.length);
        for (const c of r.customers) {
          for (const v of [
            c.recencyDays,
            c.frequency,
            c.monetary,
            c.r,
            c.f,
            c.m,
            c.clv,
            c.gapRatio,
            c.pActive,
            c.usualGapDays,
          ]) {
            expect(Number.isFinite(v)).toBe(true);
          }
        }
        for (const p of r.sweep) expect(Number.isFinite(p.silhouette)).toBe(true);
      }),
      { numRuns: 150, seed: 20261123 },
    );
  });
});
