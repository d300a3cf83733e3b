// Shared state of one demo generation run: the random streams, the clock and the hidden traits of each person.
import type { Rng } from './random';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const YEAR = 365 * DAY;

/** What the generator knows about a contact and the database never sees: the causes behind the visible signal. */
export type Person = {
  index: number;
  id: string;
  b2b: boolean;
  companyIndex: number;
  ownerId: string | null;
  /** 0..1, industry and size match (B2B) or a flat prior (B2C). */
  fit: number;
  /** 0..1, how much this person reads, clicks and visits. */
  engagement: number;
  /** UTC hour (fractional) around which this person opens and answers. */
  preferredHour: number;
  source: string;
  createdMs: number;
  /** Would have converted at this time (may be after now: an open deal that will be won). */
  latentConversionMs: number | null;
  /** Became a customer at this time (<= now). */
  conversionMs: number | null;
  /** Stops buying at this time (may be after now). */
  churnMs: number;
  churned: boolean;
  canEmail: boolean;
  canCall: boolean;
  /** Number of size units (machines per site) for B2B, 1 for B2C. */
  units: number;
  dealIds: string[];
  lastChangeMs: number;
};

export type Sim = {
  /** Content stream: names, behaviour, timing. */
  rng: Rng;
  /** Id stream, kept apart so ids can vary by workspace while the content stays the same. */
  ids: Rng;
  workspaceId: string;
  nowMs: number;
  repIds: string[];
};

/** Moves a Saturday or Sunday to the next Monday: people at work rarely email on weekends. */
export function toWorkday(ms: number): number {
  const day = new Date(ms).getUTCDay();
  return day === 6 ? ms + 2 * DAY : day === 0 ? ms + DAY : ms;
}

/** The same calendar day at a given (fractional) UTC hour. */
export function atHour(ms: number, hour: number): number {
  const d = new Date(ms);
  const h = ((hour % 24) + 24) % 24;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + Math.floor(h * HOUR);
}

/** A time during a rep's working day (09:00-17:30 UTC, weekdays) on or after the given day. */
export function workingTime(sim: Sim, ms: number): number {
  return atHour(toWorkday(ms), sim.rng.between(9, 17.5));
}

/** Keeps generated events in the past: a demo never shows tomorrow's meeting as done. */
export function notAfterNow(sim: Sim, ms: number, floorMs: number): number {
  if (ms <= sim.nowMs) return ms;
  return Math.max(floorMs, sim.nowMs - Math.floor(sim.rng.between(0.1, 6) * HOUR));
}

/** Cumulative weights with binary search: O(log n) weighted picks over thousands of companies. */
export function weightedPicker(weights: readonly number[]) {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  return (rng: Rng): number => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

export const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 40);

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
