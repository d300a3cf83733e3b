import {
  autoTrainParallel,
  encodeRows,
  inferSchema,
  LeadScorer,
  MIN_OUTCOMES,
  predictProba,
  trainRules,
  type RawRow,
  type ScorerJSON,
} from '@pipewise/ml/models/index';
import { sharedPool } from '@pipewise/ml/parallel/pool';
import {
  brier,
  calibrationCurve,
  confusionAtBestF1,
  cumulativeGains,
  liftAt,
  logLoss,
  prAuc,
  rocAuc,
} from '@pipewise/ml/metrics/index';
import { auditRows, SELECTED_TIERS } from '@pipewise/ml/fairness/audit-rows';
import { ORDER, TARGET, snapshotOf, type Example } from './examples';
import type { ScoringTarget, SensitiveAttributeSetting } from './scoring.schema';

/** Below this validation AUC a model is "not ready to publish". */
export const MIN_AUC = 0.6;
/** Expected calibration error above this is "poor calibration". */
export const MAX_ECE = 0.1;
/** Outcomes of each kind the newest-20% test set needs before its figures mean anything. */
const MIN_TEST_OUTCOMES = 5;

export const EXCLUDED_ATTRIBUTES = [
  'first and last name, email, phone, city, external id (personal identifiers)',
  'marketing and profiling consent, do-not-contact (permissions, not buying signals; contacts who refused profiling are not scored at all)',
  'owner and tags (who works a lead says more about the team than about the lead)',
  'lifecycle stage and customer date (they are the outcome)',
];

/**
 * Boosted trees for the product: one seed and smaller trees (15 leaves, depth 6). Every open lead gets an exact
 * TreeSHAP explanation on every run, whose cost grows with trees x leaves x depth^2; on the demo workspace these
 * trees explain 4-5x faster with the same or better test AUC (leads 0.831 vs 0.825, deals 0.768 vs 0.767).
 */
export const PRODUCT_TRAINING = {
  gbdtBag: 1,
  gbdtReuseValidationFit: false,
  gbdt: { maxLeaves: 15, maxDepth: 6 },
} as const;

const finite = (x: number) => (Number.isFinite(x) ? Math.round(x * 10_000) / 10_000 : null);

export type Metrics = {
  auc: number | null;
  prAuc: number | null;
  brier: number | null;
  logLoss: number | null;
  liftAt10: number | null;
  n: number;
  positives: number;
};

function metrics(y: Uint8Array, p: Float64Array): Metrics {
  const positives = y.reduce((s, v) => s + v, 0);
  const both = positives > 0 && positives < y.length;
  return {
    auc: both ? finite(rocAuc(y, p)) : null,
    prAuc: both ? finite(prAuc(y, p)) : null,
    brier: finite(brier(y, p)),
    logLoss: finite(logLoss(y, p)),
    liftAt10: both ? finite(liftAt(y, p, 0.1)) : null,
    n: y.length,
    positives,
  };
}

/** Expected calibration error: the count-weighted gap between predicted and observed rates over the bins. */
export function expectedCalibrationError(
  bins: { count: number; meanPredicted: number; observedRate: number }[],
): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  if (n === 0) return NaN;
  return bins.reduce((s, b) => (b.count > 0 ? s + (b.count / n) * Math.abs(b.meanPredicted - b.observedRate) : s), 0);
}

/** The gap expected from sampling alone: each bin's observed rate has a standard error of sqrt(p(1-p)/n). */
export function calibrationNoise(bins: { count: number; meanPredicted: number }[]): number {
  const n = bins.reduce((s, b) => s + b.count, 0);
  if (n === 0) return 0;
  return bins.reduce(
    (s, b) =>
      b.count > 0 ? s + (b.count / n) * Math.sqrt(Math.max(0, b.meanPredicted * (1 - b.meanPredicted)) / b.count) : s,
    0,
  );
}

export type TrainResult = {
  scorer: LeadScorer;
  snapshot: ReturnType<typeof snapshotOf>;
  features: string[];
  params: Record<string, unknown>;
  report: Record<string, unknown>;
  card: Record<string, unknown>;
  ready: boolean;
  notReadyReasons: string[];
};

const toRows = (examples: Example[]): RawRow[] =>
  examples.map((e) => ({ ...e.row, [TARGET]: e.outcome ? 'yes' : 'no', [ORDER]: e.observedAt }));

/**
 * Trains a model for a target: an honest report from a model fitted on the older 80% of examples and tested on the
 * newest 20% (time order: the model will score future leads), against the rules baseline and the previous model on
 * the same test rows; then the model that is stored, refitted on every example with the same automatic choice.
 */
export async function trainTarget(
  examples: Example[],
  opts: {
    target: ScoringTarget;
    horizonDays: number;
    now: number;
    seed?: number;
    previous?: { version: number; model: ScorerJSON } | null;
    sensitive?: SensitiveAttributeSetting[];
  },
): Promise<TrainResult> {
  const seed = opts.seed ?? 1;
  const rows = toRows(examples);
  const sensitive = opts.sensitive ?? [];
  // Sensitive attributes stay out of the inputs unless the workspace chose to use one; the audit reads them from the rows.
  const tableOpts = {
    target: TARGET,
    positive: 'yes',
    orderBy: ORDER,
    drop: sensitive.filter((a) => !a.useAsInput).map((a) => a.key),
  };
  const snapshot = snapshotOf(examples, opts.now);
  const notReady: string[] = [];
  if (examples.length === 0)
    throw new Error(
      opts.target === 'deal_won'
        ? 'There are no closed deals yet: close (win or lose) some deals before training'
        : 'There are no contacts whose outcome is known yet: contacts need to be older than the horizon, or have become customers',
    );

  const cut = Math.floor(rows.length * 0.8);
  const trainRows = rows.slice(0, cut);
  const testRows = rows.slice(cut);
  const testPositives = examples.slice(cut).reduce((s, e) => s + e.outcome, 0);
  const testable =
    testPositives >= MIN_TEST_OUTCOMES && testRows.length - testPositives >= MIN_TEST_OUTCOMES && trainRows.length > 0;

  let test: Record<string, unknown> | null = null;
  let baseline: Metrics | null = null;
  let previous: (Metrics & { version: number }) | null = null;
  let ece = NaN;
  let fairness: FairnessReport | null = null;
  if (testable) {
    const schema = inferSchema(trainRows, tableOpts);
    const trainTable = encodeRows(trainRows, schema);
    const testTable = encodeRows(testRows, schema);
    const evalScorer = await autoTrainParallel(
      trainTable,
      { seed, validationOrder: 'time', ...PRODUCT_TRAINING },
      sharedPool(),
    );
    const y = testTable.y!;
    const p = evalScorer.predict(testTable);
    const bins = calibrationCurve(y, p, 10);
    ece = expectedCalibrationError(bins);
    test = {
      ...metrics(y, p),
      family: evalScorer.family,
      calibration: bins.map((b) => ({
        lower: b.lower,
        upper: b.upper,
        count: b.count,
        predicted: finite(b.meanPredicted),
        observed: finite(b.observedRate),
      })),
      ece: finite(ece),
      gains: cumulativeGains(y, p, 20).map((g) => ({
        fraction: finite(g.fraction),
        gain: finite(g.gain),
        lift: g.fraction > 0 ? finite(g.gain / g.fraction) : null,
      })),
      confusion: confusionAtBestF1(y, p),
    };
    baseline = metrics(y, predictProba(trainRules(trainTable), testTable));
    if (opts.previous) {
      const prev = LeadScorer.fromJSON(opts.previous.model);
      previous = { version: opts.previous.version, ...metrics(y, prev.predict(encodeRows(testRows, prev.schema))) };
    }
    const auc = test.auc as number | null;
    if (auc === null || auc < MIN_AUC)
      notReady.push(
        `Validation AUC ${auc === null ? 'n/a' : auc.toFixed(3)} is below ${MIN_AUC}: the model barely ranks better than chance`,
      );
    // On a small test set the bins' observed rates are noisy: the gap must exceed both the limit and twice the noise.
    if (sensitive.length)
      fairness = fairnessReport(
        testRows,
        y,
        p,
        sensitive,
        schema.features.map((f) => f.name),
      );
    const limit = Math.max(MAX_ECE, 2 * calibrationNoise(bins));
    if (Number.isFinite(ece) && ece > limit)
      notReady.push(
        `Calibration is poor: predicted and observed rates differ by ${(ece * 100).toFixed(1)} points on average (limit ${(limit * 100).toFixed(1)} on ${testRows.length} test rows)`,
      );
  } else {
    notReady.push(
      `Too few outcomes to test on: the newest 20% of examples hold ${testPositives} positive and ${testRows.length - testPositives} negative (need ${MIN_TEST_OUTCOMES} of each)`,
    );
  }

  const schema = inferSchema(rows, tableOpts);
  const scorer = await autoTrainParallel(
    encodeRows(rows, schema),
    { seed, validationOrder: 'time', ...PRODUCT_TRAINING },
    sharedPool(),
  );
  const minimum = { positives: MIN_OUTCOMES, negatives: MIN_OUTCOMES };
  const fallback = scorer.family === 'rules' || snapshot.positives < MIN_OUTCOMES || snapshot.negatives < MIN_OUTCOMES;
  const missing = fallback
    ? `A learned model needs at least ${MIN_OUTCOMES} ${positiveWord(opts.target)} and ${MIN_OUTCOMES} ${negativeWord(opts.target)} outcomes; there are ${snapshot.positives} and ${snapshot.negatives} (missing: ${[
        snapshot.positives < MIN_OUTCOMES
          ? `${MIN_OUTCOMES - snapshot.positives} more ${positiveWord(opts.target)}`
          : '',
        snapshot.negatives < MIN_OUTCOMES
          ? `${MIN_OUTCOMES - snapshot.negatives} more ${negativeWord(opts.target)}`
          : '',
      ]
        .filter(Boolean)
        .join(
          ', ',
        )}). Until then Pipewise uses a ${scorer.family === 'rules' ? 'rule-based points model' : 'naive Bayes model'}.`
    : null;
  const features = schema.features.map((f) => f.name);

  const report = {
    target: opts.target,
    chosen: scorer.family,
    reason: scorer.reason,
    warnings: scorer.warnings,
    candidates: scorer.candidates,
    fallback: missing,
    minimum,
    test,
    testWindow: testable
      ? {
          from: new Date(examples[cut]!.observedAt).toISOString(),
          to: new Date(examples.at(-1)!.observedAt).toISOString(),
          rows: testRows.length,
        }
      : null,
    baseline: baseline ? { name: 'rules (points model)', ...baseline } : null,
    previous,
    notReadyReasons: notReady,
    fairness,
  };
  const card = {
    intendedUse:
      opts.target === 'deal_won'
        ? 'Rank open deals by their chance of being won, to decide where to spend selling time.'
        : `Rank open leads by their chance of becoming a customer within ${opts.horizonDays} days, to decide whom to call first.`,
    notFor:
      "Decisions about a person's rights, prices, credit or employment; anything beyond prioritising sales follow-up.",
    data: `${snapshot.examples} ${opts.target === 'deal_won' ? 'closed deals' : 'contacts'} observed ${snapshot.from?.slice(0, 10)} to ${snapshot.to?.slice(0, 10)} (${snapshot.positives} ${positiveWord(opts.target)}, ${snapshot.negatives} ${negativeWord(opts.target)}), from this workspace's contacts, companies, deals and activities; each example's features are computed as of its observation date.`,
    features,
    excludedAttributes: [
      ...EXCLUDED_ATTRIBUTES,
      ...sensitive
        .filter((a) => !a.useAsInput)
        .map((a) => `${a.key} (named sensitive in the workspace's fairness settings)`),
    ],
    fairness: fairness
      ? {
          passed: fairness.passed,
          summary: fairness.attributes.map((a) => `${a.attribute}: ${a.passed ? 'passed' : a.failures.join('; ')}`),
        }
      : {
          passed: null,
          summary: [
            sensitive.length
              ? 'Not audited: too few outcomes in the newest 20%.'
              : 'Not audited: no sensitive attributes named in the scoring settings.',
          ],
        },
    limits: [
      'Company attributes, job title, country and custom fields have no history in the CRM: their current values are used for past examples.',
      `Outcomes are only those already known: ${opts.target === 'deal_won' ? 'deals still open are not used for training' : `contacts younger than ${opts.horizonDays} days count only if they already converted`}.`,
      'Customers change: retrain regularly (weekly by default) and watch the evaluation report.',
      ...(missing ? [missing] : []),
    ],
    evaluation: testable
      ? `Tested on the newest 20% of examples (${testRows.length}), with a model trained on the older 80% only.`
      : 'Not tested: too few outcomes in the newest 20%.',
  };
  const params = {
    seed,
    horizonDays: opts.horizonDays,
    validation: 'time (newest 20%)',
    holdout: 0.2,
    calibration: scorer.calibrator.kind,
    family: scorer.family,
    examples: rows.length,
    gbdtBag: PRODUCT_TRAINING.gbdtBag,
    gbdt: PRODUCT_TRAINING.gbdt,
  };
  return { scorer, snapshot, features, params, report, card, ready: notReady.length === 0, notReadyReasons: notReady };
}

export type FairnessReport = ReturnType<typeof fairnessReport>;

/**
 * The audit of the report model on the newest 20% (docs/fairness.md): tiers at the quartiles of its probabilities,
 * A and B selected, every sensitive attribute per group, every input checked as a proxy. JSON-safe (no NaN).
 */
function fairnessReport(
  testRows: RawRow[],
  y: Uint8Array,
  p: Float64Array,
  sensitive: SensitiveAttributeSetting[],
  features: string[],
) {
  const present = sensitive.filter((a) =>
    testRows.some((r) => r[a.key] !== null && r[a.key] !== undefined && r[a.key] !== ''),
  );
  const missing = sensitive.filter((a) => !present.includes(a)).map((a) => a.key);
  const audit = auditRows({
    rows: testRows,
    y,
    p,
    attributes: present.map((a) => ({ name: a.key, bands: a.bands })),
    features,
  });
  const safe = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null);
  return {
    passed: audit.passed,
    tierCuts: audit.cuts.map(safe),
    selectedTiers: [...SELECTED_TIERS],
    missing,
    attributes: audit.attributes.map((a) => ({
      attribute: a.attribute,
      passed: a.passed,
      failures: a.failures,
      minSelectionRatio: safe(a.minSelectionRatio),
      tprDifference: safe(a.tprDifference),
      maxCalibrationGap: safe(a.maxCalibrationGap),
      proxies: a.proxies.map((x) => ({ ...x, association: safe(x.association) })),
      groups: a.groups.map((g) => ({
        group: g.group,
        n: g.n,
        positives: g.positives,
        selectionRate: safe(g.selection_rate),
        selectionRatio: safe(g.selection_ratio),
        tpr: safe(g.tpr),
        tprDifference: safe(g.tpr_difference),
        meanProbability: safe(g.mean_probability),
        positiveRate: safe(g.positive_rate),
        judged: g.judged,
      })),
    })),
  };
}

const positiveWord = (t: ScoringTarget) => (t === 'deal_won' ? 'won' : 'converted');
const negativeWord = (t: ScoringTarget) => (t === 'deal_won' ? 'lost' : 'not converted');
