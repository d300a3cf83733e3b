import { describe, expect, it } from 'vitest';
import { matrixFromRows } from './matrix';
import { profileClusters } from './profile';

describe('profileClusters', () => {
  const words = [
    { name: 'recency', low: 'recent', high: 'lapsed' },
    { name: 'spend', low: 'low spend', high: 'high spend' },
  ];
  it('counts a median on the tertile as beyond it (ties at the minimum)', () => {
    const rows = [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
      [5, 2],
      [9, 3],
    ];
    const p = profileClusters(matrixFromRows(rows), [0, 0, 0, 0, 1, 1], 2, [
      { name: 'frequency', low: 'rare', high: 'frequent', format: (v) => `${v} orders` },
      { name: 'spend', low: 'low spend', high: 'high spend' },
    ]);
    expect(p[0]!.label).toBe('rare · low spend');
    expect(p[0]!.description).toBe('4 (66.7%): rare (median 1 orders), low spend (median spend 1)');
  });

  it('names each cluster by where its medians sit', () => {
    // cluster 0: recent big spenders; 1: middling; 2: lapsed small spenders
    const rows = [
      [1, 900],
      [2, 1000],
      [3, 1100],
      [30, 300],
      [31, 310],
      [32, 320],
      [200, 10],
      [210, 12],
      [220, 11],
    ];
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    const p = profileClusters(matrixFromRows(rows), labels, 3, words);
    expect(p.map((c) => c.label)).toEqual([
      'recent · high spend',
      'average recency · average spend',
      'lapsed · low spend',
    ]);
    expect(p[0]!.medians).toEqual([2, 1000]);
    expect(p[0]!.size).toBe(3);
    expect(p[0]!.share).toBeCloseTo(1 / 3, 12);
    expect(p[0]!.description).toBe('3 (33.3%): recent (median recency 2), high spend (median spend 1,000)');
  });
});
