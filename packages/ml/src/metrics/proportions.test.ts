import { describe, expect, it } from 'vitest';
import { abVerdict, normalCdf, twoProportionTest } from './proportions';

describe('two-proportion z-test', () => {
  // Reference figures: pooled two-sided test computed with Python math.erfc (as statsmodels proportions_ztest).
  it.each([
    [{ n: 1000, x: 100 }, { n: 1000, x: 130 }, 2.1027, 0.0355],
    [{ n: 200, x: 20 }, { n: 200, x: 20 }, 0, 1],
    [{ n: 500, x: 50 }, { n: 400, x: 30 }, -1.3096, 0.1903],
  ])('%j vs %j: z %s, p %s', (a, b, z, p) => {
    const r = twoProportionTest({ key: 'A', ...a }, { key: 'B', ...b });
    expect(r.z).toBeCloseTo(z, 2);
    expect(r.pValue).toBeCloseTo(p, 3);
  });
  it('normal cdf', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
  });
  it.each([
    [{ n: 10, x: 1 }, { n: 10, x: 5 }, /Too early/],
    [{ n: 1000, x: 100 }, { n: 1000, x: 130 }, /^Variant B gets more replies; 96% confident$/],
    [{ n: 1000, x: 100 }, { n: 1000, x: 105 }, /No clear winner yet: variant B/],
    [{ n: 100, x: 10 }, { n: 100, x: 10 }, /No difference/],
  ])('verdict %j vs %j', (a, b, re) => {
    expect(abVerdict({ key: 'A', ...a }, { key: 'B', ...b }, 'replies')).toMatch(re);
  });
});
