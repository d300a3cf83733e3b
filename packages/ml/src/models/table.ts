/**
 * Tabular dataset layer: raw rows (CSV / CRM records) -> typed columns that every model shares.
 * Numeric columns hold NaN for missing (NaN, ±Infinity and blanks all count as missing);
 * categorical columns hold level codes with -1 for missing.
 */
export type RawValue = string | number | boolean | null | undefined;
export type RawRow = Record<string, RawValue>;

export type FeatureSpec = { name: string; kind: 'numeric' } | { name: string; kind: 'categorical'; levels: string[] };

export interface TableSchema {
  target: string;
  positive: string;
  features: FeatureSpec[];
  orderBy?: string;
}

export type EncodedColumn = { kind: 'numeric'; values: Float64Array } | { kind: 'categorical'; codes: Int32Array };

export interface Table {
  schema: TableSchema;
  n: number;
  columns: EncodedColumn[];
  /** 1 = positive outcome, 0 = negative; null when the rows carry no target (scoring open leads). */
  y: Uint8Array | null;
  /** Sort key (time or row position): validation uses the newest rows. */
  order: Float64Array;
}

export interface TableOptions {
  target: string;
  positive?: string;
  drop?: string[];
  orderBy?: string;
  /** Categorical columns keep at most this many of their most frequent levels; the rest become OTHER. */
  maxLevels?: number;
  /** Levels seen fewer times than this also become OTHER (too rare to learn from). */
  minLevelCount?: number;
}

export const OTHER = '__other__';
const DEFAULT_MAX_LEVELS = 64;
const MIN_LEVEL_COUNT = 3;
const MISSING_WORDS = new Set([
  '',
  'na',
  'n/a',
  'nan',
  'null',
  'none',
  'inf',
  '-inf',
  'infinity',
  '-infinity',
  '+infinity',
]);

function isMissingWord(s: string): boolean {
  return MISSING_WORDS.has(s.toLowerCase());
}

/** Number or NaN (missing); non-numeric strings return undefined. */
export function parseNumber(v: RawValue): number | undefined {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'boolean') return undefined;
  const s = v.trim();
  if (isMissingWord(s)) return NaN;
  const x = Number(s);
  if (Number.isNaN(x)) return undefined;
  return Number.isFinite(x) ? x : NaN;
}

function textOf(v: RawValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  const s = String(v).trim();
  return s === '' || isMissingWord(s) ? null : s;
}

const POSITIVE_WORDS = ['1', 'yes', 'y', 'true', 'won', 'win', 'converted', 'closed won', 'success'];

function inferPositive(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const w of POSITIVE_WORDS) for (const k of counts.keys()) if (k.toLowerCase() === w) return k;
  // Otherwise the rarer class is the outcome worth predicting (wins are rarer than losses).
  let best = '';
  let bestCount = Infinity;
  for (const [k, c] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    if (c < bestCount) {
      best = k;
      bestCount = c;
    }
  return best;
}

/** Infers numeric vs categorical columns, the positive class and the capped category levels from training rows. */
export function inferSchema(rows: RawRow[], opts: TableOptions): TableSchema {
  const drop = new Set([...(opts.drop ?? []), opts.target, ...(opts.orderBy ? [opts.orderBy] : [])]);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of rows.slice(0, 1000))
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
  const targetValues = rows.map((r) => textOf(r[opts.target])).filter((v): v is string => v !== null);
  const positive = opts.positive ?? inferPositive(targetValues);
  const maxLevels = opts.maxLevels ?? DEFAULT_MAX_LEVELS;
  const features: FeatureSpec[] = [];
  for (const name of names) {
    if (drop.has(name)) continue;
    let numeric = true;
    for (const r of rows)
      if (parseNumber(r[name]) === undefined) {
        numeric = false;
        break;
      }
    if (numeric) {
      features.push({ name, kind: 'numeric' });
      continue;
    }
    const counts = new Map<string, number>();
    for (const r of rows) {
      const t = textOf(r[name]);
      if (t !== null) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const kept = sorted
      .filter(([, c]) => c >= (opts.minLevelCount ?? MIN_LEVEL_COUNT))
      .slice(0, maxLevels)
      .map(([k]) => k);
    if (kept.length < sorted.length) kept.push(OTHER);
    features.push({ name, kind: 'categorical', levels: kept });
  }
  return { target: opts.target, positive, features, ...(opts.orderBy ? { orderBy: opts.orderBy } : {}) };
}

function orderValue(v: RawValue, fallback: number): number {
  const x = parseNumber(v);
  if (x !== undefined && Number.isFinite(x)) return x;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return fallback;
}

/** Encodes rows with a fixed schema: unseen categories map to OTHER when the column has it, else to missing. */
export function encodeRows(rows: RawRow[], schema: TableSchema): Table {
  const n = rows.length;
  const columns: EncodedColumn[] = schema.features.map((f) => {
    if (f.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = parseNumber(rows[i]![f.name]) ?? NaN;
      return { kind: 'numeric', values };
    }
    const index = new Map(f.levels.map((l, i) => [l, i]));
    const other = index.get(OTHER) ?? -1;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const t = textOf(rows[i]![f.name]);
      codes[i] = t === null ? -1 : (index.get(t) ?? other);
    }
    return { kind: 'categorical', codes };
  });
  const hasTarget = rows.some((r) => textOf(r[schema.target]) !== null);
  let y: Uint8Array | null = null;
  if (hasTarget) {
    y = new Uint8Array(n);
    for (let i = 0; i < n; i++) y[i] = textOf(rows[i]![schema.target]) === schema.positive ? 1 : 0;
  }
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = schema.orderBy ? orderValue(rows[i]![schema.orderBy], i) : i;
  return { schema, n, columns, y, order };
}

/** Rows whose target is missing cannot teach anything: they are left out of a training table. */
export function tableFromRows(rows: RawRow[], opts: TableOptions): Table {
  const labelled = rows.filter((r) => textOf(r[opts.target]) !== null);
  return encodeRows(labelled, inferSchema(labelled, opts));
}

/** Subset of rows (in the given order). */
export function takeRows(t: Table, idx: ArrayLike<number>): Table {
  const m = idx.length;
  const columns: EncodedColumn[] = t.columns.map((c) => {
    if (c.kind === 'numeric') {
      const values = new Float64Array(m);
      for (let i = 0; i < m; i++) values[i] = c.values[idx[i]!]!;
      return { kind: 'numeric', values };
    }
    const codes = new Int32Array(m);
    for (let i = 0; i < m; i++) codes[i] = c.codes[idx[i]!]!;
    return { kind: 'categorical', codes };
  });
  let y: Uint8Array | null = null;
  if (t.y) {
    const ty = t.y;
    y = new Uint8Array(m);
    for (let i = 0; i < m; i++) y[i] = ty[idx[i]!]!;
  }
  const order = new Float64Array(m);
  for (let i = 0; i < m; i++) order[i] = t.order[idx[i]!]!;
  return { schema: t.schema, n: m, columns, y, order };
}

/** Row i as a one-row table (views, no copies). */
export function rowOf(t: Table, i: number): Table {
  return {
    schema: t.schema,
    n: 1,
    columns: t.columns.map((c) =>
      c.kind === 'numeric'
        ? { kind: 'numeric', values: c.values.subarray(i, i + 1) }
        : { kind: 'categorical', codes: c.codes.subarray(i, i + 1) },
    ),
    y: null,
    order: t.order.subarray(i, i + 1),
  };
}

/** The value a person would read for feature j of row i (level name, number, or null when missing). */
export function displayValue(t: Table, j: number, i: number): string | number | null {
  const c = t.columns[j]!;
  const f = t.schema.features[j]!;
  if (c.kind === 'numeric') {
    const v = c.values[i]!;
    return Number.isNaN(v) ? null : v;
  }
  const code = c.codes[i]!;
  if (code < 0 || f.kind !== 'categorical') return null;
  const level = f.levels[code] ?? null;
  return level === OTHER ? 'other' : level;
}

export function requireLabels(t: Table): Uint8Array {
  if (!t.y) throw new Error(`table has no target values in column "${t.schema.target}"`);
  return t.y;
}

export function countPositives(y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  return s;
}
