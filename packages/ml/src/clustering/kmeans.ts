import { createRng, type Rng } from './prng';
import { squaredDistance, type Matrix } from './matrix';

export interface KMeansOptions {
  /** Independent k-means++ starts; the lowest inertia wins (scikit-learn's n_init). */
  restarts?: number;
  maxIterations?: number;
  /** Stop when the total squared centre shift falls below tol × mean column variance. */
  tol?: number;
  seed?: number;
}

export interface KMeansResult {
  k: number;
  /** k × d centres, row-major. */
  centroids: Float64Array;
  labels: Int32Array;
  /** Sum of squared distances to the nearest centre. */
  inertia: number;
  iterations: number;
}

/** k-means (Lloyd) with greedy k-means++ seeding and several restarts; deterministic for a given seed. */
export function kmeans(m: Matrix, k: number, options: KMeansOptions = {}): KMeansResult {
  let best: KMeansResult | undefined;
  for (const run of kmeansRuns(m, k, options)) if (!best || run.inertia < best.inertia) best = run;
  return best!;
}

/** Every restart's local optimum, in restart order (for callers that rank them by another criterion). */
export function kmeansRuns(m: Matrix, k: number, options: KMeansOptions = {}): KMeansResult[] {
  const { restarts = 10, maxIterations = 300, tol = 1e-4, seed = 0 } = options;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (k > m.rows) throw new RangeError(`k=${k} is larger than the number of points (${m.rows})`);
  const rng = createRng(seed);
  const tolAbs = tol * meanColumnVariance(m);
  const runs: KMeansResult[] = [];
  for (let r = 0; r < Math.max(1, restarts); r++)
    runs.push(lloyd(m, seedPlusPlus(m, k, rng), k, maxIterations, tolAbs));
  return runs;
}

function meanColumnVariance(m: Matrix): number {
  const { rows: n, cols: d, data } = m;
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * d + j]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (data[i * d + j]! - mean) ** 2;
    total += v / n;
  }
  return total / Math.max(1, d);
}

/** Greedy k-means++ (Arthur & Vassilvitskii; 2 + ln k trials per centre, as scikit-learn) for fewer bad starts. */
function seedPlusPlus(m: Matrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: d, data } = m;
  const centroids = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.floor(rng() * n);
  centroids.set(data.subarray(first * d, first * d + d), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += closest[i] = squaredDistance(data, i * d, centroids, 0, d);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestIndex = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const idx = sampleByWeight(closest, potential, rng);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        const dd = Math.min(closest[i]!, squaredDistance(data, i * d, data, idx * d, d));
        candidateDist[i] = dd;
        pot += dd;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        bestIndex = idx;
        bestDist.set(candidateDist);
      }
    }
    centroids.set(data.subarray(bestIndex * d, bestIndex * d + d), c * d);
    closest.set(bestDist);
    potential = bestPotential;
  }
  return centroids;
}

function sampleByWeight(weights: Float64Array, total: number, rng: Rng): number {
  // All points on existing centres (duplicates): any point is as good as another.
  if (!(total > 0)) return Math.floor(rng() * weights.length);
  let target = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target <= 0) return i;
  }
  return weights.length - 1;
}

function lloyd(m: Matrix, centroids: Float64Array, k: number, maxIterations: number, tolAbs: number): KMeansResult {
  const { rows: n, cols: d, data } = m;
  const labels = new Int32Array(n);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  const dist = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    assign(m, centroids, k, labels, dist);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      counts[c]!++;
      for (let j = 0; j < d; j++) sums[c * d + j]! += data[i * d + j]!;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // Empty cluster: move it to the point worst served, so k clusters stay k clusters.
        const far = argmax(dist);
        dist[far] = 0;
        for (let j = 0; j < d; j++) sums[c * d + j] = data[far * d + j]!;
        counts[c] = 1;
      }
      for (let j = 0; j < d; j++) {
        const next = sums[c * d + j]! / counts[c]!;
        shift += (next - centroids[c * d + j]!) ** 2;
        centroids[c * d + j] = next;
      }
    }
    if (shift <= tolAbs) {
      iterations++;
      break;
    }
  }
  const inertia = assign(m, centroids, k, labels, dist);
  return { k, centroids, labels, inertia, iterations };
}

/** Nearest-centre labels; returns the inertia. */
function assign(m: Matrix, centroids: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  const { rows: n, cols: d, data } = m;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const dd = squaredDistance(data, i * d, centroids, c * d, d);
      if (dd < bestD) {
        bestD = dd;
        best = c;
      }
    }
    labels[i] = best;
    dist[i] = bestD;
    inertia += bestD;
  }
  return inertia;
}

function argmax(a: Float64Array): number {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[best]!) best = i;
  return best;
}
