import { autoTrainParallel, type AutoTrainOptions } from './auto-train';
import type { WorkerPool } from '../parallel/pool';
import { encodeRows, inferSchema, type RawRow, type TableOptions } from './table';
import { calibrationCurve, brier, logLoss, type CalibrationBin } from '../metrics/probability';
import { liftAt, prAuc, rocAuc } from '../metrics/ranking';
import type { ModelFamily } from './model';

export interface EvaluateOptions extends TableOptions {
  /** 'time': first 80% of rows (by orderBy, else file order) train, the newest 20% test. 'interleaved': row index % 5 == 4 is test. */
  split?: 'time' | 'interleaved';
  seed?: number;
  /** Rows explained to rank the factors (TreeSHAP costs more than scoring). */
  explainRows?: number;
  /** Keep the test rows and their probabilities in the result (fairness audits, predictions files). */
  keepPredictions?: boolean;
}

export interface FactorImportance {
  feature: string;
  /** Mean absolute contribution (log-odds) over the explained test rows. */
  meanAbsContribution: number;
}

export interface EvaluateResult {
  chosen: ModelFamily;
  reason: string;
  auc: number;
  prAuc: number;
  brier: number;
  liftAt10: number;
  logLoss: number;
  topFactors: FactorImportance[];
  calibration: CalibrationBin[];
  n_train: number;
  n_test: number;
  seconds: number;
  /** With `keepPredictions`: the test rows as given, their labels and probabilities, and the model's input names. */
  predictions?: { rows: RawRow[]; y: Uint8Array; p: Float64Array; features: string[] };
}

/** Backtest of the automatic model choice on one CSV: the engine behind `pipewise score evaluate`. */
export async function evaluateTable(
  rows: RawRow[],
  opts: EvaluateOptions,
  pool: WorkerPool | null = null,
): Promise<EvaluateResult> {
  const t0 = performance.now();
  const split = opts.split ?? 'time';
  const labelled = rows.filter(
    (r) => r[opts.target] !== null && r[opts.target] !== undefined && String(r[opts.target]).trim() !== '',
  );
  let ordered = labelled.map((r, i) => ({ r, i }));
  if (opts.orderBy) {
    const key = (v: unknown) => {
      const x = Number(v);
      return Number.isFinite(x) ? x : Date.parse(String(v)) || 0;
    };
    ordered = ordered.sort((a, b) => key(a.r[opts.orderBy!]) - key(b.r[opts.orderBy!]) || a.i - b.i);
  }
  const cut = Math.floor(ordered.length * 0.8);
  const isTest = (k: number, i: number) => (split === 'time' ? k >= cut : i % 5 === 4);
  const trainRows = ordered.filter((o, k) => !isTest(k, o.i)).map((o) => o.r);
  const testRows = ordered.filter((o, k) => isTest(k, o.i)).map((o) => o.r);
  const schema = inferSchema(trainRows, opts);
  const train = encodeRows(trainRows, schema);
  const test = encodeRows(testRows, schema);
  const trainOpts: AutoTrainOptions = { seed: opts.seed ?? 1, validationOrder: split };
  const scorer = await autoTrainParallel(train, trainOpts, pool);
  const p = scorer.predict(test);
  const y = test.y ?? new Uint8Array(test.n);
  const sums = new Map<string, number>();
  const nExplain = Math.min(test.n, opts.explainRows ?? 200);
  for (let k = 0; k < nExplain; k++) {
    const i = Math.floor((k * test.n) / nExplain);
    for (const f of scorer.model.contributions(test, i).factors)
      sums.set(f.feature, (sums.get(f.feature) ?? 0) + Math.abs(f.contribution) / nExplain);
  }
  const topFactors = [...sums.entries()]
    .map(([feature, v]) => ({ feature, meanAbsContribution: v }))
    .sort((a, b) => b.meanAbsContribution - a.meanAbsContribution)
    .slice(0, 10);
  return {
    chosen: scorer.family,
    reason: scorer.reason,
    auc: rocAuc(y, p),
    prAuc: prAuc(y, p),
    brier: brier(y, p),
    liftAt10: liftAt(y, p, 0.1),
    logLoss: logLoss(y, p),
    topFactors,
    calibration: calibrationCurve(y, p, 10),
    n_train: train.n,
    n_test: test.n,
    seconds: (performance.now() - t0) / 1000,
    ...(opts.keepPredictions
      ? { predictions: { rows: testRows, y, p, features: schema.features.map((f) => f.name) } }
      : {}),
  };
}
