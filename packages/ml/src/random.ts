/**
 * The one seeded generator of Pipewise (mulberry32): every model, demo and simulation result must be reproducible
 * from its seed, so nothing uses Math.random.
 */
export type Rng = () => number;

/** Uniform numbers in [0, 1) from a raw 32-bit state. Each output is a 32-bit integer / 2^32, so `rng() * 2^32` is
 * that integer exactly. */
export function mulberry32(seed: number): Rng {
  // The state lives in a typed array: a closure variable above 2^30 is a heap number, allocated anew on every call
  // (3x slower, and garbage for the collector in loops drawing millions of numbers, like GOSS).
  const state = new Uint32Array(1);
  state[0] = seed >>> 0;
  return () => {
    const a = (state[0]! + 0x6d2b79f5) >>> 0;
    state[0] = a;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
