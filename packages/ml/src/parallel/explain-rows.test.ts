import { afterAll, describe, expect, it } from 'vitest';
import { autoTrain } from '../models/auto-train';
import type { RowScore } from '../models/scorer';
import { syntheticLeads } from '../models/synthetic';
import { tableFromRows } from '../models/table';
import { explainRows } from './explain-rows';
import { createWorkerPool, type WorkerPool } from './pool';

const pool = createWorkerPool(2);
afterAll(() => pool.close());
const down: WorkerPool = {
  size: 3,
  run: () => Promise.reject(new Error('worker exited with code 1')),
  warm: async () => {},
  close: async () => {},
};

/** The same factors in the same order, with values equal to rounding (parts of the trees are summed separately). */
function expectClose(got: RowScore[], want: RowScore[]) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    expect(got[i]!.probability).toBeCloseTo(want[i]!.probability, 12);
    for (const side of ['positive', 'negative'] as const) {
      expect(got[i]![side].map((f) => [f.feature, f.value])).toEqual(want[i]![side].map((f) => [f.feature, f.value]));
      got[i]![side].forEach((f, k) => expect(f.contribution).toBeCloseTo(want[i]![side][k]!.contribution, 12));
    }
  }
}

describe('explainRows', () => {
  const t = tableFromRows(syntheticLeads(3000, 6), { target: 'won' });
  const scorer = autoTrain(t, { seed: 4, candidates: ['gbdt'] });
  const rowByRow = Array.from({ length: t.n }, (_, i) => scorer.explain(t, i, 3));

  it('splits the trees over the workers and gives the row-by-row explanations, in order, with progress', async () => {
    const seen: number[] = [];
    const got = await explainRows(scorer, t, 3, pool, (f) => void seen.push(f));
    expectClose(got, rowByRow);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > seen[i - 1]!))).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });

  it('computes a part here when its worker fails, with the very same result', async () => {
    const pooled = await explainRows(scorer, t, 3, pool);
    // Same number of parts as the real pool, every one of them computed here.
    expect(await explainRows(scorer, t, 3, { ...down, size: pool.size })).toEqual(pooled);
    expectClose(await explainRows(scorer, t, 3, down), rowByRow);
  });

  it('splits the rows for models without a batch form, exactly as row by row', async () => {
    const linear = autoTrain(t, { seed: 4, candidates: ['logistic'] });
    const want = Array.from({ length: t.n }, (_, i) => linear.explain(t, i, 3));
    expect(await explainRows(linear, t, 3, pool)).toEqual(want);
    expect(await explainRows(linear, t, 3, down)).toEqual(want);
  });
});
