import { chiSquaredSurvival, normalTwoSided } from './special';

/**
 * Drift of one model input between a reference sample (training) and a current one, with the tests Evidently picks
 * by default: up to 1,000 reference rows a two-sample Kolmogorov-Smirnov test (numbers), chi-squared (categories,
 * more than two values) or a z-test of proportions (two values), drift when p < 0.05; above 1,000 rows the normed
 * Wasserstein distance (numbers) or the Jensen-Shannon distance (categories), drift when >= 0.1. The population
 * stability index is given beside it (drift when >= 0.1). Missing values are left out of both samples.
 */
export type DriftTest = 'ks' | 'chi_squared' | 'z_test' | 'wasserstein_normed' | 'jensen_shannon';
export type ColumnKind = 'numeric' | 'categorical';
export interface ColumnDrift {
  test: DriftTest;
  /** The test statistic (KS D, chi-squared, z) or the distance (Wasserstein normed, Jensen-Shannon). */
  statistic: number;
  /** For the tests with a p-value; null for the distances. */
  pValue: number | null;
  /** 0.05 for p-value tests (drift when p < 0.05), 0.1 for distances (drift when >= 0.1). */
  threshold: number;
  drifted: boolean;
  psi: number;
  psiDrifted: boolean;
  referenceRows: number;
  currentRows: number;
}

export const DRIFT_DEFAULTS = { smallSample: 1000, pValue: 0.05, distance: 0.1, psi: 0.1 } as const;

type Value = string | number | null | undefined;

/** Two-sample KS statistic and its exact two-sided p-value (scipy's `ks_2samp(method='exact')`). */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): { statistic: number; pValue: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { statistic: 0, pValue: 1 };
  // D in integer units of 1/(n1*n2): max |i*n2 - j*n1| over the merged steps of both empirical CDFs.
  let i = 0;
  let j = 0;
  let h = 0;
  while (i < n1 || j < n2) {
    const v = Math.min(i < n1 ? x[i]! : Infinity, j < n2 ? y[j]! : Infinity);
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
    h = Math.max(h, Math.abs(i * n2 - j * n1));
  }
  return { statistic: h / (n1 * n2), pValue: ksExactPValue(n1, n2, h) };
}

/**
 * P(D >= d) under the null: one minus the probability that a random lattice path from (0,0) to (n1,n2) stays strictly
 * inside |i*n2 - j*n1| < h. Walked as probabilities (each step draws from what is left), so nothing overflows.
 */
function ksExactPValue(n1: number, n2: number, h: number): number {
  if (h === 0) return 1;
  let row = new Float64Array(n2 + 1);
  row[0] = 1;
  for (let j = 1; j <= n2; j++) row[j] = Math.abs(j * n1) < h ? row[j - 1]! * ((n2 - j + 1) / (n1 + n2 - j + 1)) : 0;
  for (let i = 1; i <= n1; i++) {
    const next = new Float64Array(n2 + 1);
    for (let j = 0; j <= n2; j++) {
      if (Math.abs(i * n2 - j * n1) >= h) continue;
      const left = n1 + n2 - (i - 1) - j;
      let p = row[j]! * ((n1 - i + 1) / left);
      if (j > 0) p += next[j - 1]! * ((n2 - j + 1) / (n1 + n2 - i - (j - 1)));
      next[j] = p;
    }
    row = next;
  }
  return Math.min(1, Math.max(0, 1 - row[n2]!));
}

/** 1-D Wasserstein distance between two samples (scipy's `wasserstein_distance`): ∫ |F_a - F_b|. */
export function wasserstein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const all = Float64Array.from([...x, ...y]).sort();
  let i = 0;
  let j = 0;
  let total = 0;
  for (let k = 0; k < all.length - 1; k++) {
    while (i < x.length && x[i]! <= all[k]!) i++;
    while (j < y.length && y[j]! <= all[k]!) j++;
    total += Math.abs(i / x.length - j / y.length) * (all[k + 1]! - all[k]!);
  }
  return total;
}

const std = (x: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i]!;
  m /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return Math.sqrt(s / x.length);
};

/** Evidently's normed Wasserstein: the distance over the reference's standard deviation (at least 0.001). */
export const wassersteinNormed = (ref: ArrayLike<number>, cur: ArrayLike<number>) =>
  wasserstein(ref, cur) / Math.max(std(ref), 0.001);

/** Jensen-Shannon distance (scipy's `jensenshannon`, natural log): both inputs are normalised first. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const sp = Array.from(p).reduce((s, v) => s + v, 0);
  const sq = Array.from(q).reduce((s, v) => s + v, 0);
  let js = 0;
  for (let k = 0; k < p.length; k++) {
    const a = p[k]! / sp;
    const b = q[k]! / sq;
    const m = (a + b) / 2;
    if (a > 0) js += a * Math.log(a / m);
    if (b > 0) js += b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, js / 2));
}

/** Population stability index over matching bins: Σ (ref - cur) · ln(ref / cur). */
export function psi(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < ref.length; k++) s += (ref[k]! - cur[k]!) * Math.log(ref[k]! / cur[k]!);
  return s;
}

/** Pearson's chi-squared goodness of fit of observed counts against expected ones (scipy's `chisquare`). */
export function chiSquare(observed: number[], expected: number[]): { statistic: number; pValue: number } {
  let stat = 0;
  for (let k = 0; k < observed.length; k++) stat += (observed[k]! - expected[k]!) ** 2 / expected[k]!;
  return { statistic: stat, pValue: Number.isFinite(stat) ? chiSquaredSurvival(stat, observed.length - 1) : 0 };
}

/** Two-proportion z-test, pooled variance, two-sided (Evidently's `z_stat_test`). */
export function proportionsZTest(
  k1: number,
  n1: number,
  k2: number,
  n2: number,
): { statistic: number; pValue: number } {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { statistic: z, pValue: normalTwoSided(z) };
}

/** numpy's `histogram_bin_edges(bins='sturges')` over both samples, and each sample's share per bin. */
function sturgesShares(ref: Float64Array, cur: Float64Array): [number[], number[]] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of ref) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  for (const v of cur) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const bins = Math.ceil(Math.log2(ref.length + cur.length)) + 1;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + (k * (hi - lo)) / bins);
  edges[bins] = hi;
  const share = (xs: Float64Array) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of xs) {
      let k = Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
      if (v < edges[k]!) k--;
      else if (k < bins - 1 && v >= edges[k + 1]!) k++;
      counts[k]!++;
    }
    return counts.map((c) => c / xs.length);
  };
  return [share(ref), share(cur)];
}

/** Each sample's share per value, over the values of both (in order of first appearance). */
function valueCounts(ref: string[], cur: string[]) {
  const keys = [...new Set([...cur, ...ref])];
  const count = (xs: string[]) => {
    const m = new Map<string, number>();
    for (const v of xs) m.set(v, (m.get(v) ?? 0) + 1);
    return keys.map((k) => m.get(k) ?? 0);
  };
  return { keys, ref: count(ref), cur: count(cur) };
}

/** Evidently fills empty bins so logarithms stay finite: with min/1e6 when the smallest share is tiny, else 1e-4. */
function fillZeroes(shares: number[]): number[] {
  const positive = shares.filter((s) => s > 0);
  const least = positive.length ? Math.min(...positive) : 1;
  const fill = least <= 0.0001 ? least / 1e6 : 0.0001;
  return shares.map((s) => (s === 0 ? fill : s));
}

/** Binned shares as Evidently bins them: sturges bins for numbers with more than 20 reference values, else values. */
function binnedShares(kind: ColumnKind, ref: Value[], cur: Value[]): [number[], number[]] {
  const refNum = Float64Array.from(ref as number[]);
  if (kind === 'numeric' && new Set(ref).size > 20) {
    const [a, b] = sturgesShares(refNum, Float64Array.from(cur as number[]));
    return [fillZeroes(a), fillZeroes(b)];
  }
  const vc = valueCounts(ref.map(String), cur.map(String));
  return [fillZeroes(vc.ref.map((c) => c / ref.length)), fillZeroes(vc.cur.map((c) => c / cur.length))];
}

const present = (xs: Value[], kind: ColumnKind): Value[] =>
  xs
    .filter((v) => v !== null && v !== undefined && v !== '' && !(typeof v === 'number' && Number.isNaN(v)))
    .map((v) => (kind === 'numeric' ? Number(v) : String(v)))
    .filter((v) => kind === 'categorical' || Number.isFinite(v));

/** The drift of one column, with Evidently's default test for its kind and size, and the PSI. */
export function columnDrift(kind: ColumnKind, reference: Value[], current: Value[]): ColumnDrift {
  const ref = present(reference, kind);
  const cur = present(current, kind);
  const base = { referenceRows: ref.length, currentRows: cur.length };
  if (ref.length === 0 || cur.length === 0) {
    return {
      test: kind === 'numeric' ? 'ks' : 'chi_squared',
      statistic: 0,
      pValue: 1,
      threshold: 0.05,
      drifted: false,
      psi: 0,
      psiDrifted: false,
      ...base,
    };
  }
  const nValues = new Set([...ref, ...cur].map(String)).size;
  const [refShares, curShares] = binnedShares(kind, ref, cur);
  const psiValue = psi(refShares, curShares);
  const withPsi = { psi: psiValue, psiDrifted: psiValue >= DRIFT_DEFAULTS.psi, ...base };
  const asCategories = kind === 'categorical' || nValues <= 5;
  if (ref.length <= DRIFT_DEFAULTS.smallSample) {
    if (!asCategories) {
      const r = ksTwoSample(ref as number[], cur as number[]);
      return {
        test: 'ks',
        statistic: r.statistic,
        pValue: r.pValue,
        threshold: 0.05,
        drifted: r.pValue < 0.05,
        ...withPsi,
      };
    }
    const vc = valueCounts(ref.map(String), cur.map(String));
    if (nValues > 2) {
      const scale = cur.length / ref.length;
      const r = chiSquare(
        vc.cur,
        vc.ref.map((c) => c * scale),
      );
      return {
        test: 'chi_squared',
        statistic: r.statistic,
        pValue: r.pValue,
        threshold: 0.05,
        drifted: r.pValue < 0.05,
        ...withPsi,
      };
    }
    const r = proportionsZTest(vc.ref[0]!, ref.length, vc.cur[0]!, cur.length);
    return {
      test: 'z_test',
      statistic: r.statistic,
      pValue: r.pValue,
      threshold: 0.05,
      drifted: r.pValue < 0.05,
      ...withPsi,
    };
  }
  if (!asCategories) {
    const d = wassersteinNormed(ref as number[], cur as number[]);
    return { test: 'wasserstein_normed', statistic: d, pValue: null, threshold: 0.1, drifted: d >= 0.1, ...withPsi };
  }
  const d = jensenShannon(refShares, curShares);
  return { test: 'jensen_shannon', statistic: d, pValue: null, threshold: 0.1, drifted: d >= 0.1, ...withPsi };
}
