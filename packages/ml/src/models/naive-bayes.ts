import { bucketOfValue, decileEdges } from './deciles';
import type { Contribution, ModelJSON, ScoringModel } from './model';
import { countPositives, displayValue, requireLabels, type Table } from './table';

/**
 * Odoo-style naive Bayes (crm.lead `_pls_get_naive_bayes_probabilities`): per-feature frequency tables
 * of won and lost leads with 0.1 added to every count; numbers are cut into deciles first.
 * A value never seen in training contributes nothing (factor 1), as in Odoo.
 */
export const NB_SMOOTHING = 0.1;

interface FeatureTable {
  /** Numeric features: decile cut points; bucket = bin, the last bucket is missing. Empty for categorical. */
  cuts: number[] | null;
  /** log(P(value | won) / P(value | lost)) per bucket; null where the bucket never occurred in training. */
  logRatio: (number | null)[];
}

function bucketOf(t: Table, j: number, i: number, f: FeatureTable): number {
  const c = t.columns[j]!;
  if (c.kind === 'numeric') {
    const v = c.values[i]!;
    const cuts = f.cuts ?? [];
    return Number.isNaN(v) ? cuts.length + 1 : bucketOfValue(cuts, v);
  }
  const code = c.codes[i]!;
  // Categorical: bucket 0 is missing, level k is bucket k + 1.
  return code < 0 ? 0 : code + 1;
}

export class NaiveBayesModel implements ScoringModel {
  readonly family = 'naive-bayes' as const;

  constructor(
    readonly featureNames: string[],
    readonly prior: number,
    readonly tables: FeatureTable[],
  ) {}

  private factor(t: Table, j: number, i: number): number {
    const f = this.tables[j]!;
    return f.logRatio[bucketOf(t, j, i, f)] ?? 0;
  }

  margin(t: Table): Float64Array {
    const out = new Float64Array(t.n).fill(this.prior);
    for (let j = 0; j < this.tables.length; j++) for (let i = 0; i < t.n; i++) out[i] = out[i]! + this.factor(t, j, i);
    return out;
  }

  contributions(t: Table, i: number): { baseline: number; factors: Contribution[] } {
    const factors = this.featureNames.map((feature, j) => ({
      feature,
      value: displayValue(t, j, i),
      contribution: this.factor(t, j, i),
    }));
    return { baseline: this.prior, factors };
  }

  toJSON(): ModelJSON {
    return {
      family: 'naive-bayes',
      version: 1,
      featureNames: this.featureNames,
      prior: this.prior,
      tables: this.tables,
    };
  }

  static fromJSON(j: ModelJSON): NaiveBayesModel {
    return new NaiveBayesModel(j.featureNames as string[], j.prior as number, j.tables as FeatureTable[]);
  }
}

export function trainNaiveBayes(t: Table): NaiveBayesModel {
  const y = requireLabels(t);
  const won = countPositives(y);
  const lost = t.n - won;
  // Both classes need a count above zero for the ratios; the smoothing constant stands in for an empty class.
  const wonD = Math.max(won, NB_SMOOTHING);
  const lostD = Math.max(lost, NB_SMOOTHING);
  const tables: FeatureTable[] = t.columns.map((c, j) => {
    const cuts = c.kind === 'numeric' ? decileEdges(c.values) : null;
    let nBuckets = 0;
    if (c.kind === 'numeric') nBuckets = (cuts?.length ?? 0) + 2;
    else for (let i = 0; i < t.n; i++) nBuckets = Math.max(nBuckets, c.codes[i]! + 2);
    const f: FeatureTable = { cuts, logRatio: [] };
    const w = new Float64Array(nBuckets);
    const l = new Float64Array(nBuckets);
    for (let i = 0; i < t.n; i++) {
      const b = bucketOf(t, j, i, f);
      if (y[i]) w[b] = w[b]! + 1;
      else l[b] = l[b]! + 1;
    }
    for (let b = 0; b < nBuckets; b++) {
      const seen = w[b]! + l[b]! > 0;
      f.logRatio.push(seen ? Math.log((w[b]! + NB_SMOOTHING) / wonD) - Math.log((l[b]! + NB_SMOOTHING) / lostD) : null);
    }
    return f;
  });
  const prior = Math.log(Math.max(won, 0.5) / Math.max(lost, 0.5));
  return new NaiveBayesModel(
    t.schema.features.map((f) => f.name),
    prior,
    tables,
  );
}
