import { describe, expect, it } from 'vitest';
import { chiSquare, columnDrift, jensenShannon, ksTwoSample, proportionsZTest, wassersteinNormed } from './drift';
import { chiSquaredSurvival, normalTwoSided } from './special';

// Reference values from scipy 1.17.1 / numpy 2.4.6: `python3 packages/ml/src/drift/reference.py` (the script beside
// this file emulates Evidently's binning with numpy's histogram and calls scipy's tests and distances).
const SCIPY = {
  ks_unequal: [0.30454545454545456, 0.021059183530863265],
  ks_ties_equal: [0.16666666666666666, 0.8079631540901643],
  ks_300_250: [0.15066666666666667, 0.0036390860032956755],
  ks_300_250_psi: 0.12374014957720864,
  chisquare: [11.441666666666666, 0.04329313031580497],
  ztest: [-2.4435166245767626, 0.014544899462472843],
  wasserstein_normed: 0.37408449721789644,
  wasserstein_psi: 0.8162748484525455,
  js: 0.11737004023849801,
  js_psi: 0.1109661250681031,
} as const;

/** MINSTD, as in reference.py: exact in doubles (products stay below 2^53). */
function minstd(seed: number, n: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (48271 * x) % 2147483647;
    out.push(x / 2147483647);
  }
  return out;
}
const round1 = (v: number) => Math.round(v * 10) / 10;

describe('two-sample Kolmogorov-Smirnov (exact, as scipy)', () => {
  it.each([
    {
      name: 'unequal sizes',
      a: minstd(7, 40).map((x) => round1(x * 100)),
      b: minstd(11, 55).map((x) => round1(x * 100 + 12)),
      ref: SCIPY.ks_unequal,
    },
    {
      name: 'equal sizes with ties',
      a: minstd(3, 30).map((x) => Math.floor(x * 10)),
      b: minstd(5, 30).map((x) => Math.floor(x * 10)),
      ref: SCIPY.ks_ties_equal,
    },
    { name: '300 vs 250', a: minstd(13, 300), b: minstd(17, 250).map((x) => x ** 1.3), ref: SCIPY.ks_300_250 },
  ])('$name', ({ a, b, ref }) => {
    const r = ksTwoSample(a, b);
    expect(r.statistic).toBeCloseTo(ref[0], 12);
    expect(Math.abs(r.pValue - ref[1])).toBeLessThan(1e-9);
  });

  it('identical samples have p = 1', () => expect(ksTwoSample([1, 2, 3], [1, 2, 3]).pValue).toBe(1));
});

describe('tests and distances against scipy', () => {
  it('chi-squared goodness of fit', () => {
    const r = chiSquare([30, 14, 34, 45, 57, 20], [20, 20, 30, 40, 60, 30]);
    expect(Math.abs(r.statistic - SCIPY.chisquare[0])).toBeLessThan(1e-9);
    expect(Math.abs(r.pValue - SCIPY.chisquare[1])).toBeLessThan(1e-9);
  });

  it('two-proportion z-test', () => {
    const r = proportionsZTest(120, 400, 160, 420);
    expect(Math.abs(r.statistic - SCIPY.ztest[0])).toBeLessThan(1e-9);
    expect(Math.abs(r.pValue - SCIPY.ztest[1])).toBeLessThan(1e-9);
  });

  it.each([
    { x: 3.84145882069412, df: 1, p: 0.05 },
    { x: 0, df: 4, p: 1 },
    { x: 2, df: 2, p: Math.exp(-1) },
  ])('chi-squared survival($x, $df)', ({ x, df, p }) =>
    expect(Math.abs(chiSquaredSurvival(x, df) - p)).toBeLessThan(1e-12),
  );

  it('normal two-sided tail at 1.959963984540054 is 0.05', () =>
    expect(Math.abs(normalTwoSided(1.959963984540054) - 0.05)).toBeLessThan(1e-13));

  it('normed Wasserstein distance', () => {
    const r = minstd(19, 3000).map((x) => x * 50);
    const c = minstd(23, 2500).map((x) => x * 55 + 3);
    expect(Math.abs(wassersteinNormed(r, c) - SCIPY.wasserstein_normed)).toBeLessThan(1e-9);
  });

  it('Jensen-Shannon of equal distributions is 0 and of disjoint ones sqrt(ln 2)', () => {
    expect(jensenShannon([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 12);
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(Math.sqrt(Math.LN2), 12);
  });
});

describe('columnDrift picks the test Evidently picks', () => {
  const cats = ['a', 'b', 'c', 'd'];
  it.each([
    {
      name: 'numbers, 300 reference rows: KS',
      kind: 'numeric' as const,
      ref: minstd(13, 300),
      cur: minstd(17, 250).map((x) => x ** 1.3),
      test: 'ks',
      statistic: SCIPY.ks_300_250[0],
      p: SCIPY.ks_300_250[1],
      psi: SCIPY.ks_300_250_psi,
      drifted: true,
    },
    {
      name: 'numbers, 3,000 rows: Wasserstein (normed)',
      kind: 'numeric' as const,
      ref: minstd(19, 3000).map((x) => x * 50),
      cur: minstd(23, 2500).map((x) => x * 55 + 3),
      test: 'wasserstein_normed',
      statistic: SCIPY.wasserstein_normed,
      p: null,
      psi: SCIPY.wasserstein_psi,
      drifted: true,
    },
    {
      name: 'categories, 2,000 rows: Jensen-Shannon',
      kind: 'categorical' as const,
      ref: minstd(29, 2000).map((x) => cats[Math.floor(x ** 1.5 * 4)]!),
      cur: minstd(31, 1800).map((x) => cats[Math.floor(x * 4)]!),
      test: 'jensen_shannon',
      statistic: SCIPY.js,
      p: null,
      psi: SCIPY.js_psi,
      drifted: true,
    },
  ])('$name', (c) => {
    const d = columnDrift(c.kind, c.ref, c.cur);
    expect(d.test).toBe(c.test);
    expect(Math.abs(d.statistic - c.statistic)).toBeLessThan(1e-9);
    if (c.p === null) expect(d.pValue).toBeNull();
    else expect(Math.abs(d.pValue! - c.p)).toBeLessThan(1e-9);
    expect(Math.abs(d.psi - c.psi)).toBeLessThan(1e-9);
    expect(d.drifted).toBe(c.drifted);
  });

  it('small categorical samples: chi-squared above two values, z-test with two; missing values left out', () => {
    expect(columnDrift('categorical', ['a', 'b', 'c', 'a'], ['a', 'b', 'b', null]).test).toBe('chi_squared');
    const z = columnDrift('categorical', ['y', 'n', 'n', 'n', 'y'], ['y', 'y', 'y', 'n', '']);
    expect(z.test).toBe('z_test');
    expect(z.currentRows).toBe(4);
  });

  it('the same sample does not drift', () => {
    const x = minstd(41, 1500);
    const d = columnDrift('numeric', x, x);
    expect(d.statistic).toBe(0);
    expect(d.drifted).toBe(false);
    expect(d.psi).toBe(0);
  });
});
