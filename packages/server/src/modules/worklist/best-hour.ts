/**
 * The hour a contact engages most, from the local hours of their inbound activity (opens, clicks, replies, visits).
 * Each hour is scored with its neighbours (a 3-hour window, wrapping at midnight) so 9:50 and 10:10 count together.
 * Null when there is too little history or no clear peak: a guess would be worse than no advice.
 */
export function bestHour(
  hours: readonly number[],
  opts: { minEvents?: number; minShare?: number } = {},
): { hour: number; share: number; events: number } | null {
  const { minEvents = 3, minShare = 0.4 } = opts;
  if (hours.length < minEvents) return null;
  const counts = new Array<number>(24).fill(0);
  for (const h of hours) if (Number.isInteger(h) && h >= 0 && h < 24) counts[h]!++;
  let best = -1;
  let bestCount = -1;
  for (let h = 0; h < 24; h++) {
    const window = counts[(h + 23) % 24]! + counts[h]! + counts[(h + 1) % 24]!;
    if (window > bestCount || (window === bestCount && counts[h]! > counts[best]!)) {
      best = h;
      bestCount = window;
    }
  }
  const share = bestCount / hours.length;
  return share >= minShare ? { hour: best, share, events: hours.length } : null;
}

export const formatHour = (h: number) => `${String(h).padStart(2, '0')}:00`;
