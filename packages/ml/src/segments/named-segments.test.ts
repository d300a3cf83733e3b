import { describe, expect, it } from 'vitest';
import { SEGMENT_DEFINITIONS, fmScore, segmentFor } from './named-segments';

describe('named segments', () => {
  it('cover every R × FM cell exactly once', () => {
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++) {
        const owners = SEGMENT_DEFINITIONS.filter((d) =>
          d.cells.some((c) => r >= c.r[0] && r <= c.r[1] && fm >= c.fm[0] && fm <= c.fm[1]),
        );
        expect(
          owners.map((o) => o.name),
          `cell R${r} FM${fm}`,
        ).toHaveLength(1);
      }
    }
  });

  it('are the eleven usual names', () => {
    expect(SEGMENT_DEFINITIONS.map((d) => d.name)).toEqual([
      'Champions',
      'Loyal',
      'Potential loyalists',
      'New',
      'Promising',
      'Need attention',
      'About to sleep',
      'At risk',
      "Can't lose them",
      'Hibernating',
      'Lost',
    ]);
  });

  it.each([
    { r: 5, f: 5, m: 5, name: 'Champions' },
    { r: 5, f: 4, m: 3, name: 'Champions' },
    { r: 4, f: 5, m: 4, name: 'Loyal' },
    { r: 3, f: 4, m: 4, name: 'Loyal' },
    { r: 5, f: 2, m: 3, name: 'Potential loyalists' },
    { r: 5, f: 1, m: 1, name: 'New' },
    { r: 4, f: 1, m: 1, name: 'Promising' },
    { r: 3, f: 3, m: 3, name: 'Need attention' },
    { r: 3, f: 1, m: 2, name: 'About to sleep' },
    { r: 2, f: 3, m: 4, name: 'At risk' },
    { r: 1, f: 5, m: 5, name: "Can't lose them" },
    { r: 2, f: 2, m: 1, name: 'Hibernating' },
    { r: 1, f: 2, m: 2, name: 'Hibernating' },
    { r: 1, f: 1, m: 1, name: 'Lost' },
  ])('R$r F$f M$m is $name', ({ r, f, m, name }) => {
    expect(segmentFor(r, f, m).name).toBe(name);
  });

  it('rounds half FM scores up and rejects scores out of range', () => {
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(1, 2)).toBe(2);
    expect(() => segmentFor(0, 3, 3)).toThrow(/out of range/);
  });
});
