/** Probabilities are clipped away from 0 and 1 so that log-loss and logits stay finite. */
export const EPS = 1e-7;

export function sigmoid(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? 0.5 : z > 0 ? 1 - EPS : EPS;
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function clipProbability(p: number): number {
  if (!Number.isFinite(p)) return 0.5;
  return p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p;
}

/**
 * A score as shown and stored: a model's probability is an estimate from finite data, never a certainty, so it is
 * kept within [0.5%, 99.5%] (a calibrated 0 or 1 only means "no training example in this bin won/lost").
 */
export const SCORE_FLOOR = 0.005;
export function scoreProbability(p: number): number {
  if (!Number.isFinite(p)) return Number.NaN;
  return Math.min(1 - SCORE_FLOOR, Math.max(SCORE_FLOOR, p));
}

export function logit(p: number): number {
  const q = clipProbability(p);
  return Math.log(q / (1 - q));
}

/** Solves A x = b for a symmetric positive definite A (row-major, n×n) by Cholesky; A is overwritten. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    // A tiny ridge keeps the factorisation alive when a column is constant (all-zero one-hot level).
    d = Math.sqrt(Math.max(d, 1e-12));
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / d;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/** Quantile cut points (distinct, ascending) of the finite values, at most maxCuts of them. */
/** The finite values, sorted ascending (NaN and infinities left out). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let m = 0;
  const buf = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) buf[m++] = v;
  }
  return buf.subarray(0, m).sort();
}

export function quantileCuts(values: ArrayLike<number>, maxCuts: number): number[] {
  const finite = sortedFinite(values);
  if (finite.length === 0) return [];
  const distinct: number[] = [];
  for (const v of finite) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  // Few distinct values: cut halfway between neighbours so every value gets its own bin.
  if (distinct.length <= maxCuts + 1) {
    const cuts: number[] = [];
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push((distinct[i]! + distinct[i + 1]!) / 2);
    return cuts;
  }
  const cuts: number[] = [];
  for (let q = 1; q <= maxCuts; q++) {
    const pos = Math.floor((q * finite.length) / (maxCuts + 1));
    const lo = finite[Math.max(0, pos - 1)]!;
    const hi = finite[Math.min(finite.length - 1, pos)]!;
    const cut = lo === hi ? hi : (lo + hi) / 2;
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  // A cut at the maximum would leave an empty right bin.
  while (cuts.length > 0 && cuts[cuts.length - 1]! >= distinct[distinct.length - 1]!) cuts.pop();
  return cuts;
}

/** Bin of v given ascending cuts: the index of the first cut >= v (so bin i holds cuts[i-1] < v <= cuts[i]). */
export function binOf(cuts: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
