import Papa from 'papaparse';
import { evaluateTable, type EvaluateResult, type RawRow } from '@pipewise/ml/models/index';
import { sharedPool } from '@pipewise/ml/parallel/pool';
import { auditRows, type SensitiveAttribute } from '@pipewise/ml/fairness/audit-rows';
import type { AttributeAudit, GroupFigures } from '@pipewise/ml/fairness/fairness';
import { AppError } from '../../platform/errors';

export type CsvEvaluateOptions = {
  target: string;
  positive?: string;
  negative?: string[];
  drop?: string[];
  split?: 'time' | 'interleaved';
  seed?: number;
  /** Sensitive attributes to audit; they are left out of the model's inputs, as in a workspace. */
  audit?: SensitiveAttribute[];
};
export type CsvAudit = {
  /** One entry per attribute and group. */
  groups: GroupFigures[];
  attributes: Omit<AttributeAudit, 'groups'>[];
  tierCuts: number[];
  selectedTiers: string[];
  passed: boolean;
};
export type CsvEvaluation = Omit<EvaluateResult, 'predictions'> & {
  excluded: Excluded;
  audit?: CsvAudit;
  predictionRows?: Record<string, string | number>[];
};

/** `--bands age=30,61;income=20000,50000`: numeric attributes cut into bands (<30, 30-60, >60). */
export function parseBands(raw: string | undefined): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const part of (raw ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, cuts] = part.split('=');
    const values = (cuts ?? '').split(',').map((c) => Number(c.trim()));
    if (
      !name?.trim() ||
      values.length === 0 ||
      values.some((v) => !Number.isFinite(v)) ||
      values.some((v, i) => i > 0 && v <= values[i - 1]!)
    ) {
      throw new AppError('validation', `--bands must look like "age=30,61" (increasing numbers; got "${part}")`, {
        field: 'bands',
      });
    }
    out[name.trim()] = values;
  }
  return out;
}
/** Rows left out because their outcome is not known yet (open deals, blank target), by target value. */
export type Excluded = { rows: number; values: Record<string, number> };

/**
 * Target values that name an outcome still open or unknown (a pipeline export's "Engaging", "Prospecting", "Open"):
 * not a loss, so such rows are left out of training and testing rather than counted as negatives.
 */
const OPEN_VALUE =
  /^(open|opened|engaging|engaged|prospect|prospecting|pending|in ?progress|ongoing|active|new|qualif\w*|negotiat\w*|proposal|discovery|unknown|n\/?a|tbd|undecided|\?)$/i;

/**
 * `pipewise score evaluate --csv`: the same automatic model choice as in a workspace, on any CSV (delimiter detected),
 * outside any workspace. Rows are in file order; `time` tests on the last 20%, `interleaved` on every fifth row.
 */
export async function evaluateCsv(text: string, opts: CsvEvaluateOptions): Promise<CsvEvaluation> {
  const parsed = Papa.parse<RawRow>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
  });
  let rows = parsed.data;
  const columns = parsed.meta.fields ?? [];
  if (rows.length === 0) throw new AppError('validation', 'The CSV file has no data rows');
  if (!columns.includes(opts.target))
    throw new AppError(
      'validation',
      `No column "${opts.target}" in the file (columns: ${columns.slice(0, 30).join(', ')})`,
      { field: 'target' },
    );
  const unknownDrops = (opts.drop ?? []).filter((d) => !columns.includes(d));
  if (unknownDrops.length)
    throw new AppError('validation', `Cannot drop unknown column(s): ${unknownDrops.join(', ')}`, { field: 'drop' });
  const valueOf = (r: RawRow) => String(r[opts.target] ?? '').trim();
  if (opts.negative?.length) {
    const missing = opts.negative.filter((v) => !rows.some((r) => valueOf(r) === v));
    if (missing.length)
      throw new AppError('validation', `The target column has no value ${missing.map((m) => `"${m}"`).join(', ')}`, {
        field: 'negative',
      });
  }
  // Outcomes still open (or blank) are neither wins nor losses: leave those rows out, and say how many.
  const known = (v: string) =>
    v !== '' &&
    (opts.negative?.length
      ? v === opts.positive || opts.negative.includes(v)
      : v === opts.positive || !OPEN_VALUE.test(v));
  const excluded: Excluded = { rows: 0, values: {} };
  rows = rows.filter((r) => {
    const v = valueOf(r);
    if (known(v)) return true;
    excluded.rows++;
    excluded.values[v || '(blank)'] = (excluded.values[v || '(blank)'] ?? 0) + 1;
    return false;
  });
  const values = new Set(rows.map(valueOf));
  if (values.size < 2)
    throw new AppError(
      'validation',
      `The target column "${opts.target}" has ${values.size === 0 ? 'no values' : `only one value ("${[...values][0]}")`}: there is nothing to predict`,
      { field: 'target' },
    );
  if (opts.positive !== undefined && !values.has(opts.positive))
    throw new AppError(
      'validation',
      `The target column has no value "${opts.positive}" (values: ${[...values].slice(0, 10).join(', ')})`,
      { field: 'positive' },
    );
  if (values.size > 2 && opts.positive === undefined)
    throw new AppError(
      'validation',
      `The target column has ${values.size} values: say which one is the positive outcome with --positive`,
      { field: 'positive' },
    );
  if (values.size > 2 && opts.positive !== undefined && !opts.negative?.length) {
    throw new AppError(
      'validation',
      `The target column has ${values.size} values (${[...values].slice(0, 10).join(', ')}): say which are losses with --negative (the other rows are left out as not known yet)`,
      { field: 'negative' },
    );
  }
  const audited = opts.audit ?? [];
  const unknownAudit = audited.filter((a) => !columns.includes(a.name)).map((a) => a.name);
  if (unknownAudit.length)
    throw new AppError('validation', `Cannot audit unknown column(s): ${unknownAudit.join(', ')}`, { field: 'audit' });
  if (audited.some((a) => a.name === opts.target))
    throw new AppError('validation', 'The target column cannot be audited as a sensitive attribute', {
      field: 'audit',
    });
  const drop = [...new Set([...(opts.drop ?? []), ...audited.map((a) => a.name)])];
  const result = await evaluateTable(
    rows,
    {
      target: opts.target,
      positive: opts.positive,
      drop,
      split: opts.split ?? 'time',
      seed: opts.seed ?? 1,
      keepPredictions: audited.length > 0,
    },
    sharedPool(),
  );
  const { predictions, ...figures } = result;
  if (!predictions) return { ...figures, excluded };
  const audit = auditRows({
    rows: predictions.rows,
    y: predictions.y,
    p: predictions.p,
    attributes: audited,
    features: predictions.features,
  });
  const predictionRows = predictions.rows.map((r, i) => ({
    ...Object.fromEntries(audited.map((a) => [a.name, String(r[a.name] ?? '')])),
    actual: predictions.y[i]!,
    probability: predictions.p[i]!,
    tier: audit.tiers[i]!,
    selected: audit.selected[i]!,
  }));
  return {
    ...figures,
    excluded,
    audit: {
      groups: audit.entries,
      attributes: audit.attributes.map(({ groups: _g, ...rest }) => rest),
      tierCuts: audit.cuts,
      selectedTiers: ['A', 'B'],
      passed: audit.passed,
    },
    predictionRows,
  };
}

/** The predictions file: one row per test row with the audited columns, actual, probability, tier and selected. */
export const predictionsCsv = (rows: Record<string, string | number>[]) => Papa.unparse(rows, { newline: '\n' });

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** The evaluation as a person reads it in a terminal. */
export function formatEvaluation(r: CsvEvaluation, file: string): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
  const audit = r.audit
    ? [
        `Fairness audit (tiers A-B selected; cut-offs ${r.audit.tierCuts.map((c) => c.toFixed(3)).join(' / ')}): ${r.audit.passed ? 'passed' : 'FAILED'}`,
        ...r.audit.attributes.flatMap((a) => [
          `  ${a.attribute}: lowest selection ratio ${pct(a.minSelectionRatio)}, TPR gap ${pct(a.tprDifference)}, largest calibration gap ${pct(a.maxCalibrationGap)}`,
          ...r
            .audit!.groups.filter((g) => g.attribute === a.attribute)
            .map(
              (g) =>
                `    ${g.group.padEnd(16)} n ${String(g.n).padStart(6)}  selected ${pct(g.selection_rate).padStart(6)}  ratio ${pct(g.selection_ratio).padStart(6)}  TPR ${pct(g.tpr).padStart(6)}  predicted ${pct(g.mean_probability).padStart(6)}  observed ${pct(g.positive_rate).padStart(6)}${g.judged ? '' : '  (too small to judge)'}`,
            ),
          ...a.failures.map((f) => `    ! ${f}`),
        ]),
      ]
    : [];
  const ex =
    r.excluded && r.excluded.rows > 0
      ? [
          `Left out ${r.excluded.rows} rows whose outcome is not known yet (${Object.entries(r.excluded.values)
            .map(([v, n]) => `${v}: ${n}`)
            .join(', ')})`,
        ]
      : [];
  return [
    `${file}: ${r.n_train} rows trained, ${r.n_test} tested (${r.seconds.toFixed(1)} s)`,
    ...ex,
    `Chosen model: ${r.chosen}`,
    `AUC ${f(r.auc)}   PR AUC ${f(r.prAuc)}   Brier ${f(r.brier)}   log-loss ${f(r.logLoss)}   lift@10% ${f(r.liftAt10, 2)}`,
    'Top factors (mean |contribution| in log-odds):',
    ...r.topFactors
      .slice(0, 10)
      .map((t, i) => `  ${String(i + 1).padStart(2)}. ${t.feature.padEnd(28)} ${t.meanAbsContribution.toFixed(3)}`),
    'Why this model:',
    `  ${r.reason}`,
    ...audit,
  ].join('\n');
}
