/**
 * Probabilities of every class from one-vs-rest margins: softmax over [margins / T ; 0], where the extra logit 0 is
 * "none of them" (margin 0 is where each one-vs-rest SVM says "not mine"). A question that every intent rejects
 * (all margins below 0) gets a low probability for all of them, which a plain softmax cannot say: it only compares
 * intents with each other. The probabilities sum to less than 1; the rest is the "none" mass.
 */
export function classProbabilities(margins: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(margins.length);
  let max = 0;
  for (let i = 0; i < margins.length; i++) if (margins[i]! / temperature > max) max = margins[i]! / temperature;
  let sum = Math.exp(-max);
  for (let i = 0; i < margins.length; i++) sum += out[i] = Math.exp(margins[i]! / temperature - max);
  for (let i = 0; i < margins.length; i++) out[i]! /= sum;
  return out;
}

/** Softmax of scores / temperature, numerically stable. */
export function softmax(scores: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(scores.length);
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += out[i] = Math.exp((scores[i]! - max) / temperature);
  for (let i = 0; i < scores.length; i++) out[i]! /= sum;
  return out;
}

/** Mean negative log-likelihood of the true classes under classProbabilities(margins, temperature). */
export function meanNll(margins: readonly ArrayLike<number>[], labels: ArrayLike<number>, temperature: number): number {
  let total = 0;
  margins.forEach((s, i) => (total -= Math.log(Math.max(classProbabilities(s, temperature)[labels[i]!]!, 1e-300))));
  return total / Math.max(margins.length, 1);
}

/**
 * Temperature scaling (Guo et al. 2017): the one temperature that makes the held-out questions' intents the most
 * likely, found by golden-section search on log T in [e^-4, e^3]. One parameter cannot overfit a validation set of
 * a few hundred questions, and it leaves the ranking of intents unchanged.
 */
export function fitTemperature(margins: readonly ArrayLike<number>[], labels: ArrayLike<number>): number {
  if (margins.length === 0) return 1;
  const f = (logT: number) => meanNll(margins, labels, Math.exp(logT));
  let a = -4,
    b = 3;
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a),
    d = a + r * (b - a);
  let fc = f(c),
    fd = f(d);
  for (let it = 0; it < 60 && b - a > 1e-4; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}
