import { describe, expect, it } from 'vitest';
import { chooseIndices, createRng, sampleIndices } from './random';

describe('createRng', () => {
  it('keeps the seeded sequence every stored model was trained with', () => {
    // Values of the original closure-variable mulberry32: a faster state must not change a single draw.
    const r = createRng(1);
    expect([r(), r(), r()]).toEqual([0.18967728852294385, 0.31778763560578227, 0.7830808095168322]);
    const big = createRng(2 ** 31 + 7);
    big();
    expect(big()).toBe(0.598999579437077);
  });

  it('draws in [0, 1)', () => {
    const r = createRng(9);
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('sampling', () => {
  it('sampleIndices returns the requested count of distinct sorted indices', () => {
    const s = sampleIndices(1000, 0.3, createRng(4));
    expect(s.length).toBe(300);
    for (let i = 1; i < s.length; i++) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
  });

  it('chooseIndices returns k distinct indices', () => {
    const c = chooseIndices(20, 7, createRng(5));
    expect(new Set(c).size).toBe(7);
    expect(c.every((i) => i >= 0 && i < 20)).toBe(true);
  });
});
