import { describe, expect, it } from 'vitest';
import { createRng } from './prng';
import { kmeans } from './kmeans';
import { matrixFromRows } from './matrix';

/** Gaussian-ish blobs (sum of uniforms) around the given centres, seeded. */
function blobs(centres: number[][], perBlob: number, spread: number, seed: number) {
  const rng = createRng(seed);
  const rows: number[][] = [];
  const truth: number[] = [];
  centres.forEach((c, b) => {
    for (let i = 0; i < perBlob; i++) {
      rows.push(c.map((v) => v + spread * (rng() + rng() + rng() - 1.5)));
      truth.push(b);
    }
  });
  return { m: matrixFromRows(rows), truth };
}

/** Same partition up to renaming of clusters. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const map = new Map<number, number>();
  const used = new Set<number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!map.has(x)) {
      if (used.has(y)) return false;
      map.set(x, y);
      used.add(y);
    }
    if (map.get(x) !== y) return false;
  }
  return true;
}

describe('kmeans', () => {
  it.each([
    {
      name: '3 blobs in 2-D',
      centres: [
        [0, 0],
        [10, 0],
        [0, 10],
      ],
      seed: 1,
    },
    {
      name: '4 blobs in 3-D',
      centres: [
        [0, 0, 0],
        [8, 8, 0],
        [0, 8, 8],
        [8, 0, 8],
      ],
      seed: 2,
    },
    { name: '5 blobs on a line', centres: [[0], [10], [20], [30], [40]], seed: 3 },
  ])('recovers well-separated blobs: $name', ({ centres, seed }) => {
    const { m, truth } = blobs(centres, 40, 1, seed);
    const result = kmeans(m, centres.length, { seed });
    expect(samePartition(result.labels, truth)).toBe(true);
    expect(result.centroids).toHaveLength(centres.length * m.cols);
  });

  it('is reproducible for a seed', () => {
    const { m } = blobs(
      [
        [0, 0],
        [3, 3],
        [6, 0],
      ],
      30,
      4,
      7,
    );
    const a = kmeans(m, 3, { seed: 42 });
    const b = kmeans(m, 3, { seed: 42 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
    expect(a.inertia).toBe(b.inertia);
  });

  it('keeps k clusters and finite numbers when points repeat', () => {
    const m = matrixFromRows([
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 2],
    ]);
    const r = kmeans(m, 3, { seed: 0 });
    expect(new Set(r.labels).size).toBeLessThanOrEqual(3);
    expect(Array.from(r.centroids).every(Number.isFinite)).toBe(true);
    expect(r.inertia).toBeCloseTo(0, 12);
  });

  it.each([
    { k: 0, error: /positive integer/ },
    { k: 2.5, error: /positive integer/ },
    { k: 5, error: /larger than the number of points/ },
  ])('rejects k=$k', ({ k, error }) => {
    expect(() => kmeans(matrixFromRows([[0], [1], [2]]), k)).toThrow(error);
  });
});
