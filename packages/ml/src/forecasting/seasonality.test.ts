import { describe, expect, it } from 'vitest';
import { isSeasonal, seasonalFigure } from './seasonality';
import { gaussian, localLevel, rng, seasonalSeries } from './test-series';

describe('90% ACF seasonality test (forecast::thetaf)', () => {
  const r = rng(11);
  const noise = Array.from({ length: 72 }, () => 10 + gaussian(r));
  it.each([
    { name: 'monthly seasonal', x: seasonalSeries(72, 12, 1), period: 12, seasonal: true },
    { name: 'quarterly seasonal', x: seasonalSeries(40, 4, 2), period: 4, seasonal: true },
    { name: 'white noise', x: noise, period: 12, seasonal: false },
    { name: 'random walk', x: localLevel(72, 4), period: 12, seasonal: false },
    { name: 'two seasons only', x: seasonalSeries(24, 12, 5), period: 12, seasonal: false },
    { name: 'period 1', x: seasonalSeries(24, 12, 5), period: 1, seasonal: false },
  ])('$name -> $seasonal', ({ x, period, seasonal }) => {
    expect(isSeasonal(x, period)).toBe(seasonal);
  });

  it('classical multiplicative figure recovers the seasonal shape', () => {
    const fig = seasonalFigure(seasonalSeries(120, 12, 9, 0), 12, true);
    expect(fig[3]!).toBeGreaterThan(1.2); // sin peak at t = 3
    expect(fig[9]!).toBeLessThan(0.8);
    expect(fig.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 10);
  });
});
