import { describe, expect, it } from 'vitest';
import { matrixFromRows } from './matrix';
import { silhouette, silhouetteValues } from './silhouette';

describe('silhouette', () => {
  // Hand computation: s = (b − a) / max(a, b) per point, a = mean distance within, b = to the nearest other cluster.
  it.each([
    {
      name: 'two pairs on a line',
      points: [[0], [1], [4], [5]],
      labels: [0, 0, 1, 1],
      // (4.5−1)/4.5, (3.5−1)/3.5, (3.5−1)/3.5, (4.5−1)/4.5
      values: [3.5 / 4.5, 2.5 / 3.5, 2.5 / 3.5, 3.5 / 4.5],
    },
    {
      name: 'a singleton scores 0',
      points: [[0], [1], [10]],
      labels: [0, 0, 1],
      values: [0.9, 8 / 9, 0],
    },
    {
      name: 'right triangle in 2-D',
      points: [
        [0, 0],
        [3, 0],
        [0, 4],
        [10, 10],
      ],
      labels: [0, 0, 0, 1],
      // a0 = (3+4)/2, b0 = √200; a1 = (3+5)/2, b1 = √149; a2 = (4+5)/2, b2 = √136
      values: [
        (Math.sqrt(200) - 3.5) / Math.sqrt(200),
        (Math.sqrt(149) - 4) / Math.sqrt(149),
        (Math.sqrt(136) - 4.5) / Math.sqrt(136),
        0,
      ],
    },
  ])('matches a hand computation: $name', ({ points, labels, values }) => {
    const m = matrixFromRows(points);
    const got = Array.from(silhouetteValues(m, labels));
    got.forEach((v, i) => expect(v).toBeCloseTo(values[i]!, 12));
    expect(silhouette(m, labels)).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 12);
  });

  it('a full-size sample equals the exact score; a sample is reproducible', () => {
    const m = matrixFromRows(Array.from({ length: 60 }, (_, i) => [i % 7, Math.floor(i / 7)]));
    const labels = Array.from({ length: 60 }, (_, i) => (i % 7 < 3 ? 0 : 1));
    expect(silhouette(m, labels, { sampleSize: 60 })).toBe(silhouette(m, labels));
    expect(silhouette(m, labels, { sampleSize: 20, seed: 3 })).toBe(silhouette(m, labels, { sampleSize: 20, seed: 3 }));
  });

  it('rejects negative labels', () => {
    expect(() => silhouette(matrixFromRows([[0], [1]]), [0, -1])).toThrow(/non-negative integer/);
  });
});
