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

const TOL = 1e-10;

interface Filtered {
  lik: number;
  sse: number;
  l: number;
  b: number;
}

/** Runs the state equations over y[0..upto); `ring` is updated in place to the final seasonal states. */
export function runEts(
  y: Float64Array,
  upto: number,
  spec: EtsSpec,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  l0: number,
  b0: number,
  ring: Float64Array,
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
      if (prodf > 1e150 || prodf < 1e-150) {
        logf += Math.log(prodf);
        prodf = 1;
      }
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

/** Re-runs a fitted model's equations on y[0..upto) with its fitted parameters (for rolling origins). */
export function refilter(model: EtsModel, y: ArrayLike<number>, upto: number): EtsModel {
  const ys = new Float64Array(upto);
  for (let t = 0; t < upto; t++) ys[t] = y[t]! / model.scale;
  const ring = Float64Array.from(model.s0);
  const r = runEts(ys, upto, model.spec, model.alpha, model.beta, model.gamma, model.phi, model.l0, model.b0, ring);
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
