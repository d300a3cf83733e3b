/** Two-proportion z-test (pooled), for A/B variants: x successes out of n sends each. */
export type Proportion = { key: string; n: number; x: number };

const erf = (x: number) => {
  // Abramowitz-Stegun 7.1.26, |error| < 1.5e-7.
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
};
export const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

export function twoProportionTest(a: Proportion, b: Proportion): { z: number; pValue: number; confidence: number } {
  if (a.n === 0 || b.n === 0) return { z: 0, pValue: 1, confidence: 0 };
  const pa = a.x / a.n;
  const pb = b.x / b.n;
  const pool = (a.x + b.x) / (a.n + b.n);
  const se = Math.sqrt(pool * (1 - pool) * (1 / a.n + 1 / b.n));
  if (se === 0) return { z: 0, pValue: 1, confidence: 0 };
  const z = (pb - pa) / se;
  const pValue = 2 * (1 - normalCdf(Math.abs(z)));
  return { z, pValue, confidence: 1 - pValue };
}

/** Plain words: "variant B gets more replies; 94% confident", or that there is no clear winner yet. */
export function abVerdict(a: Proportion, b: Proportion, metric: string, minN = 30): string {
  const { confidence } = twoProportionTest(a, b);
  if (a.n < minN || b.n < minN) return `Too early to tell: each variant needs at least ${minN} sends`;
  const pa = a.x / a.n;
  const pb = b.x / b.n;
  if (pa === pb) return `No difference in ${metric} so far`;
  const winner = pb > pa ? b.key : a.key;
  const pct = Math.floor(confidence * 100);
  if (confidence < 0.8) return `No clear winner yet: variant ${winner} is ahead on ${metric}, ${pct}% confident`;
  return `Variant ${winner} gets more ${metric}; ${pct}% confident`;
}
