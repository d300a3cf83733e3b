import { afterAll, describe, expect, it } from 'vitest';
import { autoTrain } from '../models/auto-train';
import { syntheticLeads } from '../models/synthetic';
import { tableFromRows } from '../models/table';
import { explainRows } from './explain-rows';
import { createWorkerPool, type WorkerPool } from './pool';

const pool = createWorkerPool(2);
afterAll(() => pool.close());

describe('explainRows', () => {
  const t = tableFromRows(syntheticLeads(3000, 6), { target: 'won' });
  const scorer = autoTrain(t, { seed: 4, candidates: ['gbdt'] });
  const rowByRow = Array.from({ length: t.n }, (_, i) => scorer.explain(t, i, 3));

  it('splits the rows over the workers and gives the row-by-row explanations, in order', async () => {
    const seen: number[] = [];
    const got = await explainRows(scorer, t, 3, pool, (f) => void seen.push(f));
    expect(got).toEqual(rowByRow);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > seen[i - 1]!))).toBe(true);
  });

  it('computes a part here when its worker fails', async () => {
    const down: WorkerPool = { size: 3, run: () => Promise.reject(new Error('worker exited with code 1')), warm: async () => {}, close: async () => {} };
    expect(await explainRows(scorer, t, 3, down)).toEqual(rowByRow);
  });
});
