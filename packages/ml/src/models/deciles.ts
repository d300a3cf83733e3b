import { sortedFinite } from './math';

/** Inner decile edges as numpy computes them (linear interpolation, duplicates removed, ends dropped). */
export function decileEdges(values: Float64Array): number[] {
  const xs = sortedFinite(values);
  if (xs.length === 0) return [];
  const qs: number[] = [];
  for (let k = 0; k <= 10; k++) {
    const pos = (k / 10) * (xs.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, xs.length - 1);
    const q = xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
    if (qs.length === 0 || q > qs[qs.length - 1]!) qs.push(q);
  }
  return qs.slice(1, -1);
}

/** Number of edges <= v (numpy.digitize): the decile bucket of v. */
export function bucketOfValue(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
