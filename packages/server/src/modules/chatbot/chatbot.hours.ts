import { z } from '@hono/zod-openapi';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time such as 09:00');
const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** Weekly opening hours in one time zone, with dates the business is closed (holidays). */
export const businessHoursSchema = z
  .object({
    timeZone: z.string().max(64).refine(validZone, 'must be an IANA time zone such as Europe/London'),
    weekly: z
      .object(
        Object.fromEntries(weekdays.map((d) => [d, z.array(z.object({ from: hhmm, to: hhmm })).max(4)])) as Record<
          Weekday,
          z.ZodArray<z.ZodObject<{ from: typeof hhmm; to: typeof hhmm }>>
        >,
      )
      .partial(),
    closedDates: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-25'))
      .max(366)
      .default([]),
  })
  .openapi('BusinessHours');
export type BusinessHours = z.infer<typeof businessHoursSchema>;

/** Mon-Fri 9 to 5 in UTC until the business says otherwise. */
export const DEFAULT_HOURS: BusinessHours = {
  timeZone: 'UTC',
  weekly: Object.fromEntries(
    weekdays.slice(0, 5).map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
  ) as BusinessHours['weekly'],
  closedDates: [],
};

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The local date, weekday and minute of the day of an instant in a time zone. */
function localOf(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday).toLowerCase().slice(0, 3) as Weekday,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

export function isOpen(hours: BusinessHours, at: Date): boolean {
  const l = localOf(at, hours.timeZone);
  if (hours.closedDates.includes(l.date)) return false;
  return (hours.weekly[l.weekday] ?? []).some((s) => l.minute >= minutes(s.from) && l.minute < minutes(s.to));
}

/** The next instant the business opens (minute precision, within two weeks), or null when it never does. */
export function nextOpening(hours: BusinessHours, at: Date): Date | null {
  const step = 60_000;
  let t = new Date(Math.ceil(at.getTime() / step) * step);
  // Whole quarter hours first (every opening hour people type is one), then minutes near the hit.
  for (let i = 0; i < 14 * 24 * 4; i++) {
    if (isOpen(hours, t)) {
      let back = t;
      for (let k = 0; k < 15; k++) {
        const prev = new Date(back.getTime() - step);
        if (prev.getTime() < at.getTime() || !isOpen(hours, prev)) break;
        back = prev;
      }
      return back;
    }
    t = new Date(t.getTime() + 15 * step);
  }
  return null;
}

/** "Monday at 09:00 (Europe/London)" */
export function describeInstant(at: Date, timeZone: string): string {
  const s = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${s.replace(' ', ' at ')} (${timeZone})`;
}

/** "Mon-Fri 09:00-17:00, Sat 10:00-14:00 (Europe/London)" for the hours answer. */
export function describeHours(hours: BusinessHours): string {
  const label = (d: Weekday) => d[0]!.toUpperCase() + d.slice(1);
  const spans = weekdays.map((d) => (hours.weekly[d] ?? []).map((s) => `${s.from}-${s.to}`).join(', '));
  const groups: string[] = [];
  for (let i = 0; i < 7;) {
    let j = i;
    while (j + 1 < 7 && spans[j + 1] === spans[i]) j++;
    if (spans[i]) groups.push(`${label(weekdays[i]!)}${j > i ? `-${label(weekdays[j]!)}` : ''} ${spans[i]}`);
    i = j + 1;
  }
  if (groups.length === 0) return 'We have no opening hours set.';
  return `We're open ${groups.join(', ')} (${hours.timeZone} time).`;
}
