import Papa from 'papaparse';
import { evaluateTable, type EvaluateResult, type RawRow } from '@pipewise/ml/models/index';
import { sharedPool } from '@pipewise/ml/parallel/pool';
import { AppError } from '../../platform/errors';

export type CsvEvaluateOptions = { target: string; positive?: string; negative?: string[]; drop?: string[]; split?: 'time' | 'interleaved'; seed?: number };
/** Rows left out because their outcome is not known yet (open deals, blank target), by target value. */
export type Excluded = { rows: number; values: Record<string, number> };

/**
 * Target values that name an outcome still open or unknown (a pipeline export's "Engaging", "Prospecting", "Open"):
 * not a loss, so such rows are left out of training and testing rather than counted as negatives.
 */
const OPEN_VALUE = /^(open|opened|engaging|engaged|prospect|prospecting|pending|in ?progress|ongoing|active|new|qualif\w*|negotiat\w*|proposal|discovery|unknown|n\/?a|tbd|undecided|\?)$/i;

/**
 * `pipewise score evaluate --csv`: the same automatic model choice as in a workspace, on any CSV (delimiter detected),
 * outside any workspace. Rows are in file order; `time` tests on the last 20%, `interleaved` on every fifth row.
 */
export async function evaluateCsv(text: string, opts: CsvEvaluateOptions): Promise<EvaluateResult & { excluded: Excluded }> {
  const parsed = Papa.parse<RawRow>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  let rows = parsed.data;
  const columns = parsed.meta.fields ?? [];
  if (rows.length === 0) throw new AppError('validation', 'The CSV file has no data rows');
  if (!columns.includes(opts.target)) throw new AppError('validation', `No column "${opts.target}" in the file (columns: ${columns.slice(0, 30).join(', ')})`, { field: 'target' });
  const unknownDrops = (opts.drop ?? []).filter((d) => !columns.includes(d));
  if (unknownDrops.length) throw new AppError('validation', `Cannot drop unknown column(s): ${unknownDrops.join(', ')}`, { field: 'drop' });
  const valueOf = (r: RawRow) => String(r[opts.target] ?? '').trim();
  if (opts.negative?.length) {
    const missing = opts.negative.filter((v) => !rows.some((r) => valueOf(r) === v));
    if (missing.length) throw new AppError('validation', `The target column has no value ${missing.map((m) => `"${m}"`).join(', ')}`, { field: 'negative' });
  }
  // Outcomes still open (or blank) are neither wins nor losses: leave those rows out, and say how many.
  const known = (v: string) => v !== '' && (opts.negative?.length ? v === opts.positive || opts.negative.includes(v) : v === opts.positive || !OPEN_VALUE.test(v));
  const excluded: Excluded = { rows: 0, values: {} };
  rows = rows.filter((r) => {
    const v = valueOf(r);
    if (known(v)) return true;
    excluded.rows++;
    excluded.values[v || '(blank)'] = (excluded.values[v || '(blank)'] ?? 0) + 1;
    return false;
  });
  const values = new Set(rows.map(valueOf));
  if (values.size < 2) throw new AppError('validation', `The target column "${opts.target}" has ${values.size === 0 ? 'no values' : `only one value ("${[...values][0]}")`}: there is nothing to predict`, { field: 'target' });
  if (opts.positive !== undefined && !values.has(opts.positive)) throw new AppError('validation', `The target column has no value "${opts.positive}" (values: ${[...values].slice(0, 10).join(', ')})`, { field: 'positive' });
  if (values.size > 2 && opts.positive === undefined) throw new AppError('validation', `The target column has ${values.size} values: say which one is the positive outcome with --positive`, { field: 'positive' });
  if (values.size > 2 && opts.positive !== undefined && !opts.negative?.length) {
    throw new AppError('validation', `The target column has ${values.size} values (${[...values].slice(0, 10).join(', ')}): say which are losses with --negative (the other rows are left out as not known yet)`, { field: 'negative' });
  }
  const result = await evaluateTable(rows, { target: opts.target, positive: opts.positive, drop: opts.drop, split: opts.split ?? 'time', seed: opts.seed ?? 1 }, sharedPool());
  return { ...result, excluded };
}

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** The evaluation as a person reads it in a terminal. */
export function formatEvaluation(r: EvaluateResult & { excluded?: Excluded }, file: string): string {
  const ex = r.excluded && r.excluded.rows > 0
    ? [`Left out ${r.excluded.rows} rows whose outcome is not known yet (${Object.entries(r.excluded.values).map(([v, n]) => `${v}: ${n}`).join(', ')})`]
    : [];
  return [
    `${file}: ${r.n_train} rows trained, ${r.n_test} tested (${r.seconds.toFixed(1)} s)`,
    ...ex,
    `Chosen model: ${r.chosen}`,
    `AUC ${f(r.auc)}   PR AUC ${f(r.prAuc)}   Brier ${f(r.brier)}   log-loss ${f(r.logLoss)}   lift@10% ${f(r.liftAt10, 2)}`,
    'Top factors (mean |contribution| in log-odds):',
    ...r.topFactors.slice(0, 10).map((t, i) => `  ${String(i + 1).padStart(2)}. ${t.feature.padEnd(28)} ${t.meanAbsContribution.toFixed(3)}`),
    'Why this model:',
    `  ${r.reason}`,
  ].join('\n');
}
