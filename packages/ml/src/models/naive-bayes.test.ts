import { describe, expect, it } from 'vitest';
import { decileEdges } from './deciles';
import { trainNaiveBayes } from './naive-bayes';
import { encodeRows, tableFromRows } from './table';

describe('Odoo-style naive Bayes', () => {
  const rows = [
    { stage: 'a', country: 'fr', won: 'yes' },
    { stage: 'a', country: 'be', won: 'yes' },
    { stage: 'b', country: 'fr', won: 'no' },
    { stage: 'b', country: 'fr', won: 'no' },
    { stage: 'a', country: 'be', won: 'no' },
  ];
  const t = tableFromRows(rows, { target: 'won', minLevelCount: 1 });

  it('uses frequency tables with 0.1 smoothing', () => {
    const m = trainNaiveBayes(t);
    // P(won) = 2/5. stage a: won 2 (+0.1)/2, lost 1 (+0.1)/3. country fr: won 1.1/2, lost 2.1/3.
    const pw = (2 / 5) * (2.1 / 2) * (1.1 / 2);
    const pl = (3 / 5) * (1.1 / 3) * (2.1 / 3);
    const z = m.margin(t)[0]!;
    expect(1 / (1 + Math.exp(-z))).toBeCloseTo(pw / (pw + pl), 12);
  });

  it('ignores values never seen in training (factor 1, as in Odoo)', () => {
    const m = trainNaiveBayes(t);
    const fresh = encodeRows([{ stage: 'zzz', country: 'fr', won: 'yes' }], t.schema);
    const { factors, baseline } = m.contributions(fresh, 0);
    expect(factors[0]!.contribution).toBe(0);
    expect(baseline).toBeCloseTo(Math.log(2 / 3), 12);
  });

  it('cuts numbers at deciles like numpy', () => {
    expect(decileEdges(Float64Array.from({ length: 11 }, (_, i) => i))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // numpy.quantile([-1]*8 + [5, 10], linspace(0, 1, 11)) -> [-1 x 8, 0.2, 5.5, 10]
    const edges = decileEdges(Float64Array.from([-1, -1, -1, -1, -1, -1, -1, -1, 5, 10]));
    expect(edges).toHaveLength(2);
    expect(edges[0]!).toBeCloseTo(0.2, 12);
    expect(edges[1]!).toBeCloseTo(5.5, 12);
  });
});
