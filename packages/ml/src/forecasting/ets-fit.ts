import { nelderMead } from './nelder-mead';
import { linearFit, mean } from './stats';
import { seasonalFigure } from './seasonality';
import { runEts, type EtsModel, type EtsSpec } from './ets-model';

// Maximum-likelihood estimation of one ETS model (parameters and initial states), as forecast::ets.
// Usual bounds of forecast::ets: α, β, γ in [1e-4, 0.9999], φ in [0.8, 0.98].
const LOW = 1e-4;
const HIGH = 0.9999;
const PHI_LOW = 0.8;
const PHI_HIGH = 0.98;

/** Maps the real line onto (lo, hi) and back (logistic); a collapsed range maps to lo. */
function fromUnit(u: number, lo: number, hi: number): number {
  return hi > lo ? lo + (hi - lo) / (1 + Math.exp(-u)) : lo;
}

function toUnit(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  const p = Math.min(1 - 1e-6, Math.max(1e-6, (v - lo) / (hi - lo)));
  return Math.log(p / (1 - p));
}

/** Initial states as forecast::ets's initstate: decomposition of the first seasons, regression on the first points. */
function initialStates(y: Float64Array, spec: EtsSpec): { l0: number; b0: number; ring: Float64Array } {
  const n = y.length;
  const m = spec.m;
  const ring = new Float64Array(Math.max(m, 1));
  let ysa: Float64Array = y;
  if (spec.season !== 'N') {
    const mult = spec.season === 'M';
    const fig = seasonalFigure(y.subarray(0, Math.min(n, 3 * m)), m, mult);
    ysa = new Float64Array(n);
    for (let k = 0; k < m; k++) ring[k] = mult ? Math.max(fig[k]!, 1e-2) : fig[k]!;
    for (let t = 0; t < n; t++) ysa[t] = mult ? y[t]! / ring[t % m]! : y[t]! - ring[t % m]!;
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  if (spec.trend === 'N') return { l0: mean(ysa, 0, maxn), b0: 0, ring };
  const [a, slope] = linearFit(ysa, 0, maxn);
  let l0 = a - slope;
  let b0 = slope;
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 1e-3;
    b0 *= 1 + 1e-3;
  }
  return { l0, b0, ring };
}

export function parameterCount(spec: EtsSpec): number {
  let k = 1 + 1; // alpha, l0
  if (spec.trend !== 'N') k += 2;
  if (spec.trend === 'Ad') k += 1;
  if (spec.season !== 'N') k += 1 + spec.m - 1;
  return k + 1; // + sigma
}

export interface FitOptions {
  /** Nelder-Mead iterations per free parameter. */
  iterPerParam?: number;
  /** Optimise the initial seasonal states too (slower; otherwise they stay at the decomposition's values). */
  optimizeSeasonInit?: boolean;
  /** Start from this fit of the same model (parameters and initial states) instead of the heuristics. */
  start?: EtsModel;
}

/** Maximum-likelihood fit of one ETS model; null when the data cannot support it. */
export function fitEts(yRaw: ArrayLike<number>, spec: EtsSpec, opts: FitOptions = {}): EtsModel | null {
  const n = yRaw.length;
  const np = parameterCount(spec);
  if (n - np - 1 <= 0) return null;
  let scale = 0;
  for (let t = 0; t < n; t++) scale += Math.abs(yRaw[t]!);
  scale = scale / n || 1;
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) y[t] = yRaw[t]! / scale;
  const multAny = spec.error === 'M' || spec.season === 'M';
  if (multAny) for (let t = 0; t < n; t++) if (!(y[t]! > 0)) return null;

  const init = opts.start
    ? { l0: opts.start.l0, b0: opts.start.b0, ring: Float64Array.from(opts.start.s0) }
    : initialStates(y, spec);
  const hasB = spec.trend !== 'N';
  const hasS = spec.season !== 'N';
  const damped = spec.trend === 'Ad';
  const m = hasS ? spec.m : 1;
  const multS = spec.season === 'M';
  // Vector: alpha, [beta], [gamma], [phi], l0, [b0], [s ring slots 1..m-1]; slot 0 is set by normalisation.
  const iA = 0;
  let k = 1;
  const iB = hasB ? k++ : -1;
  const iG = hasS ? k++ : -1;
  const iP = damped ? k++ : -1;
  const iL = k++;
  const iB0 = hasB ? k++ : -1;
  const optS = hasS && (opts.optimizeSeasonInit ?? true);
  const iS = optS ? k : -1;
  if (optS) k += m - 1;
  const ring = new Float64Array(m);
  const x0 = new Float64Array(k);
  const steps = new Float64Array(k);
  const st = opts.start;
  const alpha0 = st ? st.alpha : LOW + (0.2 * (HIGH - LOW)) / m;
  // Smoothing parameters are searched on a logit scale inside their bounds (β ≤ α, γ ≤ 1-α), so the
  // simplex can approach a bound without stepping over it and stalling there.
  const beta0 = st ? st.beta : LOW + 0.1 * (alpha0 - LOW);
  x0[iA] = toUnit(alpha0, LOW, HIGH);
  steps[iA] = 1;
  if (hasB) {
    x0[iB] = toUnit(beta0, LOW, alpha0);
    steps[iB] = 1;
  }
  if (hasS) {
    x0[iG] = toUnit(st ? st.gamma : LOW + 0.05 * (1 - alpha0 - LOW), LOW, 1 - alpha0);
    steps[iG] = 1;
  }
  if (damped) {
    x0[iP] = toUnit(st ? st.phi : PHI_LOW + 0.99 * (PHI_HIGH - PHI_LOW), PHI_LOW, PHI_HIGH);
    steps[iP] = 1;
  }
  x0[iL] = init.l0;
  steps[iL] = 0.1 * (Math.abs(init.l0) || 1);
  if (hasB) {
    x0[iB0] = init.b0;
    steps[iB0] = 0.1 * Math.max(Math.abs(init.b0), 0.01 * (Math.abs(init.l0) || 1));
  }
  if (optS)
    for (let j = 1; j < m; j++) {
      x0[iS + j - 1] = init.ring[j]!;
      steps[iS + j - 1] = multS ? 0.05 : 0.05 * (Math.abs(init.l0) || 1);
    }

  const unpackRing = (x: Float64Array): boolean => {
    if (!optS) {
      if (hasS) ring.set(init.ring.subarray(0, m));
      return true;
    }
    let sum = 0;
    for (let j = 1; j < m; j++) {
      const v = x[iS + j - 1]!;
      ring[j] = v;
      sum += v;
      if (multS && !(v > 0)) return false;
    }
    ring[0] = multS ? m - sum : -sum;
    return !multS || ring[0]! > 0;
  };
  const objective = (x: Float64Array): number => {
    const alpha = fromUnit(x[iA]!, LOW, HIGH);
    const beta = hasB ? fromUnit(x[iB]!, LOW, alpha) : 0;
    const gamma = hasS ? fromUnit(x[iG]!, LOW, 1 - alpha) : 0;
    const phi = damped ? fromUnit(x[iP]!, PHI_LOW, PHI_HIGH) : 1;
    if (!unpackRing(x)) return Infinity;
    return runEts(y, n, spec, alpha, beta, gamma, phi, x[iL]!, hasB ? x[iB0]! : 0, ring).lik;
  };
  const iters = (opts.iterPerParam ?? 20) * k + 100;
  let best = nelderMead(objective, x0, steps, iters);
  // One restart from the optimum escapes most premature simplex collapses, for less work than a long run.
  if (Number.isFinite(best.value)) {
    const again = nelderMead(
      objective,
      best.x,
      steps.map((s) => s / 4),
      iters >> 1,
    );
    if (again.value < best.value) best = again;
  }
  if (!Number.isFinite(best.value)) return null;
  const x = best.x;
  const alpha = fromUnit(x[iA]!, LOW, HIGH);
  const beta = hasB ? fromUnit(x[iB]!, LOW, alpha) : 0;
  const gamma = hasS ? fromUnit(x[iG]!, LOW, 1 - alpha) : 0;
  const phi = damped ? fromUnit(x[iP]!, PHI_LOW, PHI_HIGH) : 1;
  unpackRing(x);
  const s0 = Float64Array.from(ring);
  const l0 = x[iL]!;
  const b0 = hasB ? x[iB0]! : 0;
  const fin = runEts(y, n, spec, alpha, beta, gamma, phi, l0, b0, ring);
  const aic = fin.lik + 2 * np;
  const aicc = aic + (2 * np * (np + 1)) / (n - np - 1);
  const sigma2 = fin.sse / Math.max(n - np, 1);
  return {
    spec,
    alpha,
    beta,
    gamma,
    phi,
    scale,
    l0,
    b0,
    s0,
    l: fin.l,
    b: fin.b,
    s: ring,
    n,
    lik: fin.lik,
    aicc,
    sigma2,
  };
}
