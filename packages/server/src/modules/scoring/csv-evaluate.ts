import Papa from 'papaparse';
import { evaluateTable, type EvaluateResult, type RawRow } from '@pipewise/ml/models/index';
import { sharedPool } from '@pipewise/ml/parallel/pool';
import { AppError } from '../../platform/errors';

export type CsvEvaluateOptions = { target: string; positive?: string; drop?: string[]; split?: 'time' | 'interleaved'; seed?: number };

/**
 * `pipewise score evaluate --csv`: the same automatic model choice as in a workspace, on any CSV (delimiter detected),
 * outside any workspace. Rows are in file order; `time` tests on the last 20%, `interleaved` on every fifth row.
 */
export async function evaluateCsv(text: string, opts: CsvEvaluateOptions): Promise<EvaluateResult> {
  const parsed = Papa.parse<RawRow>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
  const rows = parsed.data;
  const columns = parsed.meta.fields ?? [];
  if (rows.length === 0) throw new AppError('validation', 'The CSV file has no data rows');
  if (!columns.includes(opts.target)) throw new AppError('validation', `No column "${opts.target}" in the file (columns: ${columns.slice(0, 30).join(', ')})`, { field: 'target' });
  const unknownDrops = (opts.drop ?? []).filter((d) => !columns.includes(d));
  if (unknownDrops.length) throw new AppError('validation', `Cannot drop unknown column(s): ${unknownDrops.join(', ')}`, { field: 'drop' });
  const values = new Set(rows.map((r) => String(r[opts.target] ?? '').trim()).filter((v) => v !== ''));
  if (values.size < 2) throw new AppError('validation', `The target column "${opts.target}" has ${values.size === 0 ? 'no values' : `only one value ("${[...values][0]}")`}: there is nothing to predict`, { field: 'target' });
  if (opts.positive !== undefined && !values.has(opts.positive)) throw new AppError('validation', `The target column has no value "${opts.positive}" (values: ${[...values].slice(0, 10).join(', ')})`, { field: 'positive' });
  if (values.size > 2 && opts.positive === undefined) throw new AppError('validation', `The target column has ${values.size} values: say which one is the positive outcome with --positive`, { field: 'positive' });
  return evaluateTable(rows, { target: opts.target, positive: opts.positive, drop: opts.drop, split: opts.split ?? 'time', seed: opts.seed ?? 1 }, sharedPool());
}

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** The evaluation as a person reads it in a terminal. */
export function formatEvaluation(r: EvaluateResult, file: string): string {
  return [
    `${file}: ${r.n_train} rows trained, ${r.n_test} tested (${r.seconds.toFixed(1)} s)`,
    `Chosen model: ${r.chosen}`,
    `AUC ${f(r.auc)}   PR AUC ${f(r.prAuc)}   Brier ${f(r.brier)}   log-loss ${f(r.logLoss)}   lift@10% ${f(r.liftAt10, 2)}`,
    'Top factors (mean |contribution| in log-odds):',
    ...r.topFactors.slice(0, 10).map((t, i) => `  ${String(i + 1).padStart(2)}. ${t.feature.padEnd(28)} ${t.meanAbsContribution.toFixed(3)}`),
    'Why this model:',
    `  ${r.reason}`,
  ].join('\n');
}
