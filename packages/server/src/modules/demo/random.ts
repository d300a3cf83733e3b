import { mulberry32 } from '@pipewise/ml/random';

/** The demo is a pure function of its seed: draws come from the one seeded generator, with helpers for the shapes
 * a believable business needs. */
export type Rng = ReturnType<typeof createRng>;

export function createRng(seed: number) {
  const next = mulberry32(seed);
  const u32 = (): number => next() * 4294967296;
  const rng = {
    u32,
    next,
    /** Integer in [min, max], both inclusive. */
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    between: (min: number, max: number): number => min + next() * (max - min),
    chance: (p: number): boolean => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    normal: (mean = 0, sd = 1): number => {
      const u = 1 - next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    exponential: (mean: number): number => -mean * Math.log(1 - next()),
    poisson: (lambda: number): number => {
      if (lambda <= 0) return 0;
      if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    /** UUID v4-shaped (version and variant bits set) so ids pass uuid validation everywhere. */
    uuid: (): string => {
      const h = (n: number) => n.toString(16).padStart(8, '0');
      const a = h(u32());
      const b = h(((u32() & 0xffff0fff) | 0x00004000) >>> 0);
      const c = h(((u32() & 0x3fffffff) | 0x80000000) >>> 0);
      const d = h(u32());
      return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
    },
  };
  return rng;
}

/** FNV-1a: folds a workspace id into the id stream so one seed loaded into two workspaces gives distinct primary keys. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
