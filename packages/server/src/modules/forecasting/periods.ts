/** Calendar periods in UTC. A period is named by its first day, 'YYYY-MM-DD'; weeks start on Monday (ISO). */
export const grains = ['day', 'week', 'month', 'quarter'] as const;
export type Grain = (typeof grains)[number];

/** The seasonal cycle handed to the models: a week of days, a year of weeks, months or quarters. */
export const seasonOf: Record<Grain, number> = { day: 7, week: 52, month: 12, quarter: 4 };
/** Longest horizon we accept: about two years of days, five of weeks, ten of months or quarters. */
export const maxHorizon: Record<Grain, number> = { day: 730, week: 260, month: 120, quarter: 40 };
/** Longest history used, so a day-grain series over many years stays fast (the models cap at 3,000 points too). */
export const maxHistory: Record<Grain, number> = { day: 1100, week: 520, month: 240, quarter: 80 };

const DAY = 86_400_000;

export function periodStart(d: Date, grain: Grain): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = Date.UTC(y, m, d.getUTCDate());
  if (grain === 'day') return new Date(day);
  if (grain === 'week') return new Date(day - ((d.getUTCDay() + 6) % 7) * DAY);
  if (grain === 'month') return new Date(Date.UTC(y, m, 1));
  return new Date(Date.UTC(y, m - (m % 3), 1));
}

export function addPeriods(start: Date, grain: Grain, n: number): Date {
  if (grain === 'day') return new Date(start.getTime() + n * DAY);
  if (grain === 'week') return new Date(start.getTime() + 7 * n * DAY);
  const months = grain === 'month' ? n : 3 * n;
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1));
}

export const dayKey = (d: Date) => d.toISOString().slice(0, 10);
export const parseDay = (key: string) => new Date(`${key}T00:00:00.000Z`);

/** Number of whole periods from `a` to `b` (both period starts of the grain). */
export function periodsBetween(a: Date, b: Date, grain: Grain): number {
  if (grain === 'day') return Math.round((b.getTime() - a.getTime()) / DAY);
  if (grain === 'week') return Math.round((b.getTime() - a.getTime()) / (7 * DAY));
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  return grain === 'month' ? months : Math.round(months / 3);
}

/** A label people read: '2026-11-23', 'week of 2026-11-23', 'Nov 2026', 'Q4 2026'. */
export function periodLabel(key: string, grain: Grain): string {
  const d = parseDay(key);
  if (grain === 'day') return key;
  if (grain === 'week') return `week of ${key}`;
  if (grain === 'month') return d.toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
}
