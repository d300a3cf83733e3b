import type { BinMapper } from '../models/gbdt/binning';
import { trainGbdt, type GbdtParams } from '../models/gbdt/train-gbdt';
import { trainLogistic } from '../models/logistic';
import { GbdtModel } from '../models/gbdt/gbdt-model';
import type { ContributionMatrix, ModelFamily, ModelJSON, ScoringModel } from '../models/model';
import { trainNaiveBayes } from '../models/naive-bayes';
import { LeadScorer, type RowScore, type ScorerJSON } from '../models/scorer';
import type { Table } from '../models/table';

/** What a worker can be asked to do; payloads and results cross threads by structured clone. */
export interface Tasks {
  fit: {
    payload: {
      family: Exclude<ModelFamily, 'rules' | 'blend'>;
      train: Table;
      valid?: Table | null;
      gbdt?: Partial<GbdtParams>;
      mappers?: BinMapper[];
      stopAt?: Int32Array;
    };
    result: { model: ModelJSON; iterations: number; seconds: number };
  };
  /** Several families on one worker, in order (the cheap linear ones need not queue behind a boosting refit). */
  fitEach: {
    payload: Omit<TaskPayload<'fit'>, 'family'> & { families: Exclude<ModelFamily, 'rules' | 'blend'>[] };
    result: TaskResult<'fit'>[];
  };
  explain: {
    payload: { scorer: ScorerJSON; table: Table; k: number };
    result: RowScore[];
  };
  /** What boosted trees [from, to) add to every row's contributions and margins (GbdtModel.partialContributions). */
  contributions: {
    payload: { model: ModelJSON; table: Table; from: number; to: number };
    result: ContributionMatrix;
  };
}
export type TaskName = keyof Tasks;
export type TaskPayload<T extends TaskName> = Tasks[T]['payload'];
export type TaskResult<T extends TaskName> = Tasks[T]['result'];

/** A fitted family; validMargins: its margins on the validation rows when the fit already has them (early stopping). */
export type FamilyFit = { model: ScoringModel; iterations: number; seconds: number; validMargins?: Float64Array };

/** Fits one model family (the same code on a worker and on the calling thread). */
export function fitFamily(p: TaskPayload<'fit'>): FamilyFit {
  const t0 = performance.now();
  if (p.family === 'gbdt') {
    const f = trainGbdt(p.train, p.valid ?? null, p.gbdt, p.mappers, p.stopAt);
    return { ...f, seconds: (performance.now() - t0) / 1000 };
  }
  const model = p.family === 'logistic' ? trainLogistic(p.train) : trainNaiveBayes(p.train);
  return { model, iterations: 0, seconds: (performance.now() - t0) / 1000 };
}

export function runTask<T extends TaskName>(task: T, payload: TaskPayload<T>): TaskResult<T> {
  if (task === 'fit') {
    const f = fitFamily(payload as TaskPayload<'fit'>);
    return { model: f.model.toJSON(), iterations: f.iterations, seconds: f.seconds } as TaskResult<T>;
  }
  if (task === 'fitEach') {
    const { families, ...rest } = payload as TaskPayload<'fitEach'>;
    return families.map((family) => runTask('fit', { ...rest, family })) as TaskResult<T>;
  }
  if (task === 'explain') {
    const p = payload as TaskPayload<'explain'>;
    const scorer = LeadScorer.fromJSON(p.scorer);
    return scorer.explainAll(p.table, p.k) as TaskResult<T>;
  }
  if (task === 'contributions') {
    const p = payload as TaskPayload<'contributions'>;
    return GbdtModel.fromJSON(p.model).partialContributions(p.table, p.from, p.to) as TaskResult<T>;
  }
  throw new Error(`unknown worker task "${String(task)}"`);
}
