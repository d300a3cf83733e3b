import { kmeans, type KMeansOptions, type KMeansResult } from './kmeans';
import { silhouette } from './silhouette';
import type { Matrix } from './matrix';

export interface KSweepPoint {
  k: number;
  silhouette: number;
  inertia: number;
}

export interface ChooseKResult {
  bestK: number;
  best: KMeansResult;
  sweep: KSweepPoint[];
  /** Ks dropped from the requested range, with the reason (e.g. more clusters than distinct points). */
  skipped: { k: number; reason: string }[];
}

export interface ChooseKOptions extends KMeansOptions {
  kMin?: number;
  kMax?: number;
  /** Passed to silhouette for large inputs; full O(n²) silhouette when omitted. */
  silhouetteSampleSize?: number;
}

/** k-means for each k in range, scored by silhouette; the highest silhouette wins (ties: the smaller k). */
export function chooseK(m: Matrix, options: ChooseKOptions = {}): ChooseKResult {
  const { kMin = 2, kMax = 8, silhouetteSampleSize, ...km } = options;
  const distinct = countDistinctRows(m);
  const sweep: KSweepPoint[] = [];
  const skipped: { k: number; reason: string }[] = [];
  let best: KMeansResult | undefined;
  let bestScore = -Infinity;
  for (let k = Math.max(2, kMin); k <= kMax; k++) {
    // Silhouette needs 2 ≤ k ≤ n − 1, and k-means cannot fill more clusters than distinct points.
    if (k > distinct || k > m.rows - 1) {
      skipped.push({ k, reason: `only ${m.rows} points (${distinct} distinct): at most ${Math.min(distinct, m.rows - 1)} clusters` });
      continue;
    }
    const result = kmeans(m, k, km);
    const score = silhouette(m, result.labels, { sampleSize: silhouetteSampleSize, seed: km.seed });
    sweep.push({ k, silhouette: score, inertia: result.inertia });
    if (score > bestScore) {
      bestScore = score;
      best = result;
    }
  }
  if (!best) throw new RangeError(`cannot cluster ${m.rows} points into ${kMin}..${kMax} clusters (need at least 3 distinct points)`);
  return { bestK: best.k, best, sweep, skipped };
}

function countDistinctRows(m: Matrix): number {
  const seen = new Set<string>();
  for (let i = 0; i < m.rows; i++) seen.add(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(','));
  return seen.size;
}
