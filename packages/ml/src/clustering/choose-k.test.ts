import { describe, expect, it } from 'vitest';
import { chooseK } from './choose-k';
import { matrixFromRows } from './matrix';
import { createRng } from './prng';

function grid(centres: number[][], per: number, seed: number) {
  const rng = createRng(seed);
  return matrixFromRows(centres.flatMap((c) => Array.from({ length: per }, () => c.map((v) => v + rng() - 0.5))));
}

describe('chooseK', () => {
  it.each([
    {
      centres: [
        [0, 0],
        [20, 0],
      ],
      expected: 2,
    },
    {
      centres: [
        [0, 0],
        [20, 0],
        [0, 20],
        [20, 20],
      ],
      expected: 4,
    },
    { centres: [[0], [15], [30], [45], [60], [75]], expected: 6 },
  ])('finds $expected clusters and returns the whole sweep', ({ centres, expected }) => {
    const r = chooseK(grid(centres, 25, expected), { kMin: 2, kMax: 8, seed: 1 });
    expect(r.bestK).toBe(expected);
    expect(r.sweep.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(r.sweep.every((p) => Number.isFinite(p.silhouette) && p.silhouette <= 1)).toBe(true);
  });

  it('skips k beyond the distinct points and says why', () => {
    const m = matrixFromRows([[0], [0], [5], [5], [9]]);
    const r = chooseK(m, { kMin: 2, kMax: 6 });
    expect(r.sweep.map((p) => p.k)).toEqual([2, 3]);
    expect(r.skipped.map((s) => s.k)).toEqual([4, 5, 6]);
    expect(r.skipped[0]!.reason).toMatch(/3 distinct/);
  });

  it('throws a clear error when nothing can be clustered', () => {
    expect(() => chooseK(matrixFromRows([[1], [1], [1]]))).toThrow(/need at least 3 distinct points/);
  });

  it('picking restarts by inertia is the classic k-means choice', () => {
    const m = grid(
      [
        [0, 0],
        [6, 0],
        [3, 5],
      ],
      20,
      9,
    );
    const r = chooseK(m, { kMin: 3, kMax: 3, pickRestartBy: 'inertia' });
    expect(r.bestK).toBe(3);
  });
});
