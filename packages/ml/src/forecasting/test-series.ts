/** Seeded synthetic series for the tests (kept out of the public index). */
import { mulberry32 as rng } from '../random';

export { rng };
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-300)) * Math.cos(2 * Math.PI * rand());
}

/** Trend x multiplicative seasonality x noise, strictly positive. */
export function seasonalSeries(n: number, period: number, seed: number, noise = 0.03): number[] {
  const r = rng(seed);
  return Array.from(
    { length: n },
    (_, t) => (100 + 0.5 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / period)) * (1 + noise * gaussian(r)),
  );
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
