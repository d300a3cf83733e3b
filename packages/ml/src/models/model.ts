import type { Table } from './table';

export type ModelFamily = 'gbdt' | 'logistic' | 'naive-bayes' | 'rules' | 'blend';

/** One feature's push on one row's score, in log-odds; positive pushes towards the positive outcome. */
export interface Contribution {
  feature: string;
  value: string | number | null;
  contribution: number;
}

/** Every row's contributions (n x features, row-major) and margins, from a model with a batch form. */
export interface ContributionMatrix {
  features: string[];
  values: Float64Array;
  margin: Float64Array;
}

/** A fitted model: pure, no I/O, serialisable to plain JSON for the model registry. */
export interface ScoringModel {
  readonly family: ModelFamily;
  /** Log-odds of the positive outcome, one per row. */
  margin(t: Table): Float64Array;
  /** Per-feature contributions of row i; they sum to margin(row) - baseline. */
  contributions(t: Table, i: number): { baseline: number; factors: Contribution[] };
  /** Optional batch form: every row's contributions, row-major by `features`, as contributions(t, i), and margin(t). */
  contributionMatrix?(t: Table): ContributionMatrix;
  toJSON(): ModelJSON;
}

export type ModelJSON = { family: ModelFamily; version: 1; [key: string]: unknown };

export function predictProba(model: ScoringModel, t: Table): Float64Array {
  const m = model.margin(t);
  const p = new Float64Array(m.length);
  for (let i = 0; i < m.length; i++) {
    const z = m[i]!;
    p[i] = Number.isFinite(z) ? 1 / (1 + Math.exp(-z)) : Number.isNaN(z) ? 0.5 : z > 0 ? 1 : 0;
  }
  return p;
}
