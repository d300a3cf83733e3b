import { nelderMead } from './nelder-mead';
import { linearFit, mean } from './stats';
import { seasonalFigure } from './seasonality';
import type { ModelForecast } from './types';

/**
 * Exponential smoothing in innovations state-space form (Hyndman, Koehler, Ord & Snyder 2008),
 * following forecast::ets: error A/M, trend N/A/Ad, season N/A/M; parameters and initial states
 * estimated by maximum likelihood (Nelder-Mead), model chosen by AICc.
 */
export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';

export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
  /** Seasonal period (1 when season is N). */
  m: number;
}

export interface EtsModel {
  spec: EtsSpec;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** Data were divided by this before fitting; states are in scaled units. */
  scale: number;
  l0: number;
  b0: number;
  /** Initial seasonal states by position: ring[k] is the seasonal for time k mod m. */
  s0: Float64Array;
  /** Final states after the last observation. */
  l: number;
  b: number;
  s: Float64Array;
  n: number;
  /** -2 log-likelihood up to a constant (as forecast::ets's `lik`). */
  lik: number;
  aicc: number;
  /** Variance of one-step innovations (relative for multiplicative error). */
  sigma2: number;
}

export const etsName = (s: EtsSpec): string => `ETS(${s.error},${s.trend},${s.season})`;

const LOW = 1e-4;
const HIGH = 0.9999;
const PHI_LOW = 0.8;
const PHI_HIGH = 0.98;
const TOL = 1e-10;

/** Maps the real line onto (lo, hi) and back (logistic); a collapsed range maps to lo. */
function fromUnit(u: number, lo: number, hi: number): number {
  return hi > lo ? lo + (hi - lo) / (1 + Math.exp(-u)) : lo;
}

function toUnit(v: number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  const p = Math.min(1 - 1e-6, Math.max(1e-6, (v - lo) / (hi - lo)));
  return Math.log(p / (1 - p));
}

interface Filtered {
  lik: number;
  sse: number;
  l: number;
  b: number;
}

/** Runs the state equations over y[0..upto); `ring` is updated in place to the final seasonal states. */
function filter(
  y: Float64Array, upto: number, spec: EtsSpec, alpha: number, beta: number, gamma: number, phi: number,
  l0: number, b0: number, ring: Float64Array,
): Filtered {
  const trend = spec.trend !== 'N';
  const st = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2;
  const multErr = spec.error === 'M';
  const m = spec.m;
  const bRatio = beta / alpha;
  let l = l0;
  let b = trend ? b0 : 0;
  let sse = 0;
  let logf = 0;
  let prodf = 1;
  let j = 0;
  for (let t = 0; t < upto; t++) {
    const yt = y[t]!;
    const phib = trend ? phi * b : 0;
    const q = l + phib;
    const s = st ? ring[j]! : 0;
    const f = st === 1 ? q + s : st === 2 ? q * s : q;
    if (multErr) {
      if (!(f > TOL)) return { lik: Infinity, sse: Infinity, l, b };
      const e = (yt - f) / f;
      sse += e * e;
      // log(prod f) = sum log f, with one log per overflow-safe chunk instead of one per step.
      prodf *= f;
      if (prodf > 1e150 || prodf < 1e-150) { logf += Math.log(prodf); prodf = 1; }
    } else {
      const e = yt - f;
      sse += e * e;
    }
    let p = yt;
    if (st === 1) p = yt - s;
    else if (st === 2) p = Math.abs(s) < TOL ? 1e10 : yt / s;
    const ln = q + alpha * (p - q);
    if (trend) b = phib + bRatio * (ln - l - phib);
    if (st) {
      const tt = st === 1 ? yt - q : Math.abs(q) < TOL ? 1e10 : yt / q;
      ring[j] = s + gamma * (tt - s);
      if (++j === m) j = 0;
    }
    l = ln;
  }
  const lik = upto * Math.log(Math.max(sse, 1e-300)) + 2 * (logf + Math.log(prodf));
  return { lik: Number.isFinite(lik) ? lik : Infinity, sse, l, b };
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
  if (Math.abs(l0 + b0) < 1e-8) { l0 *= 1 + 1e-3; b0 *= 1 + 1e-3; }
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

  const init = opts.start ? { l0: opts.start.l0, b0: opts.start.b0, ring: Float64Array.from(opts.start.s0) } : initialStates(y, spec);
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
  x0[iA] = toUnit(alpha0, LOW, HIGH); steps[iA] = 1;
  if (hasB) { x0[iB] = toUnit(beta0, LOW, alpha0); steps[iB] = 1; }
  if (hasS) { x0[iG] = toUnit(st ? st.gamma : LOW + 0.05 * (1 - alpha0 - LOW), LOW, 1 - alpha0); steps[iG] = 1; }
  if (damped) { x0[iP] = toUnit(st ? st.phi : PHI_LOW + 0.99 * (PHI_HIGH - PHI_LOW), PHI_LOW, PHI_HIGH); steps[iP] = 1; }
  x0[iL] = init.l0; steps[iL] = 0.1 * (Math.abs(init.l0) || 1);
  if (hasB) { x0[iB0] = init.b0; steps[iB0] = 0.1 * Math.max(Math.abs(init.b0), 0.01 * (Math.abs(init.l0) || 1)); }
  if (optS) for (let j = 1; j < m; j++) { x0[iS + j - 1] = init.ring[j]!; steps[iS + j - 1] = multS ? 0.05 : 0.05 * (Math.abs(init.l0) || 1); }

  const unpackRing = (x: Float64Array): boolean => {
    if (!optS) { if (hasS) ring.set(init.ring.subarray(0, m)); return true; }
    let sum = 0;
    for (let j = 1; j < m; j++) { const v = x[iS + j - 1]!; ring[j] = v; sum += v; if (multS && !(v > 0)) return false; }
    ring[0] = multS ? m - sum : -sum;
    return !multS || ring[0]! > 0;
  };
  const objective = (x: Float64Array): number => {
    const alpha = fromUnit(x[iA]!, LOW, HIGH);
    const beta = hasB ? fromUnit(x[iB]!, LOW, alpha) : 0;
    const gamma = hasS ? fromUnit(x[iG]!, LOW, 1 - alpha) : 0;
    const phi = damped ? fromUnit(x[iP]!, PHI_LOW, PHI_HIGH) : 1;
    if (!unpackRing(x)) return Infinity;
    return filter(y, n, spec, alpha, beta, gamma, phi, x[iL]!, hasB ? x[iB0]! : 0, ring).lik;
  };
  const iters = (opts.iterPerParam ?? 30) * k + 100;
  let best = nelderMead(objective, x0, steps, iters);
  // One restart from the optimum escapes most premature simplex collapses, for less work than a long run.
  if (Number.isFinite(best.value)) {
    const again = nelderMead(objective, best.x, steps.map((s) => s / 4), iters >> 1);
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
  const fin = filter(y, n, spec, alpha, beta, gamma, phi, l0, b0, ring);
  const aic = fin.lik + 2 * np;
  const aicc = aic + (2 * np * (np + 1)) / (n - np - 1);
  const sigma2 = fin.sse / Math.max(n - np, 1);
  return { spec, alpha, beta, gamma, phi, scale, l0, b0, s0, l: fin.l, b: fin.b, s: ring, n, lik: fin.lik, aicc, sigma2 };
}

/** Re-runs a fitted model's equations on y[0..upto) with its fitted parameters (for rolling origins). */
export function refilter(model: EtsModel, y: ArrayLike<number>, upto: number): EtsModel {
  const ys = new Float64Array(upto);
  for (let t = 0; t < upto; t++) ys[t] = y[t]! / model.scale;
  const ring = Float64Array.from(model.s0);
  const r = filter(ys, upto, model.spec, model.alpha, model.beta, model.gamma, model.phi, model.l0, model.b0, ring);
  return { ...model, l: r.l, b: r.b, s: ring, n: upto };
}

/** Point forecasts and standard deviations (class-1 variance formula; relative for multiplicative error). */
export function etsForecast(model: EtsModel, h: number): ModelForecast {
  const { spec, alpha, beta, gamma, phi, l, b, s, n, scale, sigma2 } = model;
  const m = spec.m;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  const hasB = spec.trend !== 'N';
  let phisum = 0;
  let phipow = 1;
  let cumc2 = 0;
  for (let i = 0; i < h; i++) {
    phipow *= phi;
    phisum += phipow; // phi + ... + phi^(i+1)
    let f = hasB ? l + phisum * b : l;
    if (spec.season !== 'N') {
      const sv = s[(n + i) % m]!;
      f = spec.season === 'A' ? f + sv : f * sv;
    }
    if (!Number.isFinite(f)) f = l;
    mean[i] = f * scale;
    const v = sigma2 * (1 + cumc2);
    sd[i] = Math.sqrt(v) * (spec.error === 'M' ? Math.abs(f) : 1) * scale;
    // c_j for the next step: alpha + beta*(phi+..+phi^j) + gamma*[j mod m == 0]
    const jNext = i + 1;
    const c = alpha + (hasB ? beta * phisum : 0) + (spec.season !== 'N' && jNext % m === 0 ? gamma : 0);
    cumc2 += c * c;
  }
  return { name: etsName(spec), mean, sd };
}

export interface AutoEtsOptions extends FitOptions {
  /** true: only damped-trend models; false: no damped models; undefined: all. */
  damped?: boolean;
  /** Restrict the search (default: all admissible combinations). */
  trends?: EtsTrend[];
  seasons?: EtsSeason[];
  /** How many of the best screened seasonal models get a full optimisation (default 3). */
  refineTop?: number;
}

/** Fits every admissible model and keeps the one with the smallest AICc (forecast::ets defaults). */
export function autoEts(y: ArrayLike<number>, m: number, opts: AutoEtsOptions = {}): EtsModel | null {
  return smallestAicc(fitEtsCandidates(y, m, opts));
}

export function smallestAicc(models: EtsModel[]): EtsModel | null {
  let best: EtsModel | null = null;
  for (const f of models) if (!best || f.aicc < best.aicc) best = f;
  return best;
}

/** Every admissible ETS model that could be fitted (multiplicative forms only for positive data). */
export function fitEtsCandidates(y: ArrayLike<number>, m: number, opts: AutoEtsOptions = {}): EtsModel[] {
  const n = y.length;
  let positive = true;
  for (let t = 0; t < n; t++) if (!(y[t]! > 0)) { positive = false; break; }
  // Seasonal models need more than two full seasons; forecast::ets ignores periods above 24.
  const seasonalOk = m > 1 && m <= 24 && n > 2 * m;
  let seasons: EtsSeason[] = opts.seasons ?? (seasonalOk ? ['N', 'A', 'M'] : ['N']);
  if (!seasonalOk) seasons = ['N'];
  let trends: EtsTrend[] = opts.trends ?? ['N', 'A', 'Ad'];
  if (opts.damped === true) trends = trends.filter((t) => t === 'Ad');
  if (opts.damped === false) trends = trends.filter((t) => t !== 'Ad');
  const errors: EtsError[] = positive ? ['A', 'M'] : ['A'];
  const out: EtsModel[] = [];
  for (const error of errors) for (const trend of trends) for (const season of seasons) {
    if (season === 'M' && (error === 'A' || !positive)) continue; // unstable / inadmissible, as forecast::ets
    // Seasonal models are screened with the decomposition's seasonal states held fixed (a quarter of the work) ...
    const fit = fitEts(y, { error, trend, season, m: season === 'N' ? 1 : m }, { ...opts, optimizeSeasonInit: false });
    if (fit && Number.isFinite(fit.aicc)) out.push(fit);
  }
  // ... and only the most promising ones get their m-1 initial seasonal states optimised as well.
  const refine = opts.refineTop ?? 3;
  const seasonal = out.map((f, i) => [f, i] as const).filter(([f]) => f.spec.season !== 'N').sort((a, b) => a[0].aicc - b[0].aicc);
  for (const [f, i] of seasonal.slice(0, refine)) {
    const full = fitEts(y, f.spec, { ...opts, optimizeSeasonInit: true, start: f });
    if (full && full.aicc < f.aicc) out[i] = full;
  }
  return out;
}
