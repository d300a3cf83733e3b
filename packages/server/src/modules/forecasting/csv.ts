import Papa from 'papaparse';
import { AppError } from '../../platform/errors';
import { addPeriods, grains, periodStart, type Grain } from './periods';
import { buildSeries, forecastSeries, type DatedValue, type Series } from './series';

const DAY = 86_400_000;

/** ISO dates (with or without time), 'YYYY-MM' months, 'YYYY/MM/DD'; anything else Date.parse understands. */
export function parseDate(raw: string): Date | null {
  const s = raw.trim();
  if (!s) return null;
  let m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCDate() === Number(m[3]) ? d : null;
  }
  if (/^\d+(\.\d+)?$/.test(s)) return null; // a bare number is a value, not a date
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
}

/** '1,234.50', '$99', '-12', '(12)' → numbers; empty or 'NA' → null. */
export function parseNumber(raw: string): number | null {
  let s = raw.trim().replace(/[$€£\s,]/g, '');
  if (/^\(.*\)$/.test(s)) s = `-${s.slice(1, -1)}`;
  if (!s || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export type CsvSeries = {
  dateColumn: string;
  valueColumn: string;
  grain: Grain;
  rows: number;
  series: Series;
  warnings: string[];
};

/**
 * A user's own series file: picks the date and value columns (or uses the ones named), sorts rows that are out of
 * order, sums duplicated dates and per-period values, and leaves out a last period the file only partly covers.
 */
export function seriesFromCsv(text: string, opts: { date?: string; value?: string; grain?: Grain } = {}): CsvSeries {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
  });
  const headers = (parsed.meta.fields ?? []).filter((h) => h !== '');
  const rows = parsed.data;
  if (!headers.length || !rows.length)
    throw new AppError('validation', 'The file has no header row or no data rows', { field: 'csv' });
  const share = (col: string, ok: (v: string) => boolean) => rows.filter((r) => ok(r[col] ?? '')).length / rows.length;
  const pick = (name: string | undefined, field: string, guess: () => string | undefined) => {
    if (name !== undefined) {
      if (!headers.includes(name))
        throw new AppError('validation', `No column "${name}" in the file (columns: ${headers.join(', ')})`, { field });
      return name;
    }
    const g = guess();
    if (!g)
      throw new AppError(
        'validation',
        `Could not tell which column holds the ${field}s: name it with --${field} (columns: ${headers.join(', ')})`,
        { field },
      );
    return g;
  };
  const dateColumn = pick(opts.date, 'date', () => headers.find((h) => share(h, (v) => parseDate(v) !== null) >= 0.8));
  const valueColumn = pick(opts.value, 'value', () => guessValueColumn(headers, dateColumn, rows, share));

  const warnings: string[] = [];
  const points: DatedValue[] = [];
  let badDates = 0;
  let gaps = 0;
  let outOfOrder = false;
  const seen = new Set<number>();
  let duplicates = 0;
  for (const r of rows) {
    const at = parseDate(r[dateColumn] ?? '');
    if (!at) {
      badDates++;
      continue;
    }
    const value = parseNumber(r[valueColumn] ?? '');
    if (value === null) {
      gaps++; // an empty or non-numeric value is a gap: the period is still counted if another row has a value
      continue;
    }
    const last = points[points.length - 1];
    if (last && at.getTime() < last.at.getTime()) outOfOrder = true;
    if (seen.has(at.getTime())) duplicates++;
    seen.add(at.getTime());
    points.push({ at, value });
  }
  if (badDates) warnings.push(`${badDates} row(s) had no readable date in "${dateColumn}" and were skipped.`);
  if (gaps) warnings.push(`${gaps} row(s) had no number in "${valueColumn}" (empty, NA or text) and were skipped.`);
  if (outOfOrder) warnings.push('The rows were not in date order; they were sorted.');
  if (duplicates) warnings.push(`${duplicates} date(s) appeared more than once; their values were added together.`);
  if (!points.length)
    throw new AppError('validation', `No row has both a date in "${dateColumn}" and a number in "${valueColumn}"`, {
      field: 'value',
    });
  points.sort((a, b) => a.at.getTime() - b.at.getTime());

  const step = medianStepDays(points);
  const grain =
    opts.grain ?? (step === null || step <= 1.5 ? 'day' : step <= 8 ? 'week' : step <= 45 ? 'month' : 'quarter');
  if (!grains.includes(grain))
    throw new AppError('validation', `by must be one of ${grains.join(', ')}`, { field: 'by' });
  // The file ends partway through its last period when another row of the file's own step would still fall inside it
  // (a file with a single date has no step: its period is taken as complete).
  const lastAt = points[points.length - 1]!.at;
  const partial =
    step !== null &&
    new Date(lastAt.getTime() + Math.max(1, Math.round(step)) * DAY) < addPeriods(periodStart(lastAt, grain), grain, 1);
  const series = buildSeries(points, grain, lastAt, { dropCurrent: partial });
  if (partial)
    series.notes[series.notes.length - 1] =
      `The file stops partway through its last ${grain} (from ${series.current?.period}), so that ${grain} is shown but not used for training.`;
  return { dateColumn, valueColumn, grain, rows: rows.length, series, warnings };
}

const AMOUNT_LIKE =
  /sales|revenue|amount|value|total|price|turnover|income|spend|qty|quantity|units|orders|volume|demand|count/i;
const ID_LIKE =
  /(^|[^a-z])(id|no|nr|num|number|code|key|store|shop|branch|dept|department|sku|zip|postcode|year|month|week|day|flag)s?$/i;

/**
 * The column to forecast when none is named: a numeric column whose name says amount (Sales, Revenue, Weekly_Sales,
 * Amount…); failing that, the only numeric column that is not an id or a code (Store, Dept, Customer ID). More than
 * one such column is a question, not a guess.
 */
function guessValueColumn(
  headers: string[],
  dateColumn: string,
  rows: Record<string, string>[],
  share: (c: string, ok: (v: string) => boolean) => number,
) {
  const numeric = headers.filter((h) => h !== dateColumn && share(h, (v) => parseNumber(v) !== null) >= 0.5);
  const amountLike = numeric.filter((h) => AMOUNT_LIKE.test(h) && !ID_LIKE.test(h));
  if (amountLike.length === 1 || (amountLike.length > 1 && amountLike.every((h) => h === amountLike[0])))
    return amountLike[0];
  if (amountLike.length > 1) {
    throw new AppError(
      'validation',
      `Several columns could be the amount to forecast (${amountLike.join(', ')}): name one with --value`,
      { field: 'value' },
    );
  }
  if (numeric.length === 1) return numeric[0];
  const plain = numeric.filter((h) => !ID_LIKE.test(h) && !looksLikeIds(rows.map((r) => r[h] ?? '')));
  if (plain.length === 1) return plain[0];
  if (numeric.length) {
    throw new AppError(
      'validation',
      `Could not tell which column holds the amount to forecast (numeric columns: ${numeric.join(', ')}; ${numeric.filter((h) => !plain.includes(h)).join(', ') || 'none'} look like ids): name it with --value`,
      { field: 'value' },
    );
  }
  return undefined;
}

/** Whole numbers that repeat a few values (store 1..45 over thousands of rows) or count rows 1, 2, 3…: ids. */
function looksLikeIds(values: string[]): boolean {
  const nums = values.map(parseNumber).filter((n): n is number => n !== null);
  if (nums.length < 10 || nums.some((n) => !Number.isInteger(n))) return false;
  const sequence = nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1);
  return sequence || new Set(nums).size <= Math.sqrt(nums.length);
}

function medianStepDays(points: readonly DatedValue[]): number | null {
  const steps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const d = (points[i]!.at.getTime() - points[i - 1]!.at.getTime()) / DAY;
    if (d > 0) steps.push(d);
  }
  if (!steps.length) return null;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

/** Shared by the API and `pipewise forecast --csv`. */
export function csvForecast(text: string, o: { date?: string; value?: string; by?: Grain; horizon?: number }) {
  const parsed = seriesFromCsv(text, { date: o.date, value: o.value, grain: o.by });
  const horizon = o.horizon ?? { day: 28, week: 13, month: 6, quarter: 4 }[parsed.grain];
  const f = forecastSeries(parsed.series, parsed.grain, horizon);
  return {
    dateColumn: parsed.dateColumn,
    valueColumn: parsed.valueColumn,
    grain: parsed.grain,
    horizon,
    rows: parsed.rows,
    history: parsed.series.periods.map((period, i) => ({ period, value: parsed.series.values[i]! })),
    current: parsed.series.current ? { ...parsed.series.current, partial: true } : null,
    forecast: f.points,
    method: f.method,
    reason: f.reason,
    warnings: [...parsed.warnings, ...parsed.series.warnings, ...f.warnings],
    notes: parsed.series.notes,
  };
}
