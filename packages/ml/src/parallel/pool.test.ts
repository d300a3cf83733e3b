import { afterAll, describe, expect, it } from 'vitest';
import { autoTrain, autoTrainParallel } from '../models/auto-train';
import { syntheticLeads } from '../models/synthetic';
import { tableFromRows } from '../models/table';
import { createWorkerPool, type WorkerPool } from './pool';

const pools: WorkerPool[] = [];
const pool = (size: number) => {
  const p = createWorkerPool(size);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('worker pool', () => {
  it('runs tasks on worker threads and reports task errors with their message', async () => {
    const p = pool(1);
    const t = tableFromRows(syntheticLeads(300, 3), { target: 'won' });
    const fit = await p.run('fit', { family: 'naive-bayes', train: t });
    expect(fit.model.family).toBe('naive-bayes');
    await expect(p.run('fit', { family: 'gbdt', train: { ...t, y: null } })).rejects.toThrow(/worker task failed/);
  });

  // 2,500 rows keep GOSS off; the early-stopping fit and the speculative refits run on different threads.
  for (const [size, candidates] of [
    [1, undefined],
    [2, undefined],
    [2, ['gbdt'] as const],
  ] as const) {
    it(`gives the same model as autoTrain, seed for seed (${size} worker${size > 1 ? 's' : ''}, ${candidates ? candidates.join('+') : 'all families'})`, async () => {
      const t = tableFromRows(syntheticLeads(2500, 4), { target: 'won', orderBy: 'created' });
      const opts = {
        seed: 3,
        validationOrder: 'interleaved' as const,
        gbdtBag: 2,
        ...(candidates ? { candidates: [...candidates] } : {}),
      };
      const a = autoTrain(t, opts);
      const b = await autoTrainParallel(t, opts, pool(size));
      expect(b.family).toBe(a.family);
      expect(b.reason).toBe(a.reason); // same choice, same validation figures
      expect(Array.from(b.predict(t))).toEqual(Array.from(a.predict(t)));
    });
  }

  it('falls back to this thread when the workers fail', async () => {
    const down: WorkerPool = {
      size: 2,
      run: () => Promise.reject(new Error('worker exited with code 1')),
      warm: async () => {},
      close: async () => {},
    };
    const t = tableFromRows(syntheticLeads(1500, 5), { target: 'won' });
    const opts = { seed: 2, candidates: ['gbdt' as const, 'logistic' as const] };
    const b = await autoTrainParallel(t, opts, down);
    expect(Array.from(b.predict(t))).toEqual(Array.from(autoTrain(t, opts).predict(t)));
  });
});
