/**
 * Send-time optimisation: each contact's best hour of the week from their recent engagement, shrunk toward their
 * segment's and the workspace's pattern when they have little data (empirical Bayes with a Dirichlet-like prior).
 */
export const HOURS_OF_WEEK = 168;

/** One engagement (open, click, reply, visit) at a local hour of the week (0 = Monday 00:00). */
export type Engagement = { hourOfWeek: number; weight?: number };

/** Counts per hour of week, smoothed over neighbouring hours (people answer around a time, not at it). */
export function hourHistogram(events: readonly Engagement[], smooth = 1): Float64Array {
  const h = new Float64Array(HOURS_OF_WEEK);
  for (const e of events) {
    const w = e.weight ?? 1;
    for (let d = -smooth; d <= smooth; d++) {
      const k = (((e.hourOfWeek + d) % HOURS_OF_WEEK) + HOURS_OF_WEEK) % HOURS_OF_WEEK;
      h[k]! += d === 0 ? w : w / 2;
    }
  }
  return h;
}

const normalise = (h: Float64Array) => {
  const sum = h.reduce((a, b) => a + b, 0);
  return sum > 0 ? h.map((v) => v / sum) : new Float64Array(HOURS_OF_WEEK).fill(1 / HOURS_OF_WEEK);
};

/**
 * Posterior hour distribution: the contact's counts plus `strength` pseudo-counts spread as the prior (segment
 * pattern shrunk toward the workspace's with `segmentStrength`). With no data it is the prior; with much it is theirs.
 */
export function posterior(
  contact: Float64Array,
  segment: Float64Array | null,
  workspace: Float64Array,
  opts: { strength?: number; segmentStrength?: number } = {},
): Float64Array {
  const strength = opts.strength ?? 5;
  const ws = normalise(workspace);
  let prior = ws;
  if (segment) {
    const segTotal = segment.reduce((a, b) => a + b, 0);
    const s2 = opts.segmentStrength ?? 20;
    prior = normalise(segment.map((v, i) => v + s2 * ws[i]!) as Float64Array);
    void segTotal;
  }
  return normalise(contact.map((v, i) => v + strength * prior[i]!) as Float64Array);
}

/**
 * The best hour of the week inside the allowed hours (the send window), or null when none is allowed. Ties go to
 * the earliest hour, so the answer is deterministic.
 */
export function bestHour(p: Float64Array, allowed: (hourOfWeek: number) => boolean = () => true): number | null {
  let best: number | null = null;
  for (let k = 0; k < HOURS_OF_WEEK; k++) if (allowed(k) && (best === null || p[k]! > p[best]!)) best = k;
  return best;
}

/** Seeded, stable holdout: the same enrolment id always lands on the same side. */
export function isHoldout(key: string, share: number, seed = 0): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296 < share;
}

/** Does a predicted hour fall within ±tolerance hours (circular over the week) of the actual one? */
export function hourHit(predicted: number, actual: number, tolerance = 1): boolean {
  const d = Math.abs(predicted - actual) % HOURS_OF_WEEK;
  return Math.min(d, HOURS_OF_WEEK - d) <= tolerance;
}
