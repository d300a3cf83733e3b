import { createRng } from './prng';
import type { Matrix } from './matrix';

export interface SilhouetteOptions {
  /** Score a seeded random sample of this many points (O(n²) otherwise); as scikit-learn's sample_size. */
  sampleSize?: number;
  seed?: number;
}

/**
 * Mean silhouette (Rousseeuw 1987) with Euclidean distance, as scikit-learn's silhouette_score:
 * s(i) = (b − a) / max(a, b), and 0 for points alone in their cluster.
 */
export function silhouette(m: Matrix, labels: ArrayLike<number>, options: SilhouetteOptions = {}): number {
  const idx = pickIndices(m.rows, options);
  const values = silhouetteValues(m, labels, idx);
  let sum = 0;
  for (const v of values) sum += v;
  return values.length ? sum / values.length : 0;
}

/** Per-point silhouette of the given points (all points by default), computed among those points only. */
export function silhouetteValues(m: Matrix, labels: ArrayLike<number>, indices?: Int32Array): Float64Array {
  const idx = indices ?? Int32Array.from({ length: m.rows }, (_, i) => i);
  const n = idx.length;
  const d = m.cols;
  const { data } = m;
  const k = maxLabel(labels, idx) + 1;
  const counts = new Int32Array(k);
  const lab = new Int32Array(n);
  for (let a = 0; a < n; a++) {
    const l = labels[idx[a]!]!;
    lab[a] = l;
    counts[l]!++;
  }
  // sums[a*k + c] = total distance from point a to the points of cluster c; each pair visited once.
  const sums = new Float64Array(n * k);
  for (let a = 0; a < n; a++) {
    const ia = idx[a]! * d;
    const la = lab[a]!;
    for (let b = a + 1; b < n; b++) {
      const ib = idx[b]! * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = data[ia + j]! - data[ib + j]!;
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      sums[a * k + lab[b]!]! += dist;
      sums[b * k + la]! += dist;
    }
  }
  const out = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const own = lab[a]!;
    if (counts[own]! <= 1) continue;
    const intra = sums[a * k + own]! / (counts[own]! - 1);
    let nearest = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === own || counts[c] === 0) continue;
      nearest = Math.min(nearest, sums[a * k + c]! / counts[c]!);
    }
    if (nearest === Infinity) continue;
    const denom = Math.max(intra, nearest);
    out[a] = denom > 0 ? (nearest - intra) / denom : 0;
  }
  return out;
}

function pickIndices(n: number, { sampleSize, seed = 0 }: SilhouetteOptions): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (sampleSize === undefined || sampleSize >= n) return all;
  const rng = createRng(seed);
  // Partial Fisher-Yates: the first sampleSize entries are a uniform sample without replacement.
  for (let i = 0; i < sampleSize; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, sampleSize);
}

function maxLabel(labels: ArrayLike<number>, idx: Int32Array): number {
  let max = 0;
  for (const i of idx) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`label ${l} at point ${i} must be a non-negative integer`);
    if (l > max) max = l;
  }
  return max;
}
