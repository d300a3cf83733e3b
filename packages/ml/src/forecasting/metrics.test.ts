import { describe, expect, it } from 'vitest';
import { bias, mape, mase, smape } from './metrics';

describe('accuracy metrics', () => {
  it.each([
    { name: 'perfect', y: [1, 2, 3], f: [1, 2, 3], smape: 0, mape: 0, bias: 0 },
    { name: 'double', y: [10], f: [20], smape: (200 * 10) / 30, mape: 100, bias: 10 },
    { name: 'half', y: [10, 10], f: [5, 5], smape: (200 * 5) / 15, mape: 50, bias: -5 },
    { name: 'both zero', y: [0, 4], f: [0, 4], smape: 0, mape: 0, bias: 0 },
  ])('$name', (c) => {
    expect(smape(c.y, c.f)).toBeCloseTo(c.smape, 10);
    expect(mape(c.y, c.f)).toBeCloseTo(c.mape, 10);
    expect(bias(c.y, c.f)).toBeCloseTo(c.bias, 10);
  });

  it('MASE scales by the in-sample seasonal naive error (lag 1 when the history is short)', () => {
    // lag-2 differences of the history are all 2, errors are 1 and 3: MASE = 2 / 2.
    expect(mase([1, 2, 3, 4, 5], [6, 7], [7, 4], 2)).toBeCloseTo(1, 10);
    // history no longer than the period: lag-1 differences (all 1), mean error 2.
    expect(mase([1, 2, 3], [4], [6], 12)).toBeCloseTo(2, 10);
  });

  it('rejects mismatched lengths', () => {
    expect(() => smape([1, 2], [1])).toThrow(RangeError);
  });
});
