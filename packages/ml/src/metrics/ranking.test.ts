import { describe, expect, it } from 'vitest';
import { cumulativeGains, liftAt, prAuc, rocAuc } from './ranking';

describe('rocAuc', () => {
  it.each([
    { name: 'perfect', y: [0, 0, 1, 1], p: [0.1, 0.2, 0.8, 0.9], auc: 1 },
    { name: 'reversed', y: [1, 1, 0, 0], p: [0.1, 0.2, 0.8, 0.9], auc: 0 },
    { name: 'all tied', y: [0, 1, 0, 1], p: [0.5, 0.5, 0.5, 0.5], auc: 0.5 },
    // scikit-learn's doc example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    { name: 'sklearn example', y: [0, 0, 1, 1], p: [0.1, 0.4, 0.35, 0.8], auc: 0.75 },
    { name: 'partial tie', y: [0, 1, 1], p: [0.5, 0.5, 0.9], auc: 0.75 },
  ])('$name', ({ y, p, auc }) => {
    expect(rocAuc(y, p)).toBeCloseTo(auc, 12);
  });

  it('is NaN with one class', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
});

describe('prAuc (average precision)', () => {
  it.each([
    // scikit-learn: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
    { y: [0, 0, 1, 1], p: [0.1, 0.4, 0.35, 0.8], ap: 0.8333333333333333 },
    { y: [0, 0, 1, 1], p: [0.1, 0.2, 0.8, 0.9], ap: 1 },
    { y: [1, 0, 0, 0], p: [0.1, 0.2, 0.3, 0.4], ap: 0.25 },
  ])('$y / $p', ({ y, p, ap }) => {
    expect(prAuc(y, p)).toBeCloseTo(ap, 12);
  });
});

describe('liftAt and gains', () => {
  it('computes lift in the top decile', () => {
    const y = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const p = y.map((v, i) => (v ? 1 : 0) - i / 100);
    // top 10% = 2 rows, both positive: rate 1 vs base 0.1
    expect(liftAt(y, p, 0.1)).toBeCloseTo(10, 12);
  });

  it('cumulative gains reach 1 and are monotone', () => {
    const y = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0];
    const p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    const g = cumulativeGains(y, p, 10);
    expect(g).toHaveLength(11);
    expect(g[1]).toEqual({ fraction: 0.1, gain: 1 / 3 });
    expect(g[3]!.gain).toBeCloseTo(2 / 3, 12);
    expect(g[10]).toEqual({ fraction: 1, gain: 1 });
  });
});
