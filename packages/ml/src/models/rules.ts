import { logit } from './math';
import type { Contribution, ModelJSON, ScoringModel } from './model';
import { countPositives, displayValue, OTHER, type Table } from './table';

/**
 * Rule-based points model for when there are too few outcomes to learn from: fit rules (who the lead is)
 * and engagement rules (what the lead did), each worth some points; the total is normalised to 0-100.
 */
export interface PointsRule {
  feature: string;
  group: 'fit' | 'engagement';
  /** present: value not missing; atLeast / atMost: numeric comparison; oneOf: categorical membership. */
  test:
    | { op: 'present' }
    | { op: 'atLeast'; value: number }
    | { op: 'atMost'; value: number }
    | { op: 'oneOf'; values: string[] };
  points: number;
  /** Plain words for the rep, e.g. "opened 3+ emails". */
  label: string;
}

const ENGAGEMENT =
  /(visit|view|open|click|repl|call|meeting|email|activit|session|download|demo|engag|page|time.?on|last.?(seen|contact)|touch|response|attend)/i;
const FIT =
  /(size|employee|revenue|budget|industry|title|role|seniority|country|region|segment|company|source|plan|tier)/i;

/** Default rules from column names: engaged leads (above-median activity) and complete, well-fitting profiles. */
export function defaultRules(t: Table): PointsRule[] {
  const rules: PointsRule[] = [];
  t.schema.features.forEach((f, j) => {
    const c = t.columns[j]!;
    const engagement = ENGAGEMENT.test(f.name);
    if (c.kind === 'numeric') {
      const xs = c.values.filter((v) => !Number.isNaN(v)).sort();
      if (xs.length === 0) return;
      const median = xs[Math.floor(xs.length / 2)]!;
      const top = xs[xs.length - 1]!;
      if (engagement && top > median)
        rules.push({
          feature: f.name,
          group: 'engagement',
          test: { op: 'atLeast', value: median > xs[0]! ? median : Math.min(top, median + 1e-9) },
          points: 10,
          label: `${f.name} above the usual level`,
        });
      else if (FIT.test(f.name))
        rules.push({ feature: f.name, group: 'fit', test: { op: 'present' }, points: 3, label: `${f.name} known` });
    } else if (FIT.test(f.name) || engagement) {
      rules.push({
        feature: f.name,
        group: engagement ? 'engagement' : 'fit',
        test: { op: 'present' },
        points: engagement ? 5 : 3,
        label: `${f.name} known`,
      });
    }
  });
  // No recognisable column: reward profile completeness, the one signal every CRM has.
  if (rules.length === 0)
    for (const f of t.schema.features)
      rules.push({ feature: f.name, group: 'fit', test: { op: 'present' }, points: 1, label: `${f.name} known` });
  return rules;
}

function matches(t: Table, j: number, i: number, r: PointsRule): boolean {
  const v = displayValue(t, j, i);
  if (v === null) return false;
  switch (r.test.op) {
    case 'present':
      return true;
    case 'atLeast':
      return typeof v === 'number' && v >= r.test.value;
    case 'atMost':
      return typeof v === 'number' && v <= r.test.value;
    case 'oneOf':
      return r.test.values.includes(v === 'other' ? OTHER : String(v));
  }
}

export class RulesModel implements ScoringModel {
  readonly family = 'rules' as const;

  constructor(
    readonly rules: PointsRule[],
    /** Log-odds of the smoothed base rate: the score of a lead at 50 points. */
    readonly priorLogit: number,
  ) {}

  private range(): { min: number; max: number } {
    let min = 0,
      max = 0;
    for (const r of this.rules)
      if (r.points < 0) min += r.points;
      else max += r.points;
    return { min, max: max > min ? max : min + 1 };
  }

  /** Points normalised to 0-100 per row. */
  points(t: Table): Float64Array {
    const { min, max } = this.range();
    const out = new Float64Array(t.n);
    const cols = this.rules.map((r) => t.schema.features.findIndex((f) => f.name === r.feature));
    for (let i = 0; i < t.n; i++) {
      let s = 0;
      this.rules.forEach((r, k) => {
        if (cols[k]! >= 0 && matches(t, cols[k]!, i, r)) s += r.points;
      });
      out[i] = (100 * (s - min)) / (max - min);
    }
    return out;
  }

  /** 0-100 points mapped to log-odds around the base rate: +-50 points is a factor of e^2 in the odds. */
  margin(t: Table): Float64Array {
    return this.points(t).map((pt) => this.priorLogit + (pt - 50) / 25);
  }

  contributions(t: Table, i: number): { baseline: number; factors: Contribution[] } {
    const { min, max } = this.range();
    const byFeature = new Map<string, Contribution>();
    for (const r of this.rules) {
      const j = t.schema.features.findIndex((f) => f.name === r.feature);
      if (j < 0) continue;
      const c = byFeature.get(r.feature) ?? { feature: r.feature, value: displayValue(t, j, i), contribution: 0 };
      if (matches(t, j, i, r)) c.contribution += (100 * r.points) / (max - min) / 25;
      byFeature.set(r.feature, c);
    }
    return { baseline: this.priorLogit + (100 * -min) / (max - min) / 25 - 2, factors: [...byFeature.values()] };
  }

  toJSON(): ModelJSON {
    return { family: 'rules', version: 1, rules: this.rules, priorLogit: this.priorLogit };
  }

  static fromJSON(j: ModelJSON): RulesModel {
    return new RulesModel(j.rules as PointsRule[], j.priorLogit as number);
  }
}

/** Base rate smoothed towards 1/2 (Laplace), so a target with one class still gives a finite score. */
export function trainRules(t: Table, rules: PointsRule[] = defaultRules(t)): RulesModel {
  const pos = t.y ? countPositives(t.y) : 0;
  const n = t.y ? t.n : 0;
  return new RulesModel(rules, logit((pos + 1) / (n + 2)));
}
