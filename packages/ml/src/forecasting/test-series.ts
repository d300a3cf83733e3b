/** Seeded synthetic series for the tests (kept out of the public index). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
}

/** Trend x multiplicative seasonality x noise, strictly positive. */
export function seasonalSeries(n: number, period: number, seed: number, noise = 0.03): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, t) => (100 + 0.5 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / period)) * (1 + noise * gaussian(r)));
}

/** Local level (random walk plus noise): the process SES / ETS(A,N,N) is optimal for. */
export function localLevel(n: number, seed: number, level = 50): number[] {
  const r = rng(seed);
  let l = level;
  return Array.from({ length: n }, () => {
    l += 0.5 * gaussian(r);
    return l + gaussian(r);
  });
}
