/** Seeded PRNG (mulberry32): every model result must be reproducible from its seed. */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  // The state lives in a typed array: a closure variable above 2^30 is a heap number, allocated anew on every call
  // (3x slower, and garbage for the collector in loops drawing millions of numbers, like GOSS).
  const state = new Uint32Array(1);
  state[0] = (seed >>> 0) ^ 0x9e3779b9;
  return () => {
    const a = (state[0]! + 0x6d2b79f5) >>> 0;
    state[0] = a;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
