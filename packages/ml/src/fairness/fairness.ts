/**
 * Fairness audit of a scorer on labelled rows, per sensitive attribute and group: how often each group is selected
 * (in the tiers a rep acts on) against the most-selected group (the 80% rule), the true-positive rate (equal
 * opportunity), and calibration (mean predicted probability against the observed rate). Proxy detection says which
 * model inputs carry the attribute anyway (Cramér's V for categories, the correlation ratio η for numbers).
 */
export const FAIRNESS_RULES = {
  /** Four-fifths rule: a group selected at under 80% of the most-selected group's rate fails. */
  minSelectionRatio: 0.8,
  /** Largest gap in true-positive rate between groups. */
  maxTprDifference: 0.1,
  /** Largest gap between a group's mean probability and its observed rate. */
  maxCalibrationGap: 0.1,
  /** Association above which an input is a proxy of the attribute. */
  proxyAssociation: 0.5,
  /** Smaller groups are reported but not judged: their rates are mostly noise. */
  minGroupSize: 30,
} as const;

export interface GroupFigures {
  attribute: string;
  group: string;
  n: number;
  positives: number;
  selected: number;
  selection_rate: number;
  /** This group's selection rate over the highest group's (1 for that group). */
  selection_ratio: number;
  /** Share of actual positives that were selected; NaN (null in JSON) without positives. */
  tpr: number;
  /** The highest group's TPR minus this one's. */
  tpr_difference: number;
  mean_probability: number;
  positive_rate: number;
  /** mean_probability - positive_rate. */
  calibration_gap: number;
  judged: boolean;
}

export interface ProxyFinding {
  attribute: string;
  feature: string;
  measure: 'cramers_v' | 'correlation_ratio';
  association: number;
}

export interface AttributeAudit {
  attribute: string;
  groups: GroupFigures[];
  minSelectionRatio: number;
  tprDifference: number;
  maxCalibrationGap: number;
  proxies: ProxyFinding[];
  failures: string[];
  passed: boolean;
}

export interface AuditInput {
  attribute: string;
  /** One group label per row (missing values as their own group, e.g. "(missing)"). */
  groups: string[];
  y: ArrayLike<number>;
  p: ArrayLike<number>;
  /** 1 when the row lands in a tier the model recommends acting on. */
  selected: ArrayLike<number>;
}

/** Per-group figures of one attribute, groups in order of size (largest first), then name. */
export function groupFigures(input: AuditInput): GroupFigures[] {
  const acc = new Map<string, { n: number; pos: number; sel: number; selPos: number; sumP: number }>();
  for (let i = 0; i < input.groups.length; i++) {
    const g = input.groups[i]!;
    const a = acc.get(g) ?? { n: 0, pos: 0, sel: 0, selPos: 0, sumP: 0 };
    const y = input.y[i]! ? 1 : 0;
    const s = input.selected[i]! ? 1 : 0;
    a.n++;
    a.pos += y;
    a.sel += s;
    a.selPos += y * s;
    a.sumP += input.p[i]!;
    acc.set(g, a);
  }
  const rows = [...acc.entries()].map(([group, a]) => ({
    attribute: input.attribute,
    group,
    n: a.n,
    positives: a.pos,
    selected: a.sel,
    selection_rate: a.sel / a.n,
    selection_ratio: 0,
    tpr: a.pos ? a.selPos / a.pos : NaN,
    tpr_difference: 0,
    mean_probability: a.sumP / a.n,
    positive_rate: a.pos / a.n,
    calibration_gap: a.sumP / a.n - a.pos / a.n,
    judged: a.n >= FAIRNESS_RULES.minGroupSize,
  }));
  const judged = rows.filter((r) => r.judged);
  const pool = judged.length ? judged : rows;
  const topRate = Math.max(...pool.map((r) => r.selection_rate));
  const topTpr = Math.max(...pool.map((r) => r.tpr).filter(Number.isFinite));
  for (const r of rows) {
    r.selection_ratio = topRate > 0 ? r.selection_rate / topRate : 1;
    r.tpr_difference = Number.isFinite(r.tpr) && Number.isFinite(topTpr) ? topTpr - r.tpr : NaN;
  }
  return rows.sort((a, b) => b.n - a.n || a.group.localeCompare(b.group));
}

/** Cramér's V of two categorical variables (no bias correction, as scipy.stats.contingency.association). */
export function cramersV(a: string[], b: string[]): number {
  const ai = new Map<string, number>();
  const bi = new Map<string, number>();
  for (const v of a) if (!ai.has(v)) ai.set(v, ai.size);
  for (const v of b) if (!bi.has(v)) bi.set(v, bi.size);
  const r = ai.size;
  const c = bi.size;
  if (r < 2 || c < 2) return 0;
  const table = new Float64Array(r * c);
  for (let i = 0; i < a.length; i++) table[ai.get(a[i]!)! * c + bi.get(b[i]!)!]!++;
  const rows = new Float64Array(r);
  const cols = new Float64Array(c);
  for (let x = 0; x < r; x++)
    for (let y = 0; y < c; y++) {
      rows[x]! += table[x * c + y]!;
      cols[y]! += table[x * c + y]!;
    }
  const n = a.length;
  let chi2 = 0;
  for (let x = 0; x < r; x++)
    for (let y = 0; y < c; y++) {
      const e = (rows[x]! * cols[y]!) / n;
      chi2 += (table[x * c + y]! - e) ** 2 / e;
    }
  return Math.sqrt(chi2 / (n * (Math.min(r, c) - 1)));
}

/** Correlation ratio η of a number with a grouping: √(between-group sum of squares / total sum of squares). */
export function correlationRatio(groups: string[], x: ArrayLike<number>): number {
  const acc = new Map<string, { n: number; sum: number }>();
  let total = 0;
  let n = 0;
  for (let i = 0; i < groups.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) continue;
    const a = acc.get(groups[i]!) ?? { n: 0, sum: 0 };
    a.n++;
    a.sum += v;
    acc.set(groups[i]!, a);
    total += v;
    n++;
  }
  if (n === 0) return 0;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < groups.length; i++) if (Number.isFinite(x[i]!)) ssTotal += (x[i]! - mean) ** 2;
  let ssBetween = 0;
  for (const a of acc.values()) ssBetween += a.n * (a.sum / a.n - mean) ** 2;
  return ssTotal > 0 ? Math.sqrt(ssBetween / ssTotal) : 0;
}

export type ProxyColumn =
  | { feature: string; kind: 'numeric'; values: ArrayLike<number> }
  | { feature: string; kind: 'categorical'; values: string[] };

/** Inputs associated with the attribute above the threshold, strongest first. */
export function findProxies(
  attribute: string,
  groups: string[],
  columns: ProxyColumn[],
  threshold: number = FAIRNESS_RULES.proxyAssociation,
): ProxyFinding[] {
  const out: ProxyFinding[] = [];
  for (const col of columns) {
    const association = col.kind === 'numeric' ? correlationRatio(groups, col.values) : cramersV(groups, col.values);
    if (association > threshold)
      out.push({
        attribute,
        feature: col.feature,
        measure: col.kind === 'numeric' ? 'correlation_ratio' : 'cramers_v',
        association,
      });
  }
  return out.sort((a, b) => b.association - a.association);
}

/** The whole audit of one attribute, with what fails and why in words. */
export function auditAttribute(input: AuditInput, proxyColumns: ProxyColumn[] = []): AttributeAudit {
  const groups = groupFigures(input);
  const judged = groups.filter((g) => g.judged);
  const failures: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const g of judged) {
    if (g.selection_ratio < FAIRNESS_RULES.minSelectionRatio)
      failures.push(
        `${input.attribute} = ${g.group} is selected at ${pct(g.selection_rate)}, ${pct(g.selection_ratio)} of the most-selected group's rate (below 80%)`,
      );
    if (Math.abs(g.calibration_gap) > FAIRNESS_RULES.maxCalibrationGap)
      failures.push(
        `${input.attribute} = ${g.group}: mean predicted ${pct(g.mean_probability)} against ${pct(g.positive_rate)} observed (off by more than 10 points)`,
      );
  }
  const tprs = judged.map((g) => g.tpr).filter(Number.isFinite);
  const tprDifference = tprs.length > 1 ? Math.max(...tprs) - Math.min(...tprs) : 0;
  if (tprDifference > FAIRNESS_RULES.maxTprDifference)
    failures.push(
      `${input.attribute}: true-positive rates differ by ${pct(tprDifference)} between groups (more than 10 points)`,
    );
  const proxies = findProxies(input.attribute, input.groups, proxyColumns);
  for (const p of proxies)
    failures.push(
      `${p.feature} is a proxy of ${input.attribute} (${p.measure === 'cramers_v' ? "Cramér's V" : 'correlation ratio'} ${p.association.toFixed(2)} > 0.5)`,
    );
  return {
    attribute: input.attribute,
    groups,
    minSelectionRatio: judged.length ? Math.min(...judged.map((g) => g.selection_ratio)) : 1,
    tprDifference,
    maxCalibrationGap: judged.length ? Math.max(...judged.map((g) => Math.abs(g.calibration_gap))) : 0,
    proxies,
    failures,
    passed: failures.length === 0,
  };
}

/** Numeric attribute values into labelled bands: cuts [30, 61] give "<30", "30-60", ">60" for whole numbers. */
export function bandOf(value: number | null, cuts: number[]): string {
  if (value === null || !Number.isFinite(value)) return '(missing)';
  const k = cuts.findIndex((c) => value < c);
  if (k === 0) return `<${cuts[0]}`;
  if (k === -1) return `>${cuts[cuts.length - 1]! - 1}`;
  return `${cuts[k - 1]}-${cuts[k]! - 1}`;
}
