import { describe, expect, it } from 'vitest';
import { confusionAtBestF1 } from './confusion';

describe('confusionAtBestF1', () => {
  it('finds the F1-optimal threshold', () => {
    const y = [1, 1, 0, 1, 0, 0];
    const p = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1];
    const c = confusionAtBestF1(y, p);
    // threshold 0.6: tp 3, fp 1 -> precision 0.75, recall 1, F1 6/7 (beats 0.8 at threshold 0.8)
    expect(c).toMatchObject({ threshold: 0.6, tp: 3, fp: 1, tn: 2, fn: 0 });
    expect(c.f1).toBeCloseTo(6 / 7, 12);
  });

  it('handles no positives', () => {
    expect(confusionAtBestF1([0, 0], [0.3, 0.4]).f1).toBe(0);
  });
});
