import { bucketOfValue, decileEdges } from './deciles';
import { solveSpd } from './math';
import type { Contribution, ModelJSON, ScoringModel } from './model';
import { displayValue, requireLabels, rowOf, type Table } from './table';

/**
 * Design matrix layout for logistic regression: numeric features one-hot by decile (as naive Bayes cuts them;
 * missing values get a column of their own), categorical features one-hot. Each feature owns a fixed number of
 * slots per row, so the matrix is a dense (n x slots) array of column indices and values.
 *
 * Deciles rather than one standardised column: a lead's age, balance or days since last contact rarely act in a
 * straight line (the young and the retired convert more than the middle-aged), one outlier in a CRM export would
 * bend a linear term, and beyond the training range a step stays at the last decile's effect instead of growing
 * without bound.
 * On the bank files the family's test AUC rose on three of the four splits and fell 0.0016 on the fourth
 * (docs/scoring-models.md).
 */
export interface LogisticLayout {
  kind: ('numeric' | 'categorical')[];
  /** First design column of each feature. */
  offset: number[];
  /** Numeric: inner decile edges (one column per bucket). Absent in models stored before deciles (standardised). */
  cuts?: (number[] | null)[];
  /** Numeric, models stored before deciles: mean and standard deviation for standardising; unused (0/1) otherwise. */
  mean: number[];
  sd: number[];
  /** Whether the feature has a missing-indicator column (numeric) or a missing level column (categorical). */
  missingColumn: boolean[];
  nLevels: number[];
  nColumns: number;
}

function fitLayout(t: Table): LogisticLayout {
  const cutsOf: (number[] | null)[] = [];
  const L: LogisticLayout = {
    kind: [],
    offset: [],
    cuts: cutsOf,
    mean: [],
    sd: [],
    missingColumn: [],
    nLevels: [],
    nColumns: 0,
  };
  for (const c of t.columns) {
    L.offset.push(L.nColumns);
    if (c.kind === 'numeric') {
      let miss = 0;
      for (let i = 0; i < t.n; i++) if (Number.isNaN(c.values[i]!)) miss++;
      const cuts = decileEdges(c.values);
      L.kind.push('numeric');
      cutsOf.push(cuts);
      L.mean.push(0);
      L.sd.push(1);
      L.missingColumn.push(miss > 0);
      L.nLevels.push(cuts.length + 1);
      L.nColumns += cuts.length + 1 + (miss > 0 ? 1 : 0);
    } else {
      cutsOf.push(null);
      let levels = 0,
        miss = 0;
      for (let i = 0; i < t.n; i++) {
        const code = c.codes[i]!;
        if (code < 0) miss++;
        else if (code + 1 > levels) levels = code + 1;
      }
      L.kind.push('categorical');
      L.mean.push(0);
      L.sd.push(1);
      L.missingColumn.push(miss > 0);
      L.nLevels.push(levels);
      L.nColumns += levels + (miss > 0 ? 1 : 0);
    }
  }
  return L;
}

/** Two slots per feature: (column, value) pairs; column -1 means "no entry". */
function design(t: Table, L: LogisticLayout): { col: Int32Array; val: Float64Array; slots: number } {
  const slots = 2 * t.columns.length;
  const col = new Int32Array(t.n * slots).fill(-1);
  const val = new Float64Array(t.n * slots);
  t.columns.forEach((c, j) => {
    const o = L.offset[j]!;
    for (let i = 0; i < t.n; i++) {
      const s = i * slots + 2 * j;
      const cuts = L.cuts?.[j];
      if (c.kind === 'numeric' && cuts) {
        const v = c.values[i]!;
        if (!Number.isNaN(v)) {
          col[s] = o + bucketOfValue(cuts, v);
          val[s] = 1;
        } else if (L.missingColumn[j]) {
          col[s] = o + cuts.length + 1;
          val[s] = 1;
        }
      } else if (c.kind === 'numeric') {
        const v = c.values[i]!;
        col[s] = o;
        if (Number.isNaN(v)) {
          val[s] = 0;
          if (L.missingColumn[j]) {
            col[s + 1] = o + 1;
            val[s + 1] = 1;
          }
        } else val[s] = (v - L.mean[j]!) / L.sd[j]!;
      } else {
        const code = c.codes[i]!;
        // Levels never seen in training (and missing when training had none) get no column: the average effect.
        if (code >= 0 && code < L.nLevels[j]!) {
          col[s] = o + code;
          val[s] = 1;
        } else if (code < 0 && L.missingColumn[j]) {
          col[s] = o + L.nLevels[j]!;
          val[s] = 1;
        }
      }
    }
  });
  return { col, val, slots };
}

export interface LogisticParams {
  /** L2 penalty on coefficients (not the intercept), on the summed log-loss: like scikit-learn's 1/C. */
  l2: number;
  maxIter: number;
}

/** Regularised logistic regression fitted by Newton's method (IRLS) on the one-hot design (deciles and levels). */
export class LogisticModel implements ScoringModel {
  readonly family = 'logistic' as const;

  constructor(
    readonly featureNames: string[],
    readonly layout: LogisticLayout,
    readonly coef: number[],
    readonly intercept: number,
    /** Mean of each design column in training: contributions are measured from the average lead. */
    readonly columnMean: number[],
  ) {}

  margin(t: Table): Float64Array {
    const { col, val, slots } = design(t, this.layout);
    const out = new Float64Array(t.n);
    for (let i = 0; i < t.n; i++) {
      let z = this.intercept;
      for (let s = i * slots; s < (i + 1) * slots; s++) if (col[s]! >= 0) z += this.coef[col[s]!]! * val[s]!;
      out[i] = z;
    }
    return out;
  }

  baseline(): number {
    return this.coef.reduce((s, w, k) => s + w * this.columnMean[k]!, this.intercept);
  }

  contributions(t: Table, i: number): { baseline: number; factors: Contribution[] } {
    // Only row i's design: explaining one row of a large table costs the same as explaining a one-row table.
    const { col, val } = design(rowOf(t, i), this.layout);
    const L = this.layout;
    const factors = this.featureNames.map((feature, j) => {
      const o = L.offset[j]!;
      const width = (L.kind[j] === 'numeric' && !L.cuts ? 1 : L.nLevels[j]!) + (L.missingColumn[j] ? 1 : 0);
      // coefficient x (value - training mean), summed over the feature's columns
      let c = 0;
      for (let k = o; k < o + width; k++) c -= this.coef[k]! * this.columnMean[k]!;
      for (let s = 2 * j; s < 2 * j + 2; s++) if (col[s]! >= 0) c += this.coef[col[s]!]! * val[s]!;
      return { feature, value: displayValue(t, j, i), contribution: c };
    });
    return { baseline: this.baseline(), factors };
  }

  toJSON(): ModelJSON {
    return {
      family: 'logistic',
      version: 1,
      featureNames: this.featureNames,
      layout: this.layout,
      coef: this.coef,
      intercept: this.intercept,
      columnMean: this.columnMean,
    };
  }

  static fromJSON(j: ModelJSON): LogisticModel {
    return new LogisticModel(
      j.featureNames as string[],
      j.layout as LogisticLayout,
      j.coef as number[],
      j.intercept as number,
      j.columnMean as number[],
    );
  }
}

function penalisedLoss(z: Float64Array, y: Uint8Array, w: Float64Array, d: number, l2: number): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const m = y[i] ? -z[i]! : z[i]!;
    s += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
  }
  for (let k = 0; k < d; k++) s += 0.5 * l2 * w[k]! ** 2;
  return s;
}

/** Design rows with only their non-empty slots (CSR): row i holds col[rowStart[i]..rowStart[i + 1]). */
interface SparseRows {
  rowStart: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

function compressRows(col: Int32Array, val: Float64Array, slots: number, n: number): SparseRows {
  const rowStart = new Int32Array(n + 1);
  const nzCol = new Int32Array(col.length);
  const nzVal = new Float64Array(col.length);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    for (let k = i * slots; k < (i + 1) * slots; k++)
      if (col[k]! >= 0 && val[k] !== 0) {
        nzCol[nnz] = col[k]!;
        nzVal[nnz++] = val[k]!;
      }
    rowStart[i + 1] = nnz;
  }
  return { rowStart, col: nzCol, val: nzVal };
}

/** z[i] = intercept (w[d]) + row i . w. */
function margins(rows: SparseRows, w: Float64Array, d: number, z: Float64Array): void {
  const { rowStart, col, val } = rows;
  for (let i = 0; i < z.length; i++) {
    let s = w[d]!;
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) s += w[col[k]!]! * val[k]!;
    z[i] = s;
  }
}

/**
 * One Newton pass: gradient and the upper triangle of the Hessian of the (unpenalised) log-loss at margins z.
 * A function of its own, called once per iteration, so V8 optimises it as a whole (see train-gbdt.ts).
 */
function newtonPass(
  rows: SparseRows,
  z: Float64Array,
  y: Uint8Array,
  d: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  const { rowStart, col: nzCol, val: nzVal } = rows;
  const D = d + 1;
  for (let i = 0; i < z.length; i++) {
    const q = 1 / (1 + Math.exp(-z[i]!));
    const r = q - y[i]!;
    const h = Math.max(q * (1 - q), 1e-10);
    grad[d] = grad[d]! + r;
    hess[d * D + d] = hess[d * D + d]! + h;
    // Upper triangle only (mirrored after the pass): rows are sparse, so this is nnz^2 / 2 per row. A row's
    // columns ascend (design fills features in offset order), so column b >= column a needs no test.
    const end = rowStart[i + 1]!;
    for (let a = rowStart[i]!; a < end; a++) {
      const ca = nzCol[a]!;
      const va = nzVal[a]!;
      const hv = h * va;
      grad[ca] = grad[ca]! + r * va;
      hess[ca * D + d] = hess[ca * D + d]! + hv;
      const at = ca * D;
      for (let b = a; b < end; b++) {
        const o = at + nzCol[b]!;
        hess[o] = hess[o]! + hv * nzVal[b]!;
      }
    }
  }
}

export function trainLogistic(t: Table, opts: Partial<LogisticParams> = {}): LogisticModel {
  const p: LogisticParams = { l2: 1, maxIter: 30, ...opts };
  const y = requireLabels(t);
  const L = fitLayout(t);
  const { col, val, slots } = design(t, L);
  const d = L.nColumns;
  const D = d + 1; // last entry is the intercept
  const w = new Float64Array(D);
  // Start at the base rate: saves a Newton step on imbalanced outcomes.
  let pos = 0;
  for (let i = 0; i < t.n; i++) pos += y[i]!;
  w[d] = Math.log((pos + 0.5) / (t.n - pos + 0.5));
  const z = new Float64Array(t.n);
  const rows = compressRows(col, val, slots, t.n);
  const marginAll = (wv: Float64Array) => margins(rows, wv, d, z);
  marginAll(w);
  let loss = penalisedLoss(z, y, w, d, p.l2);
  for (let it = 0; it < p.maxIter; it++) {
    const grad = new Float64Array(D);
    const hess = new Float64Array(D * D);
    newtonPass(rows, z, y, d, grad, hess);
    for (let a = 0; a < D; a++) for (let b = a + 1; b < D; b++) hess[b * D + a] = hess[a * D + b]!;
    for (let k = 0; k < d; k++) {
      grad[k] = grad[k]! + p.l2 * w[k]!;
      hess[k * D + k] = hess[k * D + k]! + p.l2;
    }
    const step = solveSpd(hess, grad, D);
    // Damped Newton: halve the step until the penalised loss goes down.
    let scale = 1;
    let next = new Float64Array(D);
    let nextLoss = Infinity;
    for (let tries = 0; tries < 20; tries++) {
      next = w.map((wk, k) => wk - scale * step[k]!);
      marginAll(next);
      nextLoss = penalisedLoss(z, y, next, d, p.l2);
      if (nextLoss <= loss + 1e-12) break;
      scale /= 2;
    }
    const moved = Math.max(...step.map((s) => Math.abs(s * scale)));
    if (nextLoss > loss + 1e-12) {
      marginAll(w);
      break;
    }
    w.set(next);
    const improvement = loss - nextLoss;
    loss = nextLoss;
    // 1e-7 of the loss is far below what moves a ranking or a probability's third decimal.
    if (moved < 1e-6 || improvement < 1e-7 * Math.max(1, loss)) break;
  }
  const columnMean = new Array<number>(d).fill(0);
  for (let k = 0; k < col.length; k++) if (col[k]! >= 0) columnMean[col[k]!] = columnMean[col[k]!]! + val[k]! / t.n;
  return new LogisticModel(
    t.schema.features.map((f) => f.name),
    L,
    Array.from(w.subarray(0, d)),
    w[d]!,
    columnMean,
  );
}
