import type { ModelForecast } from './types';

/** Random walk: last value carried forward; sd grows with sqrt(h). */
export function naiveForecast(x: ArrayLike<number>, h: number): ModelForecast {
  const n = x.length;
  const last = x[n - 1] ?? 0;
  let ss = 0;
  for (let t = 1; t < n; t++) ss += (x[t]! - x[t - 1]!) ** 2;
  const sigma = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const mean = new Float64Array(h).fill(last);
  const sd = new Float64Array(h);
  for (let i = 0; i < h; i++) sd[i] = sigma * Math.sqrt(i + 1);
  return { name: 'naive', mean, sd };
}

/** Seasonal random walk: value one period earlier; sd grows with sqrt(number of whole seasons ahead). */
export function seasonalNaiveForecast(x: ArrayLike<number>, period: number, h: number): ModelForecast {
  const n = x.length;
  if (period <= 1 || n < period) return naiveForecast(x, h);
  let ss = 0;
  for (let t = period; t < n; t++) ss += (x[t]! - x[t - period]!) ** 2;
  const sigma = n > period ? Math.sqrt(ss / (n - period)) : 0;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    mean[i] = x[n - period + (i % period)]!;
    sd[i] = sigma * Math.sqrt(Math.floor(i / period) + 1);
  }
  return { name: 'snaive', mean, sd };
}

/** Historical mean; the honest forecast for one or two noisy points. */
export function meanForecast(x: ArrayLike<number>, h: number): ModelForecast {
  const n = x.length;
  let s = 0;
  for (let t = 0; t < n; t++) s += x[t]!;
  const mu = n ? s / n : 0;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (x[t]! - mu) ** 2;
  const sigma = n > 1 ? Math.sqrt(ss / (n - 1)) * Math.sqrt(1 + 1 / n) : 0;
  return { name: 'mean', mean: new Float64Array(h).fill(mu), sd: new Float64Array(h).fill(sigma) };
}

/**
 * Croston's method with the Syntetos-Boylan bias correction (SBA) for intermittent demand:
 * smoothed non-zero size over smoothed interval, flat forecast.
 */
export function crostonForecast(x: ArrayLike<number>, h: number, alpha = 0.1): ModelForecast {
  const n = x.length;
  let z = NaN;
  let p = NaN;
  let gap = 1;
  let ss = 0;
  let cnt = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t]!;
    if (Number.isFinite(z)) {
      const f = (1 - alpha / 2) * (z / p);
      ss += (v - f) ** 2;
      cnt++;
    }
    if (v !== 0) {
      if (Number.isNaN(z)) {
        z = v;
        p = gap;
      } else {
        z += alpha * (v - z);
        p += alpha * (gap - p);
      }
      gap = 1;
    } else gap++;
  }
  const f = Number.isFinite(z) ? (1 - alpha / 2) * (z / p) : 0;
  const sigma = cnt > 1 ? Math.sqrt(ss / (cnt - 1)) : Math.abs(f);
  return { name: 'croston-sba', mean: new Float64Array(h).fill(f), sd: new Float64Array(h).fill(sigma) };
}
