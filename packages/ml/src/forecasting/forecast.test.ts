import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ForecastInputError } from './errors';
import { forecast } from './index';
import { localLevel, seasonalSeries } from './test-series';
import type { ForecastResult } from './types';

function expectWellFormed(r: ForecastResult, h: number): void {
  expect(r.mean).toHaveLength(h);
  for (const level of ['80', '95'] as const) {
    expect(r.lower[level]).toHaveLength(h);
    expect(r.upper[level]).toHaveLength(h);
    r.mean.forEach((m, i) => {
      expect(Number.isFinite(m)).toBe(true);
      expect(r.lower[level][i]!).toBeLessThanOrEqual(m + 1e-9);
      expect(r.upper[level][i]!).toBeGreaterThanOrEqual(m - 1e-9);
    });
  }
  expect(r.reason.length).toBeGreaterThan(0);
  expect(r.method.length).toBeGreaterThan(0);
}

describe('forecast: input validation', () => {
  it.each([
    { opts: { period: 12, horizon: 0 }, field: 'horizon' },
    { opts: { period: 12, horizon: 10_001 }, field: 'horizon' },
    { opts: { period: 12, horizon: 2.5 }, field: 'horizon' },
    { opts: { period: 12, horizon: Number.NaN }, field: 'horizon' },
    { opts: { period: 0, horizon: 3 }, field: 'period' },
    { opts: { period: 1.5, horizon: 3 }, field: 'period' },
    { opts: { period: 1, horizon: 3, levels: [120] }, field: 'levels' },
    { opts: { period: 1, horizon: 3, method: 'arima' as never }, field: 'method' },
  ])('rejects $opts with field $field', ({ opts, field }) => {
    try {
      forecast([1, 2, 3, 4, 5], opts);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ForecastInputError);
      expect((e as ForecastInputError).field).toBe(field);
    }
  });

  it.each([[[]], [[Number.NaN, Number.NaN]]])('rejects values without any finite number: %j', (values) => {
    expect(() => forecast(values, { period: 1, horizon: 3 })).toThrow(ForecastInputError);
  });
});

const seasonal = seasonalSeries(60, 12, 3);
const withOutlier = localLevel(40, 8, 100).map((v, i) => (i === 25 ? v * 50 : v));
const withBreak = localLevel(40, 9, 100).map((v, i) => (i >= 30 ? v + 400 : v));

describe('forecast: odd series get a fallback and an explanation, never NaN', () => {
  it.each([
    { name: 'one point', values: [42], method: 'naive', mean0: 42 },
    { name: 'two points', values: [40, 44], method: 'naive', mean0: 44 },
    { name: 'three points', values: [1, 2, 3], method: 'naive', mean0: 3 },
    { name: 'all zeros', values: new Array(30).fill(0), method: 'constant', mean0: 0 },
    { name: 'constant', values: new Array(30).fill(7), method: 'constant', mean0: 7 },
    {
      name: 'intermittent demand',
      values: [0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 0, 4, 0, 0, 0, 3, 0, 1, 0, 0],
      method: 'croston-sba',
    },
    { name: 'negatives', values: localLevel(50, 2, -20) },
    { name: 'NaN gaps', values: seasonal.map((v, i) => (i % 7 === 3 ? Number.NaN : v)), warning: /missing/ },
    { name: 'leading NaN', values: [Number.NaN, Number.NaN, ...seasonal], warning: /leading/ },
    { name: 'huge outlier', values: withOutlier, warning: /outlier/ },
    { name: 'structural break', values: withBreak, warning: /structural break/ },
    { name: 'fewer than two seasons', values: seasonal.slice(0, 20), warning: /two full seasons/ },
  ])('$name', ({ values, method, mean0, warning }) => {
    const r = forecast(values, { period: 12, horizon: 14 });
    expectWellFormed(r, 14);
    if (method) expect(r.method).toBe(method);
    if (mean0 !== undefined) expect(r.mean[0]).toBeCloseTo(mean0, 6);
    if (warning) expect(r.warnings.join('; ')).toMatch(warning);
  });

  it('a huge outlier does not drag the forecast', () => {
    const r = forecast(withOutlier, { period: 1, horizon: 3 });
    expect(r.mean[0]!).toBeLessThan(200);
  });

  it('after a structural break the forecast follows the new level', () => {
    const r = forecast(withBreak, { period: 1, horizon: 3 });
    expect(r.mean[0]!).toBeGreaterThan(400);
  });

  it('never forecasts below zero for non-negative data', () => {
    const down = Array.from({ length: 30 }, (_, t) => Math.max(0, 100 - 4 * t) + 1);
    const r = forecast(down, { period: 1, horizon: 60 });
    expect(Math.min(...r.mean, ...r.lower['95'])).toBeGreaterThanOrEqual(0);
  });
});

describe('forecast: models', () => {
  it('seasonal naive repeats the last season', () => {
    const r = forecast(seasonal, { period: 12, horizon: 24, method: 'snaive' });
    r.mean.forEach((v, i) => expect(v).toBe(seasonal[48 + (i % 12)]));
  });

  it('naive repeats the last value with widening intervals', () => {
    const r = forecast([1, 3, 2, 4, 3, 5], { period: 1, horizon: 4, method: 'naive' });
    expect(r.mean).toEqual([5, 5, 5, 5]);
    expect(r.upper['95'][3]! - r.upper['95'][0]!).toBeGreaterThan(0);
  });

  it.each(['auto', 'comb', 'select', 'ets', 'damped', 'theta', 'ses', 'snaive', 'naive', 'mean', 'croston'] as const)(
    'method %s follows a seasonal series',
    (method) => {
      const r = forecast(seasonal, { period: 12, horizon: 12, method, levels: [50] });
      expectWellFormed(r, 12);
      expect(r.lower['50']).toHaveLength(12);
      const actual = seasonalSeries(72, 12, 3).slice(60);
      const err = r.mean.reduce((s, v, i) => s + Math.abs(v - actual[i]!), 0) / 12;
      if (['auto', 'comb', 'select', 'ets', 'theta', 'snaive'].includes(method)) expect(err / 130).toBeLessThan(0.1);
    },
  );

  it('theta says when it adjusts for seasonality', () => {
    expect(forecast(seasonal, { period: 12, horizon: 3, method: 'theta' }).reason).toMatch(
      /seasonal by the 90% ACF test/,
    );
    expect(forecast(localLevel(60, 1), { period: 12, horizon: 3, method: 'theta' }).reason).toMatch(/no seasonality/);
  });

  it('auto records why it chose its model', () => {
    const r = forecast(seasonal, { period: 12, horizon: 6 });
    expect(r.reason).toMatch(/ETS|Theta|theta|combination/);
  });

  it('on a long history validation may replace the combination, and says so', () => {
    // A sharp, irregular daily profile repeated exactly: seasonal naive is exact, the smoothers are not.
    const profile = [5, 5, 4, 4, 5, 9, 30, 60, 42, 38, 35, 50, 61, 40, 33, 31, 45, 70, 80, 52, 25, 14, 9, 6];
    const hourly = Array.from({ length: 24 * 14 }, (_, t) => profile[t % 24]!);
    const r = forecast(hourly, { period: 24, horizon: 48 });
    expect(r.reason).toMatch(/rolling-origin validation/);
    expect(r.method).toBe('snaive');
  });

  it('80% / 95% intervals of the default model cover roughly their share on local-level series', () => {
    let in80 = 0;
    let in95 = 0;
    let total = 0;
    for (let s = 0; s < 40; s++) {
      const y = localLevel(56, 500 + s);
      const r = forecast(y.slice(0, 48), { period: 1, horizon: 8 });
      y.slice(48).forEach((v, i) => {
        if (v >= r.lower['80'][i]! && v <= r.upper['80'][i]!) in80++;
        if (v >= r.lower['95'][i]! && v <= r.upper['95'][i]!) in95++;
        total++;
      });
    }
    expect(in80 / total).toBeGreaterThan(0.65);
    expect(in80 / total).toBeLessThan(0.95);
    expect(in95 / total).toBeGreaterThan(0.85);
  });

  it('very long histories are truncated to the most recent points, with a warning', () => {
    const r = forecast(seasonalSeries(3500, 12, 4), { period: 12, horizon: 3, method: 'theta' });
    expect(r.warnings.join('; ')).toMatch(/only the last 3000 of 3500/);
  });

  it('a 10,000-step horizon works and stays finite', () => {
    const r = forecast(seasonal, { period: 12, horizon: 10_000 });
    expectWellFormed(r, 10_000);
  });
});

describe('forecast: property', () => {
  it('any finite or NaN-gapped series yields finite forecasts of the requested length', () => {
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(Number.NaN) },
      { weight: 1, arbitrary: fc.constant(0) },
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 60 }).filter((a) => a.some(Number.isFinite)),
        fc.constantFrom(1, 4, 7, 12),
        fc.integer({ min: 1, max: 40 }),
        (values, period, horizon) => {
          const r = forecast(values, { period, horizon });
          expect(r.mean).toHaveLength(horizon);
          for (const a of [r.mean, r.lower['80'], r.lower['95'], r.upper['80'], r.upper['95']]) {
            expect(a).toHaveLength(horizon);
            expect(a.every(Number.isFinite)).toBe(true);
          }
        },
      ),
      { numRuns: 150, seed: 42 },
    );
  });
});
