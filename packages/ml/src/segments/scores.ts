/**
 * Quintile scores 1..5 by mid-rank percentile: equal values always get equal scores (plain rank-based qcut splits
 * ties arbitrarily, and with many one-order customers that would put identical customers in different segments).
 * `higherIsBetter = false` for recency (fewer days since the last order scores 5).
 */
export function quintileScores(values: readonly number[], higherIsBetter = true): number[] {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  return values.map((v) => {
    const below = lowerBound(sorted, v);
    const equal = upperBound(sorted, v) - below;
    const p = (below + equal / 2) / n;
    const score = Math.min(5, 1 + Math.floor(p * 5));
    return higherIsBetter ? score : 6 - score;
  });
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
