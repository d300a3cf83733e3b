import { auditAttribute, bandOf, type AttributeAudit, type GroupFigures, type ProxyColumn } from './fairness';

type Cell = string | number | boolean | null | undefined;
export const TIER_NAMES = ['A', 'B', 'C', 'D'] as const;
/** The tiers a rep is asked to act on: the top half. */
export const SELECTED_TIERS: readonly string[] = ['A', 'B'];

/** A sensitive attribute: a column, and for numbers the band cut points (e.g. age [30, 61] -> <30, 30-60, >60). */
export interface SensitiveAttribute {
  name: string;
  bands?: number[];
}

/** Quartile cut points of the probabilities, highest first (as the scoring module cuts tiers A-D). */
export function quartileCuts(p: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(p).sort();
  if (sorted.length === 0) return [1, 1, 1];
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!;
  return [q(0.75), q(0.5), q(0.25)];
}
/**
 * Tiers by rank, as a full scoring run gives them: exactly a quarter each even when many rows share a probability (a
 * calibrated model is often a step function), ties split in row order.
 */
export function rankTiers(p: ArrayLike<number>): string[] {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
  const out = new Array<string>(n);
  order.forEach((i, rank) => (out[i] = TIER_NAMES[Math.min(3, Math.floor((rank * 4) / n))]!));
  return out;
}

export function tierAt(p: number, cuts: number[]): string {
  for (let i = 0; i < cuts.length; i++) if (p >= cuts[i]!) return TIER_NAMES[i]!;
  return 'D';
}

const numberOf = (v: Cell): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const isMissing = (v: Cell) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** The group label of each row for an attribute: its band for numbers with cut points, else its value. */
export function groupsOf(rows: Record<string, Cell>[], attr: SensitiveAttribute): string[] {
  return rows.map((r) => {
    const v = r[attr.name];
    if (attr.bands?.length) return bandOf(numberOf(v), attr.bands);
    return isMissing(v) ? '(missing)' : String(v);
  });
}

/**
 * Model inputs as proxy candidates: numbers when at least 90% of the present values parse; categories keep their
 * 20 most frequent values (the rest as one "other"), since Cramér's V of a many-valued column is inflated by chance.
 */
export function proxyColumns(rows: Record<string, Cell>[], features: string[]): ProxyColumn[] {
  const out: ProxyColumn[] = [];
  for (const feature of features) {
    const values = rows.map((r) => r[feature]);
    const present = values.filter((v) => !isMissing(v));
    if (present.length === 0) continue;
    const numeric = present.filter((v) => numberOf(v) !== null).length >= 0.9 * present.length;
    if (numeric) {
      out.push({ feature, kind: 'numeric', values: Float64Array.from(values, (v) => numberOf(v) ?? NaN) });
      continue;
    }
    const counts = new Map<string, number>();
    for (const v of values) {
      const k = isMissing(v) ? '(missing)' : String(v);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const kept = new Set(
      [...counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([k]) => k),
    );
    out.push({
      feature,
      kind: 'categorical',
      values: values.map((v) => {
        const k = isMissing(v) ? '(missing)' : String(v);
        return kept.has(k) ? k : '(other)';
      }),
    });
  }
  return out;
}

export interface RowsAudit {
  cuts: number[];
  tiers: string[];
  selected: Uint8Array;
  attributes: AttributeAudit[];
  /** One entry per attribute and group (the `--json` of `score evaluate --audit`). */
  entries: GroupFigures[];
  passed: boolean;
}

/**
 * The fairness audit of scored rows: tiers by rank in quarters, as a full scoring run cuts them (or at given cut-offs),
 * selected = tiers A and B, every attribute audited, every model input checked as a proxy of each attribute.
 */
export function auditRows(input: {
  rows: Record<string, Cell>[];
  y: ArrayLike<number>;
  p: ArrayLike<number>;
  attributes: SensitiveAttribute[];
  features: string[];
  cuts?: number[];
}): RowsAudit {
  const cuts = input.cuts ?? quartileCuts(input.p);
  const tiers = input.cuts ? Array.from(input.p, (p) => tierAt(p, cuts)) : rankTiers(input.p);
  const selected = Uint8Array.from(tiers, (t) => (SELECTED_TIERS.includes(t) ? 1 : 0));
  const attributes = input.attributes.map((attr) => {
    const groups = groupsOf(input.rows, attr);
    const candidates = proxyColumns(
      input.rows,
      input.features.filter((f) => f !== attr.name),
    );
    return auditAttribute({ attribute: attr.name, groups, y: input.y, p: input.p, selected }, candidates);
  });
  return {
    cuts,
    tiers,
    selected,
    attributes,
    entries: attributes.flatMap((a) => a.groups),
    passed: attributes.every((a) => a.passed),
  };
}
