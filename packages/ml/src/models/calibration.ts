import { clipProbability, sigmoid } from './math';
import { logLoss } from '../metrics/probability';

/** Maps a model's margin (log-odds) to a calibrated probability. */
export type Calibrator =
  | { kind: 'none' }
  | { kind: 'platt'; a: number; b: number }
  /**
   * Piecewise-linear in the margin through (x[k], y[k]): isotonic regression's fitted steps, mixed with a
   * small share of a Platt fit (a, b) so that leads within one flat step keep their order.
   */
  | { kind: 'isotonic'; x: number[]; y: number[]; a: number; b: number };

/** Share of the Platt curve inside an isotonic calibrator: enough to break ties, too small to move probabilities much. */
const TIE_BREAK = 0.02;

export function calibrate(c: Calibrator, margin: number): number {
  if (c.kind === 'none') return clipProbability(sigmoid(margin));
  if (c.kind === 'platt') return clipProbability(sigmoid(c.a * margin + c.b));
  const platt = sigmoid(c.a * margin + c.b);
  return clipProbability((1 - TIE_BREAK) * isotonicStep(c.x, c.y, margin) + TIE_BREAK * platt);
}

function isotonicStep(x: number[], y: number[], margin: number): number {
  if (x.length === 0) return 0.5;
  if (!(margin > x[0]!)) return y[0]!;
  if (margin >= x[x.length - 1]!) return y[y.length - 1]!;
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! <= margin) lo = mid;
    else hi = mid;
  }
  const t = (margin - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

export function calibrateAll(c: Calibrator, margins: ArrayLike<number>): Float64Array {
  const out = new Float64Array(margins.length);
  for (let i = 0; i < margins.length; i++) out[i] = calibrate(c, margins[i]!);
  return out;
}

/**
 * Platt scaling: a one-feature logistic regression on the margin (Newton, with a whisper of L2 for separable data).
 * maxSlope caps the slope (1: the calibrator may soften the model's scores, never sharpen them).
 */
export function fitPlatt(
  m: ArrayLike<number>,
  y: ArrayLike<number>,
  maxSlope = Infinity,
): { kind: 'platt'; a: number; b: number } | { kind: 'none' } {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 1e-6 * a,
      gb = 0,
      haa = 1e-6,
      hab = 0,
      hbb = 1e-9;
    for (let i = 0; i < m.length; i++) {
      const q = sigmoid(a * m[i]! + b);
      const r = q - (y[i] ? 1 : 0);
      const h = Math.max(q * (1 - q), 1e-12);
      ga += r * m[i]!;
      gb += r;
      haa += h * m[i]! * m[i]!;
      hab += h * m[i]!;
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-300)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { kind: 'none' };
  // A calibrator must never reverse the model's ranking: a model that ranks backwards on validation
  // keeps its order (and loses the model choice on AUC instead).
  if (a < MIN_SLOPE || a > maxSlope) {
    a = a < MIN_SLOPE ? MIN_SLOPE : maxSlope;
    b = fitIntercept(m, y, a);
  }
  return { kind: 'platt', a, b };
}

const MIN_SLOPE = 1e-3;

function fitIntercept(m: ArrayLike<number>, y: ArrayLike<number>, a: number): number {
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let g = 0,
      h = 1e-9;
    for (let i = 0; i < m.length; i++) {
      const q = sigmoid(a * m[i]! + b);
      g += q - (y[i] ? 1 : 0);
      h += q * (1 - q);
    }
    b -= g / h;
    if (Math.abs(g / h) < 1e-10) break;
  }
  return b;
}

/** Isotonic regression of outcomes on the margin by pool-adjacent-violators; `platt`: fitPlatt(m, y) if known already. */
export function fitIsotonic(m: ArrayLike<number>, y: ArrayLike<number>, platt = fitPlatt(m, y)): Calibrator {
  const idx = Array.from({ length: m.length }, (_, i) => i).sort((p, q) => m[p]! - m[q]!);
  const sumY: number[] = [];
  const sumX: number[] = [];
  const count: number[] = [];
  for (const i of idx) {
    sumY.push(y[i] ? 1 : 0);
    sumX.push(m[i]!);
    count.push(1);
    while (
      sumY.length > 1 &&
      sumY[sumY.length - 2]! / count[count.length - 2]! >= sumY[sumY.length - 1]! / count[count.length - 1]!
    ) {
      const yy = sumY.pop()!,
        xx = sumX.pop()!,
        cc = count.pop()!;
      sumY[sumY.length - 1]! += yy;
      sumX[sumX.length - 1]! += xx;
      count[count.length - 1]! += cc;
    }
  }
  // Shrink block rates towards the middle a little so no lead is ever scored exactly 0 or 1.
  const n = m.length;
  const lo = 0.5 / (n + 1);
  return {
    kind: 'isotonic',
    a: platt.kind === 'platt' ? platt.a : 1,
    b: platt.kind === 'platt' ? platt.b : 0,
    x: sumX.map((s, k) => s / count[k]!),
    y: sumY.map((s, k) => Math.min(1 - lo, Math.max(lo, s / count[k]!))),
  };
}

export interface CalibrationChoice {
  calibrator: Calibrator;
  /** Cross-fitted validation log-loss of each method. */
  scores: Record<'none' | 'platt' | 'isotonic', number>;
  /** Cross-fitted probability of each validation row under the chosen method (each half calibrated on the other). */
  crossFitted: Float64Array;
}

/**
 * Picks none / Platt / isotonic by 2-fold cross-fitting on the validation rows (fitting and scoring on
 * the same rows would always favour isotonic), then fits the winner on all validation rows.
 */
export function chooseCalibrator(m: ArrayLike<number>, y: ArrayLike<number>): CalibrationChoice {
  const n = m.length;
  const folds = [0, 1].map((f) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === f));
  const pick = (ix: number[], a: ArrayLike<number>) => ix.map((i) => a[i]!);
  const scores = { none: 0, platt: 0, isotonic: 0 };
  const crossByKind = { none: new Float64Array(n), platt: new Float64Array(n), isotonic: new Float64Array(n) };
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i] ? 1 : 0;
  const enough = pos >= 5 && n - pos >= 5;
  // Each half's Platt fit serves both Platt and the isotonic calibrator's tie-break.
  const plattOn = [0, 1].map((f) => (enough ? fitPlatt(pick(folds[f]!, m), pick(folds[f]!, y)) : null));
  for (const kind of ['none', 'platt', 'isotonic'] as const) {
    if (kind !== 'none' && !enough) {
      scores[kind] = Infinity;
      continue;
    }
    if (kind === 'isotonic' && (pos < 50 || n - pos < 50)) {
      scores[kind] = Infinity;
      continue;
    }
    let total = 0;
    for (let f = 0; f < 2; f++) {
      const fitIx = folds[f]!;
      const testIx = folds[1 - f]!;
      const c: Calibrator =
        kind === 'none'
          ? { kind: 'none' }
          : kind === 'platt'
            ? plattOn[f]!
            : fitIsotonic(pick(fitIx, m), pick(fitIx, y), plattOn[f]!);
      const p = calibrateAll(c, pick(testIx, m));
      testIx.forEach((i, k) => {
        crossByKind[kind][i] = p[k]!;
      });
      total += logLoss(pick(testIx, y), p) * testIx.length;
    }
    scores[kind] = total / Math.max(1, n);
  }
  const best = (Object.keys(scores) as (keyof typeof scores)[]).reduce(
    (a, b) => (scores[b] < scores[a] ? b : a),
    'none',
  );
  const calibrator =
    best === 'none' ? ({ kind: 'none' } as const) : best === 'platt' ? fitPlatt(m, y) : fitIsotonic(m, y);
  return { calibrator, scores, crossFitted: crossByKind[best] };
}
