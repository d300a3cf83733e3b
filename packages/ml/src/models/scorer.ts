import { calibrate, type Calibrator } from './calibration';
import type { Contribution, ContributionMatrix, ModelFamily, ModelJSON, ScoringModel } from './model';
import { modelFromJSON } from './serialize';
import { displayValue, encodeRows, rowOf, type RawRow, type Table, type TableSchema } from './table';

/** Contributions this close to zero are neither for nor against. */
const NEGLIGIBLE = 1e-12;

export interface CandidateReport {
  family: ModelFamily;
  /** Validation figures after calibration (log-loss cross-fitted, so it is honest for every candidate). */
  logLoss: number;
  auc: number;
  brier: number;
  calibration: Calibrator['kind'];
  seconds: number;
}

export interface RowScore {
  probability: number;
  /** Up to 3 factors that raise the score, strongest first. */
  positive: Contribution[];
  /** Up to 3 factors that lower the score, strongest first. */
  negative: Contribution[];
}

export interface ScorerJSON {
  version: 1;
  schema: TableSchema;
  model: ModelJSON;
  calibrator: Calibrator;
  reason: string;
  candidates: CandidateReport[];
  warnings: string[];
}

/**
 * Puts in `out` the features j with the k largest sign * values[at + j] above NEGLIGIBLE, largest first, and returns
 * how many: a filter and a stable sort (ties keep feature order) without sorting all the features. explain and
 * explainAll both pick with it, so they agree.
 */
export function topFactors(
  values: Float64Array,
  at: number,
  nf: number,
  k: number,
  sign: 1 | -1,
  out: number[],
): number {
  if (k <= 0) return 0;
  let m = 0;
  for (let j = 0; j < nf; j++) {
    const v = sign * values[at + j]!;
    if (!(v > NEGLIGIBLE)) continue;
    if (m === k && v <= sign * values[at + out[k - 1]!]!) continue;
    // Insertion: step past the strictly smaller ones only, so an equal earlier feature stays ahead.
    let p = m < k ? m++ : k - 1;
    while (p > 0 && sign * values[at + out[p - 1]!]! < v) {
      out[p] = out[p - 1]!;
      p--;
    }
    out[p] = j;
  }
  return m;
}

/** A chosen, calibrated model together with the schema that turns raw rows into its inputs. */
export class LeadScorer {
  constructor(
    readonly schema: TableSchema,
    readonly model: ScoringModel,
    readonly calibrator: Calibrator,
    /** Why this model: the choice, the candidates' validation figures, and what data was missing. */
    readonly reason: string,
    readonly candidates: CandidateReport[],
    readonly warnings: string[],
  ) {}

  get family(): ModelFamily {
    return this.model.family;
  }

  /** Calibrated probability of the positive outcome; always finite, in [0, 1]. */
  predict(t: Table): Float64Array {
    const m = this.model.margin(t);
    const out = new Float64Array(t.n);
    for (let i = 0; i < t.n; i++) out[i] = calibrate(this.calibrator, m[i]!);
    return out;
  }

  /** Top factors of row i in log-odds of the underlying model (before calibration, which keeps their order). */
  explain(t: Table, i: number, k = 3): RowScore {
    const { factors } = this.model.contributions(t, i);
    const m = this.model.margin(rowOf(t, i))[0]!;
    const values = Float64Array.from(factors, (f) => f.contribution);
    const picked: number[] = [];
    const pick = (sign: 1 | -1) =>
      picked.slice(0, topFactors(values, 0, values.length, k, sign, picked)).map((j) => factors[j]!);
    return { probability: calibrate(this.calibrator, m), positive: pick(1), negative: pick(-1) };
  }

  /** explain(t, i, k) for every row, the same result; models with a batch form (the trees) are much faster here. */
  explainAll(t: Table, k = 3): RowScore[] {
    const matrix = t.n > 0 ? this.model.contributionMatrix?.(t) : undefined;
    if (!matrix) return Array.from({ length: t.n }, (_, i) => this.explain(t, i, k));
    return this.scoresFrom(t, matrix, k);
  }

  /** Probabilities and top-k factors of every row of t from its contribution matrix (explain's rule, row by row). */
  scoresFrom(t: Table, matrix: ContributionMatrix, k = 3): RowScore[] {
    const { features, values, margin: margins } = matrix;
    const nf = features.length;
    const out: RowScore[] = new Array(t.n);
    const picked: number[] = [];
    const factorsOf = (i: number, sign: 1 | -1) => {
      const m = topFactors(values, i * nf, nf, k, sign, picked);
      const list: Contribution[] = new Array(m);
      for (let r = 0; r < m; r++)
        list[r] = {
          feature: features[picked[r]!]!,
          value: displayValue(t, picked[r]!, i),
          contribution: values[i * nf + picked[r]!]!,
        };
      return list;
    };
    for (let i = 0; i < t.n; i++)
      out[i] = {
        probability: calibrate(this.calibrator, margins[i]!),
        positive: factorsOf(i, 1),
        negative: factorsOf(i, -1),
      };
    return out;
  }

  /** Scores raw rows (e.g. open leads from the CRM) with the training schema; unseen categories are handled. */
  scoreRows(rows: RawRow[], k = 3): RowScore[] {
    return this.explainAll(encodeRows(rows, this.schema), k);
  }

  toJSON(): ScorerJSON {
    return {
      version: 1,
      schema: this.schema,
      model: this.model.toJSON(),
      calibrator: this.calibrator,
      reason: this.reason,
      candidates: this.candidates,
      warnings: this.warnings,
    };
  }

  static fromJSON(j: ScorerJSON): LeadScorer {
    return new LeadScorer(j.schema, modelFromJSON(j.model), j.calibrator, j.reason, j.candidates, j.warnings);
  }
}
