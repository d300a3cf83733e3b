import { fitPlatt } from './calibration';
import { sigmoid } from './math';
import { logLoss } from '../metrics/probability';

export interface BlendFit {
  weights: number[];
  /** Per member Platt parameters: calibrated log-odds = scale * margin + shift. */
  scale: number[];
  shift: number[];
  /** Validation log-loss with weights chosen on the other half (2-fold), so it compares fairly with single models. */
  crossFittedLogLoss: number;
  /** Cross-fitted probability per validation row (weights chosen on the other half). */
  crossFitted: Float64Array;
  /** Blend margins on the validation rows (with the final weights). */
  margins: Float64Array;
}

/** Weight vectors on the simplex in steps of 1/steps. */
function simplex(k: number, steps: number): number[][] {
  if (k === 1) return [[1]];
  const out: number[][] = [];
  for (let a = 0; a <= steps; a++) for (const rest of simplex(k - 1, steps - a)) out.push([a / steps, ...rest.map((r) => (r * (steps - a)) / steps)]);
  return out;
}

function blendProbabilities(ms: Float64Array[], scale: number[], shift: number[], w: number[], rows: number[]): number[] {
  return rows.map((i) => sigmoid(ms.reduce((s, m, k) => s + w[k]! * (scale[k]! * m[i]! + shift[k]!), 0)));
}

function blendLogLoss(ms: Float64Array[], scale: number[], shift: number[], w: number[], y: Uint8Array, rows: number[]): number {
  return logLoss(rows.map((i) => y[i]!), blendProbabilities(ms, scale, shift, w, rows));
}

/** Chooses blend weights of Platt-calibrated members by validation log-loss on a grid of the simplex. */
export function fitBlendWeights(ms: Float64Array[], y: Uint8Array): BlendFit {
  const platt = ms.map((m) => fitPlatt(m, y));
  const scale = platt.map((c) => (c.kind === 'platt' ? c.a : 1));
  const shift = platt.map((c) => (c.kind === 'platt' ? c.b : 0));
  const grid = simplex(ms.length, 10);
  const n = y.length;
  const all = Array.from({ length: n }, (_, i) => i);
  const best = (rows: number[]) => grid.reduce((b, w) => {
    const l = blendLogLoss(ms, scale, shift, w, y, rows);
    return l < b.loss ? { w, loss: l } : b;
  }, { w: grid[0]!, loss: Infinity });
  const folds = [0, 1].map((f) => all.filter((i) => i % 2 === f));
  let cross = 0;
  const crossFitted = new Float64Array(n);
  for (let f = 0; f < 2; f++) {
    const rows = folds[1 - f]!;
    const p = blendProbabilities(ms, scale, shift, best(folds[f]!).w, rows);
    rows.forEach((i, k) => { crossFitted[i] = p[k]!; });
    cross += logLoss(rows.map((i) => y[i]!), p) * rows.length;
  }
  const weights = best(all).w;
  const margins = new Float64Array(n);
  for (let i = 0; i < n; i++) margins[i] = ms.reduce((s, m, k) => s + weights[k]! * (scale[k]! * m[i]! + shift[k]!), 0);
  return { weights, scale, shift, crossFittedLogLoss: cross / Math.max(1, n), crossFitted, margins };
}
