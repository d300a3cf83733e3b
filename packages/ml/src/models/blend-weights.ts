import { fitPlatt } from './calibration';
import { sigmoid } from './math';

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
  for (let a = 0; a <= steps; a++)
    for (const rest of simplex(k - 1, steps - a)) out.push([a / steps, ...rest.map((r) => (r * (steps - a)) / steps)]);
  return out;
}

/** Blend probability of row i: members' calibrated log-odds z[k][i] summed with weights w (in member order). */
function blendProbability(z: Float64Array[], w: number[], i: number): number {
  let s = 0;
  for (let k = 0; k < z.length; k++) s += w[k]! * z[k]![i]!;
  return sigmoid(s);
}

/** Each row's log-loss under the blend (as metrics' logLoss: clipped at 1e-15), into out. */
function rowLosses(z: Float64Array[], w: number[], y: Uint8Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, blendProbability(z, w, i)));
    out[i] = y[i] ? -Math.log(q) : -Math.log(1 - q);
  }
}

/** Mean of the losses over rows, summed in the rows' order. */
function meanOver(loss: Float64Array, rows: Int32Array): number {
  let s = 0;
  for (let r = 0; r < rows.length; r++) s += loss[rows[r]!]!;
  return rows.length > 0 ? s / rows.length : NaN;
}

/** Mean log-loss of the blend over rows. */
function blendLogLoss(z: Float64Array[], w: number[], y: Uint8Array, rows: Int32Array): number {
  const loss = new Float64Array(y.length);
  rowLosses(z, w, y, loss);
  return meanOver(loss, rows);
}

/** Chooses blend weights of Platt-calibrated members by validation log-loss on a grid of the simplex. */
export function fitBlendWeights(ms: Float64Array[], y: Uint8Array): BlendFit {
  const platt = ms.map((m) => fitPlatt(m, y));
  const scale = platt.map((c) => (c.kind === 'platt' ? c.a : 1));
  const shift = platt.map((c) => (c.kind === 'platt' ? c.b : 0));
  // Each member's calibrated log-odds, computed once for the whole grid search.
  const z = ms.map((m, k) => m.map((v) => scale[k]! * v + shift[k]!));
  const grid = simplex(ms.length, 10);
  const n = y.length;
  const folds = [0, 1].map((f) => Int32Array.from({ length: Math.floor((n + 1 - f) / 2) }, (_, k) => 2 * k + f));
  const all = Int32Array.from({ length: n }, (_, i) => i);
  // The best weights on each half and on all rows, from one pass of row losses per grid point (the three means add
  // the same per-row values in the same order as three separate passes would).
  const sets = [folds[0]!, folds[1]!, all];
  const best = sets.map(() => ({ w: grid[0]!, loss: Infinity }));
  const loss = new Float64Array(n);
  for (const w of grid) {
    rowLosses(z, w, y, loss);
    sets.forEach((rows, k) => {
      const l = meanOver(loss, rows);
      if (l < best[k]!.loss) best[k] = { w, loss: l };
    });
  }
  let cross = 0;
  const crossFitted = new Float64Array(n);
  for (let f = 0; f < 2; f++) {
    const rows = folds[1 - f]!;
    const w = best[f]!.w;
    for (const i of rows) crossFitted[i] = blendProbability(z, w, i);
    cross += blendLogLoss(z, w, y, rows) * rows.length;
  }
  const weights = best[2]!.w;
  const margins = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < z.length; k++) s += weights[k]! * z[k]![i]!;
    margins[i] = s;
  }
  return { weights, scale, shift, crossFittedLogLoss: cross / Math.max(1, n), crossFitted, margins };
}
