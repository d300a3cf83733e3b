import { describe, expect, it } from 'vitest';
import { brier, calibrationCurve, logLoss } from './probability';

describe('probability metrics', () => {
  it.each([
    { y: [1, 0], p: [1, 0], brier: 0, logLoss: 0 },
    { y: [1, 0], p: [0.5, 0.5], brier: 0.25, logLoss: Math.log(2) },
    {
      y: [1, 0, 1],
      p: [0.8, 0.3, 0.6],
      brier: (0.04 + 0.09 + 0.16) / 3,
      logLoss: -(Math.log(0.8) + Math.log(0.7) + Math.log(0.6)) / 3,
    },
  ])('brier and log-loss of $p', (c) => {
    expect(brier(c.y, c.p)).toBeCloseTo(c.brier, 12);
    expect(logLoss(c.y, c.p)).toBeCloseTo(c.logLoss, 9);
  });

  it('log-loss stays finite for confident mistakes', () => {
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
  });

  it('calibration curve bins predictions and observed rates', () => {
    const bins = calibrationCurve([0, 1, 1, 0], [0.05, 0.15, 0.95, 0.92], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ count: 1, observedRate: 0 });
    expect(bins[1]).toMatchObject({ count: 1, observedRate: 1 });
    expect(bins[9]!.count).toBe(2);
    expect(bins[9]!.meanPredicted).toBeCloseTo(0.935, 12);
    expect(bins[9]!.observedRate).toBe(0.5);
    expect(bins[5]!.meanPredicted).toBeNaN();
  });
});
