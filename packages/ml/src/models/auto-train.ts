import { BlendModel } from './blend';
import { fitBlendWeights } from './blend-weights';
import { calibrateAll, chooseCalibrator, fitPlatt, type Calibrator } from './calibration';
import { fitBinMappers, type BinMapper } from './gbdt/binning';
import { averageGbdt, firstTrees, GbdtModel } from './gbdt/gbdt-model';
import { trainGbdt, type GbdtParams } from './gbdt/train-gbdt';
import { trainLogistic } from './logistic';
import type { ModelFamily, ScoringModel } from './model';
import { trainNaiveBayes, type NaiveBayesModel } from './naive-bayes';
import { createRng } from './random';
import { trainRules, type PointsRule } from './rules';
import { LeadScorer, type CandidateReport } from './scorer';
import { modelFromJSON } from './serialize';
import { countPositives, takeRows, type Table } from './table';
import { brier, logLoss } from '../metrics/probability';
import type { WorkerPool } from '../parallel/pool';
import { fitFamily, type FamilyFit } from '../parallel/tasks';
import { rocAuc } from '../metrics/ranking';

/** A learned model needs at least this many rows of each outcome. */
export const MIN_OUTCOMES = 40;
/** Below MIN_OUTCOMES, naive Bayes still beats fixed rules once each outcome has this many rows. */
export const MIN_OUTCOMES_NAIVE_BAYES = 5;

export interface AutoTrainOptions {
  seed?: number;
  /**
   * 'time': validate on the newest 20% of rows (by the table's order), as a model is used on future leads.
   * 'interleaved': validate on every fifth row in order (when the test rows are spread through time).
   */
  validationOrder?: 'time' | 'interleaved';
  /** Families to try (default: all learned ones plus their blend). */
  candidates?: Exclude<ModelFamily, 'rules'>[];
  /** Points rules for the rules model (default: rules guessed from column names). */
  rules?: PointsRule[];
  gbdt?: Partial<GbdtParams>;
  /** Boosted refits on all rows (different seeds), averaged (default 1). */
  gbdtBag?: number;
  /**
   * Also average in the early-stopping fit's model (default true): two averaged models halve the seed-to-seed
   * wobble of AUC, and this one is already trained. Off where explanation time matters more (twice the trees).
   */
  gbdtReuseValidationFit?: boolean;
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Row indices in the table's time order (ties by row). */
const rowsByOrder = (t: Table): number[] =>
  Array.from({ length: t.n }, (_, i) => i).sort((a, b) => t.order[a]! - t.order[b]! || a - b);

function splitValidation(t: Table, how: 'time' | 'interleaved'): { fit: number[]; valid: number[] } {
  const byOrder = rowsByOrder(t);
  if (how === 'interleaved')
    return { fit: byOrder.filter((_, k) => k % 5 !== 4), valid: byOrder.filter((_, k) => k % 5 === 4) };
  const cut = Math.floor(t.n * 0.8);
  return { fit: byOrder.slice(0, cut), valid: byOrder.slice(cut) };
}

/**
 * Naive Bayes on every row, calibrated without a validation split: each half of the rows (alternate rows in time
 * order) is scored by a model of the other half, and Platt scaling is fitted on those margins. With few outcomes a
 * product of frequency ratios is overconfident (a lead at 99.99% from 12 wins), so the slope is kept at most 1: the
 * calibrator only softens scores, and keeps their order. No calibration when a half lacks an outcome.
 */
function calibratedNaiveBayes(t: Table): { model: NaiveBayesModel; calibrator: Calibrator; note: string } {
  const model = trainNaiveBayes(t);
  const byOrder = rowsByOrder(t);
  const halves = [0, 1].map((h) => byOrder.filter((_, k) => k % 2 === h));
  const y = t.y!;
  const hasBoth = (rows: number[]) => rows.some((i) => y[i]) && rows.some((i) => !y[i]);
  if (!halves.every(hasBoth)) return { model, calibrator: { kind: 'none' }, note: '' };
  const margins = new Float64Array(t.n);
  for (let h = 0; h < 2; h++) {
    const other = takeRows(t, halves[1 - h]!);
    const m = trainNaiveBayes(takeRows(t, halves[h]!)).margin(other);
    halves[1 - h]!.forEach((i, k) => {
      margins[i] = m[k]!;
    });
  }
  const calibrator = fitPlatt(margins, y, 1);
  const note =
    calibrator.kind === 'platt'
      ? ` Scores are softened by Platt scaling fitted on cross-fitted margins (each half of the rows scored by a model of the other half; slope ${fmt(calibrator.a)}, at most 1).`
      : '';
  return { model, calibrator, note };
}

function fallback(t: Table, opts: AutoTrainOptions, pos: number, neg: number): LeadScorer {
  const s = t.schema;
  const none: Calibrator = { kind: 'none' };
  if (pos === 0 || neg === 0) {
    const only = pos === 0 ? `no "${s.positive}" outcomes` : `only "${s.positive}" outcomes`;
    const model = trainRules(t, opts.rules);
    const reason = `Rules model: the target "${s.target}" has ${only} in ${t.n} rows, so nothing can be learned about what separates the two; scores come from fit and engagement rules (${model.rules.length} rules) around a smoothed base rate. Record both won and lost outcomes to enable a learned model.`;
    return new LeadScorer(s, model, none, reason, [], [reason]);
  }
  const need =
    `a learned model needs at least ${MIN_OUTCOMES} of each outcome; there are ${pos} positive ("${s.positive}") and ${neg} negative` +
    ` (missing: ${[pos < MIN_OUTCOMES ? `${MIN_OUTCOMES - pos} more positive` : '', neg < MIN_OUTCOMES ? `${MIN_OUTCOMES - neg} more negative` : ''].filter(Boolean).join(' and ')})`;
  if (pos >= MIN_OUTCOMES_NAIVE_BAYES && neg >= MIN_OUTCOMES_NAIVE_BAYES) {
    const nb = calibratedNaiveBayes(t);
    const reason = `Naive Bayes (Odoo-style frequency tables, 0.1 smoothing): ${need}. Naive Bayes needs the fewest outcomes; no validation split is held out at this size.${nb.note}`;
    return new LeadScorer(s, nb.model, nb.calibrator, reason, [], [need]);
  }
  const model = trainRules(t, opts.rules);
  const reason = `Rules model: ${need}; with under ${MIN_OUTCOMES_NAIVE_BAYES} of an outcome even naive Bayes would be guessing, so scores come from ${model.rules.length} fit and engagement rules.`;
  return new LeadScorer(s, model, none, reason, [], [need]);
}

interface Candidate {
  family: Exclude<ModelFamily, 'rules'>;
  model: ScoringModel;
  validMargins: Float64Array;
  calibrator: Calibrator;
  report: CandidateReport;
  /** Cross-fitted calibrated probability per validation row: the basis of the paired comparison. */
  crossFitted: Float64Array;
  gbdtIterations?: number;
  blend?: { weights: number[]; scale: number[]; shift: number[]; members: Exclude<ModelFamily, 'rules' | 'blend'>[] };
}

function report(
  family: ModelFamily,
  margins: Float64Array,
  y: Uint8Array,
  seconds: number,
  crossFitted?: Float64Array,
): { report: CandidateReport; calibrator: Calibrator; crossFitted: Float64Array } {
  const choice = chooseCalibrator(margins, y);
  const p = calibrateAll(choice.calibrator, margins);
  const cf = crossFitted ?? choice.crossFitted;
  return {
    calibrator: choice.calibrator,
    crossFitted: cf,
    report: {
      family,
      logLoss: logLoss(y, cf),
      auc: rocAuc(y, p),
      brier: brier(y, p),
      calibration: choice.calibrator.kind,
      seconds,
    },
  };
}

/** Simplest first: with noisy validation data the simpler model generalises more safely. */
const SIMPLICITY: ModelFamily[] = ['naive-bayes', 'logistic', 'gbdt', 'blend'];

function rowLoss(y: Uint8Array, p: Float64Array, i: number): number {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
  return y[i] ? -Math.log(q) : -Math.log(1 - q);
}

/**
 * One-standard-error rule (Breiman et al.): the simplest candidate whose validation log-loss is within one
 * standard error of the best, the error taken on the paired per-row differences.
 */
function pickCandidate(
  cands: Candidate[],
  y: Uint8Array,
): { chosen: Candidate; best: Candidate; gap: number; se: number } {
  const best = cands.reduce((a, b) => (b.report.logLoss < a.report.logLoss ? b : a));
  const ordered = [...cands].sort((a, b) => SIMPLICITY.indexOf(a.family) - SIMPLICITY.indexOf(b.family));
  const n = y.length;
  for (const c of ordered) {
    let s = 0,
      s2 = 0;
    for (let i = 0; i < n; i++) {
      const d = rowLoss(y, c.crossFitted, i) - rowLoss(y, best.crossFitted, i);
      s += d;
      s2 += d * d;
    }
    const mean = s / n;
    const se = Math.sqrt(Math.max(0, s2 / n - mean * mean) / n);
    if (mean <= se) return { chosen: c, best, gap: mean, se };
  }
  return { chosen: best, best, gap: 0, se: 0 };
}

type Learned = Exclude<ModelFamily, 'rules' | 'blend'>;

const timed = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
};

/** Scores each fitted family on the validation rows and adds the blend of them. */
function trainCandidates(
  validT: Table,
  families: Exclude<ModelFamily, 'rules'>[],
  fits: Map<Learned, FamilyFit>,
): Candidate[] {
  const vy = validT.y!;
  const cands: Candidate[] = [];
  for (const family of families) {
    if (family === 'blend') continue;
    const trained = fits.get(family)!;
    const m = trained.validMargins ?? trained.model.margin(validT);
    const r = report(family, m, vy, trained.seconds);
    cands.push({
      family,
      model: trained.model,
      validMargins: m,
      calibrator: r.calibrator,
      report: r.report,
      crossFitted: r.crossFitted,
      ...(family === 'gbdt' ? { gbdtIterations: trained.iterations } : {}),
    });
  }
  if (families.includes('blend') && cands.length >= 2) {
    const [bw, secs] = timed(() =>
      fitBlendWeights(
        cands.map((c) => c.validMargins),
        vy,
      ),
    );
    const r = report('blend', bw.margins, vy, secs, bw.crossFitted);
    const members = cands.map((c) => c.family as Learned);
    const model = new BlendModel(
      cands.map((c, k) => ({ model: c.model, weight: bw.weights[k]!, scale: bw.scale[k]!, shift: bw.shift[k]! })),
    );
    cands.push({
      family: 'blend',
      model,
      validMargins: bw.margins,
      calibrator: r.calibrator,
      report: r.report,
      crossFitted: r.crossFitted,
      blend: { ...bw, members },
    });
  }
  return cands;
}

/** Trees of the refit on all rows: the validation's best count plus 10% (the full table has 25% more rows). */
const refitTrees = (validIterations: number) => Math.max(1, Math.round(validIterations * 1.1));
/** Tells a running refit to stop: its trees are not needed. */
const STOP_NOW = -1;
const refitSeed = (gbdtSeed: number, k: number) => gbdtSeed + 1 + k;

/** Retrains the chosen family (or the blend's weighted members) on every row; `gbdtRefits` are the boosted refits. */
function refitChosen(
  dataset: Table,
  chosen: Candidate,
  cands: Candidate[],
  reuse: boolean,
  gbdtRefits: () => GbdtModel[],
): ScoringModel {
  const refit = (family: Learned): ScoringModel => {
    if (family === 'gbdt')
      return averageGbdt([
        ...(reuse ? [cands.find((c) => c.family === 'gbdt')!.model as GbdtModel] : []),
        ...gbdtRefits(),
      ]);
    return family === 'logistic' ? trainLogistic(dataset) : trainNaiveBayes(dataset);
  };
  const b = chosen.blend;
  if (!b) return refit(chosen.family as Learned);
  // Members with weight 0 are not refitted at all.
  return new BlendModel(
    b.members.flatMap((f, k) =>
      b.weights[k]! > 0 ? [{ model: refit(f), weight: b.weights[k]!, scale: b.scale[k]!, shift: b.shift[k]! }] : [],
    ),
  );
}

const usesTrees = (c: Candidate) =>
  c.family === 'gbdt' || (c.blend?.members.some((f, k) => f === 'gbdt' && c.blend!.weights[k]! > 0) ?? false);

interface Prepared {
  fitT: Table;
  validT: Table;
  how: 'time' | 'interleaved';
  gbdtSeed: number;
  mappers: BinMapper[];
  families: Exclude<ModelFamily, 'rules'>[];
  learned: Learned[];
  bag: number;
  reuse: boolean;
  pos: number;
  neg: number;
}

/** How many boosted models the final one averages: refits, plus the early-stopping fit unless turned off. */
function bagging(opts: AutoTrainOptions): { bag: number; reuse: boolean } {
  const reuse = opts.gbdtReuseValidationFit ?? true;
  return { bag: Math.max(reuse ? 0 : 1, Math.floor(opts.gbdtBag ?? 1)), reuse };
}

/** Checks the outcomes and splits off the validation rows; a LeadScorer when a fallback model is all there can be. */
function prepare(dataset: Table, opts: AutoTrainOptions): Prepared | LeadScorer {
  const y = dataset.y;
  if (!y) throw new Error(`autoTrain needs outcomes in column "${dataset.schema.target}"`);
  const pos = countPositives(y);
  const neg = dataset.n - pos;
  if (pos < MIN_OUTCOMES || neg < MIN_OUTCOMES) return fallback(dataset, opts, pos, neg);
  const how = opts.validationOrder ?? 'time';
  const { fit, valid } = splitValidation(dataset, how);
  const fitT = takeRows(dataset, fit);
  const validT = takeRows(dataset, valid);
  const vy = validT.y!;
  const vpos = countPositives(vy);
  const fpos = countPositives(fitT.y!);
  if (vpos === 0 || vpos === validT.n || fpos === 0 || fpos === fitT.n) {
    const part =
      vpos === 0 || vpos === validT.n
        ? `the ${how === 'time' ? 'newest' : 'interleaved'} 20% of rows (validation)`
        : 'the rows before the validation part';
    const warning = `${part} hold a single outcome; the choice falls back to naive Bayes`;
    const nb = calibratedNaiveBayes(dataset);
    return new LeadScorer(
      dataset.schema,
      nb.model,
      nb.calibrator,
      `Naive Bayes: ${part} hold a single outcome, so candidates cannot be compared on held-out rows.${nb.note}`,
      [],
      [warning],
    );
  }
  const gbdtSeed = Math.floor(createRng(opts.seed ?? 1)() * 2 ** 31);
  // Bin edges come from every row's feature values (no outcomes involved), shared by the early-stopping fit and the refit.
  const mappers = fitBinMappers(dataset, opts.gbdt?.maxBins);
  const families = opts.candidates ?? ['gbdt', 'logistic', 'naive-bayes', 'blend'];
  const learned = families.filter((f): f is Learned => f !== 'blend');
  return { fitT, validT, how, gbdtSeed, mappers, families, learned, ...bagging(opts), pos, neg };
}

type Picked = ReturnType<typeof pickCandidate> & { cands: Candidate[] };

function pick(pr: Prepared, fits: Map<Learned, FamilyFit>): Picked {
  const cands = trainCandidates(pr.validT, pr.families, fits);
  return { ...pickCandidate(cands, pr.validT.y!), cands };
}

/** Refits the chosen candidate and writes down why it was chosen. */
function finish(dataset: Table, pr: Prepared, picked: Picked, gbdtRefits: () => GbdtModel[]): LeadScorer {
  const { fitT, validT, how, pos, neg } = pr;
  const { cands, chosen, best, gap, se } = picked;
  const final = refitChosen(dataset, chosen, cands, pr.reuse, gbdtRefits);
  const where = how === 'time' ? `the newest 20% of rows (${validT.n})` : `every fifth row (${validT.n})`;
  const table = cands
    .map(
      (c) =>
        `${c.family} log-loss ${fmt(c.report.logLoss, 4)} AUC ${fmt(c.report.auc)} Brier ${fmt(c.report.brier, 4)}`,
    )
    .join('; ');
  const blendNote = chosen.blend
    ? ` (weights ${chosen.blend.members.map((f, k) => `${f} ${fmt(chosen.blend!.weights[k]!, 1)}`).join(', ')})`
    : '';
  const why =
    chosen === best
      ? 'lowest validation log-loss'
      : `simplest candidate within one standard error of the lowest validation log-loss (${best.family}; gap ${fmt(gap, 4)}, standard error ${fmt(se, 4)})`;
  const iters = cands.find((c) => c.family === 'gbdt')?.gbdtIterations ?? 0;
  const refitNote = `${pr.bag} refit${pr.bag === 1 ? '' : 's'} of ${refitTrees(iters)} trees on all rows`;
  const trees = !usesTrees(chosen)
    ? ''
    : pr.reuse
      ? `; boosting: the early-stopping fit's ${iters} trees averaged with ${refitNote}`
      : `; boosting: ${refitNote} (the validation's ${iters} plus 10%)`;
  const reason = `Chose ${chosen.family}${blendNote}: ${why} on ${where}, trained on the other ${fitT.n} rows. Candidates: ${table}. Calibration: ${chosen.calibrator.kind} (chosen by cross-fitted log-loss on validation). Refit on all ${dataset.n} rows (${pos} positive, ${neg} negative)${trees}.`;
  return new LeadScorer(
    dataset.schema,
    final,
    chosen.calibrator,
    reason,
    cands.map((c) => c.report),
    [],
  );
}

/** One family fitted on the older rows (boosting stops early on the validation rows). */
const fitOnOlderRows = (pr: Prepared, opts: AutoTrainOptions, family: Learned): FamilyFit =>
  fitFamily({
    family,
    train: pr.fitT,
    valid: pr.validT,
    gbdt: { ...opts.gbdt, seed: pr.gbdtSeed },
    mappers: pr.mappers,
  });

/** Boosted refit k on all rows, on this thread. */
const refitHere = (dataset: Table, pr: Prepared, opts: AutoTrainOptions, k: number, maxIter: number): GbdtModel =>
  trainGbdt(dataset, null, { ...opts.gbdt, seed: refitSeed(pr.gbdtSeed, k), maxIter }, pr.mappers).model;

/**
 * Trains the candidate families on the older rows, validates on the newest (or interleaved) 20%,
 * picks by the one-standard-error rule on validation log-loss, calibrates on validation and refits on all rows.
 */
export function autoTrain(dataset: Table, opts: AutoTrainOptions = {}): LeadScorer {
  const pr = prepare(dataset, opts);
  if (pr instanceof LeadScorer) return pr;
  const fits = new Map<Learned, FamilyFit>();
  for (const family of pr.learned) fits.set(family, fitOnOlderRows(pr, opts, family));
  const maxIter = refitTrees(fits.get('gbdt')?.iterations ?? 100);
  const refits = () => Array.from({ length: pr.bag }, (_, k) => refitHere(dataset, pr, opts, k, maxIter));
  return finish(dataset, pr, pick(pr, fits), refits);
}

/**
 * autoTrain with the work spread over a worker pool: the boosted refits on all rows start at once, before the
 * early-stopping fit has said how many trees they need (they read it from shared memory and stop there), and
 * logistic regression trains on a worker too (before the refit when there is only one). Same model as autoTrain,
 * seed for seed; without a pool it is autoTrain.
 */
export async function autoTrainParallel(
  dataset: Table,
  opts: AutoTrainOptions = {},
  pool: WorkerPool | null,
): Promise<LeadScorer> {
  if (!pool) return autoTrain(dataset, opts);
  const pr = prepare(dataset, opts);
  if (pr instanceof LeadScorer) return pr;
  const hasGbdt = pr.learned.includes('gbdt');
  const stopAt = new Int32Array(new SharedArrayBuffer(4));
  // Logistic regression goes to the worker first: with one worker it takes ~0.1-0.2 s before the refit, which then
  // ends about when this thread has fitted, picked and calibrated. Naive Bayes (tens of ms) fits here after the
  // early-stopping fit, which balances the two threads.
  const others = pr.learned.filter((f) => f === 'logistic');
  const here = pr.learned.filter((f) => f !== 'gbdt' && f !== 'logistic');
  const otherJob = others.length ? pool.run('fitEach', { families: others, train: pr.fitT }) : null;
  const refitJobs = hasGbdt
    ? Array.from({ length: pr.bag }, (_, k) =>
        pool.run('fit', {
          family: 'gbdt',
          train: dataset,
          gbdt: { ...opts.gbdt, seed: refitSeed(pr.gbdtSeed, k) },
          mappers: pr.mappers,
          stopAt,
        }),
      )
    : [];
  // A refit that is not needed in the end is told to stop; its failure then does not matter.
  for (const j of refitJobs) j.catch(() => undefined);
  const fits = new Map<Learned, FamilyFit>();
  try {
    if (hasGbdt) fits.set('gbdt', fitOnOlderRows(pr, opts, 'gbdt'));
  } finally {
    Atomics.store(stopAt, 0, refitTrees(fits.get('gbdt')?.iterations ?? 100));
  }
  for (const family of here) fits.set(family, fitOnOlderRows(pr, opts, family));
  // A worker that fails (it could not start, say) costs time, not the result: the same fit runs here instead.
  const done = await otherJob?.catch(() => null);
  if (done)
    others.forEach((family, k) =>
      fits.set(family, { model: modelFromJSON(done[k]!.model), iterations: 0, seconds: done[k]!.seconds }),
    );
  else for (const family of others) fits.set(family, fitOnOlderRows(pr, opts, family));
  const picked = pick(pr, fits);
  const maxIter = Atomics.load(stopAt, 0);
  let refits: GbdtModel[] = [];
  if (usesTrees(picked.chosen)) {
    refits = await Promise.all(
      refitJobs.map((job, k) =>
        job.then(
          (r) => firstTrees(GbdtModel.fromJSON(r.model), maxIter),
          () => refitHere(dataset, pr, opts, k, maxIter),
        ),
      ),
    );
  } else Atomics.store(stopAt, 0, STOP_NOW);
  return finish(dataset, pr, picked, () => refits);
}
