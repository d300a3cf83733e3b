import { describe, expect, it } from 'vitest';
import { bestHour } from './best-hour';

describe('bestHour', () => {
  it('finds the peak, counting neighbouring hours together', () => {
    expect(bestHour([9, 9, 10, 10, 10, 8, 15, 21])).toMatchObject({ hour: 9, events: 8 });
  });
  it('wraps around midnight', () => {
    expect(bestHour([23, 0, 0, 1, 23, 12])?.hour).toBe(0);
  });
  it('gives no advice with too little or too spread history', () => {
    expect(bestHour([9, 10])).toBeNull();
    expect(bestHour([0, 3, 6, 9, 12, 15, 18, 21])).toBeNull();
  });
});
