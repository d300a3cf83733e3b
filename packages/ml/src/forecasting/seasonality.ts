import { acf, mean, qnorm, type Num } from './stats';

/**
 * The 90% one-sided ACF test of forecast::thetaf: seasonal when |r_m| exceeds 1.645 standard
 * errors under Bartlett's formula. Needs two full seasons.
 */
export function isSeasonal(x: Num, period: number): boolean {
  const n = x.length;
  if (period <= 1 || n < 2 * period || isConstant(x)) return false;
  const r = acf(x, period);
  let s = 0;
  for (let k = 0; k < period - 1; k++) s += r[k]! ** 2;
  const stat = Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[period - 1]!) / stat > qnorm(0.95);
}

export function isConstant(x: Num): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

/**
 * Classical decomposition (R's decompose): centred moving average trend, seasonal figure =
 * mean detrended value per position, normalised to mean 1 (multiplicative) or 0 (additive).
 * Returns the figure indexed by position (t mod period).
 */
export function seasonalFigure(x: Num, period: number, multiplicative: boolean): Float64Array {
  const n = x.length;
  const m = period;
  const half = Math.floor(m / 2);
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let tr = 0;
    if (m % 2 === 0) {
      tr = 0.5 * x[t - half]! + 0.5 * x[t + half]!;
      for (let k = -half + 1; k < half; k++) tr += x[t + k]!;
    } else {
      for (let k = -half; k <= half; k++) tr += x[t + k]!;
    }
    tr /= m;
    const d = multiplicative ? x[t]! / tr : x[t]! - tr;
    if (!Number.isFinite(d)) continue;
    sums[t % m] = sums[t % m]! + d;
    counts[t % m] = counts[t % m]! + 1;
  }
  const fig = new Float64Array(m);
  for (let j = 0; j < m; j++) fig[j] = counts[j]! > 0 ? sums[j]! / counts[j]! : multiplicative ? 1 : 0;
  const c = mean(fig);
  for (let j = 0; j < m; j++) fig[j] = multiplicative ? fig[j]! / c : fig[j]! - c;
  return fig;
}
