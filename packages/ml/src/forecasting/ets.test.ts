import { describe, expect, it } from 'vitest';
import { autoEts, etsForecast, fitEts } from './ets';
import { localLevel, seasonalSeries } from './test-series';

describe('ETS', () => {
  it('extrapolates an exact linear trend', () => {
    const y = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    const m = fitEts(y, { error: 'A', trend: 'A', season: 'N', m: 1 })!;
    const f = etsForecast(m, 5).mean;
    f.forEach((v, i) => expect(v).toBeCloseTo(10 + 2 * (30 + i), 0));
  });

  it('chooses a multiplicative seasonal model by AICc on a trending multiplicative seasonal series', () => {
    const best = autoEts(seasonalSeries(96, 12, 7), 12)!;
    expect(best.spec.season).toBe('M');
    expect(best.spec.trend).not.toBe('N');
  });

  it('chooses a non-seasonal, non-trended model for a local-level series', () => {
    const best = autoEts(localLevel(80, 3), 12)!;
    expect(best.spec.season).toBe('N');
  });

  it('ignores multiplicative forms when the data are not positive', () => {
    const y = localLevel(60, 5, 0);
    const best = autoEts(y, 1)!;
    expect(best.spec.error).toBe('A');
  });

  it('damped trend forecasts flatten out', () => {
    const y = Array.from({ length: 40 }, (_, t) => 100 + 3 * t + (t % 3));
    const m = fitEts(y, { error: 'A', trend: 'Ad', season: 'N', m: 1 })!;
    const f = etsForecast(m, 200).mean;
    expect(m.phi).toBeLessThan(1);
    expect(f[199]! - f[198]!).toBeLessThan(f[1]! - f[0]!);
  });

  it('80% / 95% intervals of ETS(A,N,N) cover about the right share of local-level futures', () => {
    let in80 = 0;
    let in95 = 0;
    let total = 0;
    for (let s = 0; s < 60; s++) {
      const y = localLevel(70, 100 + s);
      const m = fitEts(y.slice(0, 60), { error: 'A', trend: 'N', season: 'N', m: 1 })!;
      const f = etsForecast(m, 10);
      for (let i = 0; i < 10; i++) {
        const z = Math.abs(y[60 + i]! - f.mean[i]!) / f.sd[i]!;
        if (z < 1.2816) in80++;
        if (z < 1.96) in95++;
        total++;
      }
    }
    expect(in80 / total).toBeGreaterThan(0.7);
    expect(in80 / total).toBeLessThan(0.9);
    expect(in95 / total).toBeGreaterThan(0.88);
  });
});
