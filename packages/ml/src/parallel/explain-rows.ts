import type { LeadScorer, RowScore } from '../models/scorer';
import { takeRows, type Table } from '../models/table';
import type { WorkerPool } from './pool';

/**
 * Top-k factors of every row of a table, split over this thread and the pool's workers (TreeSHAP is the costly
 * part of scoring). The result is the same as calling scorer.explain row by row; a part whose worker fails is
 * computed here. `onProgress` gets the share done of this thread's part (the other parts run at the same pace).
 */
export async function explainRows(scorer: LeadScorer, t: Table, k: number, pool: WorkerPool | null, onProgress?: (fraction: number) => Promise<void> | void): Promise<RowScore[]> {
  const parts = pool && t.n >= 2_000 ? pool.size + 1 : 1;
  const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * t.n) / parts));
  const slice = (p: number) => takeRows(t, Array.from({ length: bounds[p + 1]! - bounds[p]! }, (_, i) => bounds[p]! + i));
  const json = parts > 1 ? scorer.toJSON() : null;
  // Posted before this thread starts on its own part, so the workers run meanwhile.
  const remote = Array.from({ length: parts - 1 }, (_, q) => pool!.run('explain', { scorer: json!, table: slice(q + 1), k }));
  for (const r of remote) r.catch(() => undefined);
  const out: RowScore[] = new Array(t.n);
  const step = Math.max(1_000, Math.ceil(bounds[1]! / 10));
  for (let i = 0; i < bounds[1]!; i++) {
    out[i] = scorer.explain(t, i, k);
    if ((i + 1) % step === 0) await onProgress?.((i + 1) / bounds[1]!);
  }
  for (let q = 0; q < remote.length; q++) {
    const from = bounds[q + 1]!, to = bounds[q + 2]!;
    const got = await remote[q]!.catch(() => null);
    for (let i = from; i < to; i++) out[i] = got ? got[i - from]! : scorer.explain(t, i, k);
  }
  return out;
}
