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
  const slice = (from: number, to: number) => takeRows(t, Array.from({ length: to - from }, (_, i) => from + i));
  const json = parts > 1 ? scorer.toJSON() : null;
  // Posted before this thread starts on its own part, so the workers run meanwhile.
  const remote = Array.from({ length: parts - 1 }, (_, q) => pool!.run('explain', { scorer: json!, table: slice(bounds[q + 1]!, bounds[q + 2]!), k }));
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
    const from = bounds[q + 1]!, to = bounds[q + 2]!;
    const got = await remote[q]!.catch(() => null);
    const mine = got ?? scorer.explainAll(slice(from, to), k);
    for (let i = from; i < to; i++) out[i] = mine[i - from]!;
  }
  return out;
}
