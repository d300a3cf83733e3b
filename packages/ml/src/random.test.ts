import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';

// The closure-variable mulberry32 each module used to carry its own copy of: the shared one must give the same draws,
// so demo data, simulations and models are unchanged by the move.
function referenceMulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mulberry32', () => {
  it.each([0, 1, 42, 0x7fffffff, 0xffffffff, -5])('draws what the reference draws from seed %d', (seed) => {
    const ours = mulberry32(seed);
    const ref = referenceMulberry32(seed);
    for (let i = 0; i < 1000; i++) expect(ours()).toBe(ref());
  });

  it('outputs 32-bit integers divided by 2^32', () => {
    const r = mulberry32(7);
    for (let i = 0; i < 100; i++) expect(Number.isInteger(r() * 4294967296)).toBe(true);
  });
});
