import { mulberry32, type Rng } from '../random';

export type { Rng };

/** The models' generator: mulberry32 from the seed mixed with the golden ratio (seeds 0, 1, 2 start far apart). */
export const createRng = (seed: number): Rng => mulberry32((seed >>> 0) ^ 0x9e3779b9);

/** Sorted sample of round(fraction * n) distinct indices of 0..n-1 (sorted keeps memory access sequential). */
export function sampleIndices(n: number, fraction: number, rng: Rng): Int32Array {
  if (fraction >= 1) return Int32Array.from({ length: n }, (_, i) => i);
  const k = Math.max(1, Math.round(n * fraction));
  const out = new Int32Array(k);
  // Selection sampling (Knuth's algorithm S): one pass, already sorted.
  let chosen = 0;
  for (let i = 0; i < n && chosen < k; i++) {
    if ((n - i) * rng() < k - chosen) out[chosen++] = i;
  }
  return out;
}

/** k distinct indices of 0..n-1 in random order (partial Fisher-Yates). */
export function chooseIndices(n: number, k: number, rng: Rng): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  const m = Math.min(k, n);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, m);
}
