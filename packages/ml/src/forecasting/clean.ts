import { median } from './stats';

export interface CleanSeries {
  values: Float64Array;
  warnings: string[];
}

/** Gaps (NaN, ±Infinity, null) are linearly interpolated; leading gaps are dropped, trailing ones carry the last value. */
export function fillGaps(raw: ArrayLike<number | null | undefined>): CleanSeries {
  const warnings: string[] = [];
  let first = -1;
  for (let i = 0; i < raw.length; i++)
    if (Number.isFinite(raw[i])) {
      first = i;
      break;
    }
  if (first < 0) return { values: new Float64Array(0), warnings };
  const out = new Float64Array(raw.length - first);
  let gaps = 0;
  let prev = first;
  out[0] = raw[first] as number;
  for (let i = first + 1; i <= raw.length; i++) {
    const v = raw[i];
    if (i < raw.length && !Number.isFinite(v)) {
      gaps++;
      continue;
    }
    const a = raw[prev] as number;
    if (i === raw.length) {
      for (let k = prev + 1; k < i; k++) out[k - first] = a;
      break;
    }
    const b = v as number;
    for (let k = prev + 1; k < i; k++) out[k - first] = a + ((b - a) * (k - prev)) / (i - prev);
    out[i - first] = b;
    prev = i;
  }
  if (first > 0) warnings.push(`${first} leading missing value(s) dropped`);
  if (gaps > 0) warnings.push(`${gaps} missing or non-finite value(s) filled by linear interpolation`);
  return { values: out, warnings };
}

const OUTLIER_Z = 12;
const BREAK_Z = 12;
const OUTLIER_LEVEL_SHARE = 0.5;
const BREAK_LEVEL_SHARE = 0.3;

/** Robust spread: 1.4826 * median absolute deviation from the median. */
function robustScale(x: Float64Array): number {
  const med = median(x);
  return 1.4826 * median(x.map((v) => Math.abs(v - med)));
}

/**
 * Replaces isolated huge spikes (more than 12 robust SDs from a running median of 5) by that
 * median, so one typo (an extra zero) cannot dominate the level and the variance.
 */
export function replaceOutliers(x: Float64Array): CleanSeries {
  const n = x.length;
  const warnings: string[] = [];
  if (n < 8) return { values: x, warnings };
  const med = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const a = Math.max(0, Math.min(t - 2, n - 5));
    med[t] = median(x.subarray(a, a + 5));
  }
  const resid = x.map((v, t) => v - med[t]!);
  const scale = robustScale(resid);
  if (!(scale > 0)) return { values: x, warnings };
  // A spike must also be large next to the typical level: smooth series have a tiny robust scale.
  const limit = Math.max(OUTLIER_Z * scale, OUTLIER_LEVEL_SHARE * median(x.map(Math.abs)));
  const out = Float64Array.from(x);
  const idx: number[] = [];
  for (let t = 0; t < n; t++)
    if (Math.abs(resid[t]!) > limit) {
      out[t] = med[t]!;
      idx.push(t);
    }
  // More than a few "outliers" means the series is just heavy-tailed: leave it alone.
  if (idx.length === 0 || idx.length > Math.max(1, Math.floor(n / 20))) return { values: x, warnings };
  warnings.push(`${idx.length} extreme outlier(s) at index ${idx.join(', ')} replaced by the local median for fitting`);
  return { values: out, warnings };
}

/**
 * Detects one abrupt level shift (a step far larger than every other change) and moves the
 * history before it onto the new level, so models neither average over the two regimes nor
 * read the jump as a trend.
 */
export function adjustLevelShift(x: Float64Array): CleanSeries {
  const n = x.length;
  const warnings: string[] = [];
  if (n < 8) return { values: x, warnings };
  const d = new Float64Array(n - 1);
  for (let t = 1; t < n; t++) d[t - 1] = x[t]! - x[t - 1]!;
  const med = median(d);
  const scale = robustScale(d);
  if (!(scale > 0)) return { values: x, warnings };
  const minJump = BREAK_LEVEL_SHARE * median(x.map(Math.abs));
  let k = -1;
  let big = 0;
  for (let t = 0; t < d.length; t++) {
    const z = Math.abs(d[t]! - med) / scale;
    if (z > BREAK_Z && z > big && Math.abs(d[t]! - med) > minJump) {
      big = z;
      k = t + 1;
    }
  }
  if (k < 0) return { values: x, warnings };
  const jump = d[k - 1]! - med;
  const out = Float64Array.from(x);
  // Positive data are rescaled rather than shifted, so they stay positive (and multiplicative models stay available).
  const ratio = x.every((v) => v > 0) ? x[k]! / (x[k]! - jump) : NaN;
  for (let t = 0; t < k; t++) out[t] = ratio > 0 ? out[t]! * ratio : out[t]! + jump;
  warnings.push(
    `structural break at index ${k} (level shift of ${+jump.toPrecision(4)}): earlier history moved onto the new level`,
  );
  return { values: out, warnings };
}
