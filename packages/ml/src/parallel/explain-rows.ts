import { GbdtModel } from '../models/gbdt/gbdt-model';
import type { ContributionMatrix } from '../models/model';
import type { LeadScorer, RowScore } from '../models/scorer';
import { takeRows, type Table } from '../models/table';
import type { WorkerPool } from './pool';

type Progress = (fraction: number) => Promise<void> | void;

/**
 * Top-k factors of every row of a table, split over this thread and the pool's workers (TreeSHAP is the costly
 * part of scoring). Boosted trees are split by tree: each thread explains every row with its share of the trees,
 * so no two threads work out the same tree's values (split by row, each would fill its own cache with most of the
 * same split patterns: measured no faster than one thread). The parts are summed in tree order, so the result is
 * explain's row by row up to rounding (~1e-16) and the same whether a part ran on a worker or, when its worker
 * failed, here. Other models are split by row and give explain's result exactly. `onProgress` gets the share done of
 * this thread's part (the other parts run at the same pace).
 */
export async function explainRows(
  scorer: LeadScorer,
  t: Table,
  k: number,
  pool: WorkerPool | null,
  onProgress?: Progress,
): Promise<RowScore[]> {
  const parts = pool && t.n >= 2_000 ? pool.size + 1 : 1;
  if (parts > 1 && scorer.model instanceof GbdtModel && scorer.model.trees.length >= parts)
    return byTrees(scorer, scorer.model, t, k, pool!, parts, onProgress);
  return byRows(scorer, t, k, pool, parts, onProgress);
}

async function byTrees(
  scorer: LeadScorer,
  model: GbdtModel,
  t: Table,
  k: number,
  pool: WorkerPool,
  parts: number,
  onProgress?: Progress,
): Promise<RowScore[]> {
  const nTrees = model.trees.length;
  // Equal counts: later trees cost more (more distinct split patterns), and this thread, which takes the last range,
  // also sums the parts and picks the factors; a smaller share for it measured slower (1.65-2.1 s against 1.4-1.56).
  const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * nTrees) / parts));
  const json = model.toJSON();
  // The workers take the first ranges (posted before this thread starts, so they run meanwhile); this thread the last.
  const remote = Array.from({ length: parts - 1 }, (_, q) =>
    pool.run('contributions', { model: json, table: t, from: bounds[q]!, to: bounds[q + 1]! }),
  );
  for (const r of remote) r.catch(() => undefined);
  // This thread's range in up to ten steps of trees, for progress; the model's TreeSHAP cache carries over.
  const from = bounds[parts - 1]!;
  const bins = model.binsOf(t);
  const own: ContributionMatrix = {
    features: model.featureNames,
    values: new Float64Array(t.n * model.featureNames.length),
    margin: new Float64Array(t.n),
  };
  const step = Math.max(1, Math.ceil((nTrees - from) / 10));
  for (let a = from; a < nTrees; a += step) {
    const b = Math.min(nTrees, a + step);
    model.addContributions(bins, t.n, a, b, own.values, own.margin);
    await onProgress?.((b - from) / (nTrees - from));
  }
  const got: ContributionMatrix[] = [];
  for (let q = 0; q < remote.length; q++)
    got.push((await remote[q]!.catch(() => null)) ?? model.partialContributions(t, bounds[q]!, bounds[q + 1]!));
  got.push(own);
  // In tree order, whichever thread computed a part: the same sums every time.
  const [total, ...rest] = got;
  const { values, margin } = total!;
  for (const part of rest) {
    for (let i = 0; i < values.length; i++) values[i] = values[i]! + part.values[i]!;
    for (let i = 0; i < margin.length; i++) margin[i] = margin[i]! + part.margin[i]!;
  }
  return scorer.scoresFrom(t, total!, k);
}

async function byRows(
  scorer: LeadScorer,
  t: Table,
  k: number,
  pool: WorkerPool | null,
  parts: number,
  onProgress?: Progress,
): Promise<RowScore[]> {
  const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * t.n) / parts));
  const slice = (from: number, to: number) =>
    takeRows(
      t,
      Array.from({ length: to - from }, (_, i) => from + i),
    );
  const json = parts > 1 ? scorer.toJSON() : null;
  // Posted before this thread starts on its own part, so the workers run meanwhile.
  const remote = Array.from({ length: parts - 1 }, (_, q) =>
    pool!.run('explain', { scorer: json!, table: slice(bounds[q + 1]!, bounds[q + 2]!), k }),
  );
  for (const r of remote) r.catch(() => undefined);
  const out: RowScore[] = new Array(t.n);
  // This thread's part in ten chunks, for progress; the model's TreeSHAP cache carries over between them.
  const own = bounds[1]!;
  const chunk = Math.max(1_000, Math.ceil(own / 10));
  for (let from = 0; from < own; from += chunk) {
    const to = Math.min(own, from + chunk);
    const got = scorer.explainAll(slice(from, to), k);
    for (let i = from; i < to; i++) out[i] = got[i - from]!;
    await onProgress?.(to / own);
  }
  for (let q = 0; q < remote.length; q++) {
    const from = bounds[q + 1]!,
      to = bounds[q + 2]!;
    const got = await remote[q]!.catch(() => null);
    const mine = got ?? scorer.explainAll(slice(from, to), k);
    for (let i = from; i < to; i++) out[i] = mine[i - from]!;
  }
  return out;
}
