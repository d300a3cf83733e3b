import { kmeansRuns, type KMeansOptions, type KMeansResult } from './kmeans';
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
  /**
   * Which restart represents each k: 'silhouette' (default) scores every distinct local optimum by silhouette,
   * since silhouette is what picks k; 'inertia' keeps the classic lowest-inertia restart.
   */
  pickRestartBy?: 'silhouette' | 'inertia';
}

/** k-means for each k in range, scored by silhouette; the highest silhouette wins (ties: the smaller k). */
export function chooseK(m: Matrix, options: ChooseKOptions = {}): ChooseKResult {
  const { kMin = 2, kMax = 8, silhouetteSampleSize, pickRestartBy = 'silhouette', ...km } = options;
  const distinct = countDistinctRows(m);
  const sweep: KSweepPoint[] = [];
  const skipped: { k: number; reason: string }[] = [];
  let best: KMeansResult | undefined;
  let bestScore = -Infinity;
  for (let k = Math.max(2, kMin); k <= kMax; k++) {
    // Silhouette needs 2 ≤ k ≤ n − 1, and k-means cannot fill more clusters than distinct points.
    if (k > distinct || k > m.rows - 1) {
      skipped.push({
        k,
        reason: `only ${m.rows} points (${distinct} distinct): at most ${Math.min(distinct, m.rows - 1)} clusters`,
      });
      continue;
    }
    const { result, score } = bestRestart(
      kmeansRuns(m, k, km),
      (r) => silhouette(m, r.labels, { sampleSize: silhouetteSampleSize, seed: km.seed }),
      pickRestartBy,
    );
    sweep.push({ k, silhouette: score, inertia: result.inertia });
    if (score > bestScore) {
      bestScore = score;
      best = result;
    }
  }
  if (!best)
    throw new RangeError(
      `cannot cluster ${m.rows} points into ${kMin}..${kMax} clusters (need at least 3 distinct points)`,
    );
  return { bestK: best.k, best, sweep, skipped };
}

function bestRestart(
  runs: KMeansResult[],
  score: (r: KMeansResult) => number,
  by: 'silhouette' | 'inertia',
): { result: KMeansResult; score: number } {
  const ordered = [...runs].sort((a, b) => a.inertia - b.inertia);
  if (by === 'inertia') return { result: ordered[0]!, score: score(ordered[0]!) };
  let best: { result: KMeansResult; score: number } | undefined;
  let lastInertia = NaN;
  for (const run of ordered) {
    // Restarts usually land on a handful of optima: score each distinct inertia once (silhouette is O(n²)).
    if (Math.abs(run.inertia - lastInertia) <= 1e-9 * Math.max(1, run.inertia)) continue;
    lastInertia = run.inertia;
    const s = score(run);
    if (!best || s > best.score) best = { result: run, score: s };
  }
  return best!;
}

function countDistinctRows(m: Matrix): number {
  const seen = new Set<string>();
  for (let i = 0; i < m.rows; i++) seen.add(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)).join(','));
  return seen.size;
}
