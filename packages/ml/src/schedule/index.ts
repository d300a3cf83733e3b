import { DateTime } from 'luxon';
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * When a sequence may send: pure functions over an injected instant, a contact's zone, the workspace's windows,
 * holidays and caps. No I/O: the sequences module reads the facts and asks these functions.
 */

/** Days are ISO weekdays (1 = Monday … 7 = Sunday); times are local 'HH:MM' in the contact's zone, end exclusive. */
export type SendWindow = { days: number[]; start: string; end: string };
export const DEFAULT_WINDOW: SendWindow = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };

/** Frequency caps across sequences, per contact, for marketing email. */
export type FrequencyCaps = { perDays: { max: number; days: number }; perWeek: number };
export const DEFAULT_CAPS: FrequencyCaps = { perDays: { max: 1, days: 3 }, perWeek: 3 };

/** One main time zone per country (the capital's); enough for send windows of a few hours. */
export const COUNTRY_ZONE: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  MX: 'America/Mexico_City',
  BR: 'America/Sao_Paulo',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  CO: 'America/Bogota',
  PE: 'America/Lima',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  PT: 'Europe/Lisbon',
  ES: 'Europe/Madrid',
  FR: 'Europe/Paris',
  BE: 'Europe/Brussels',
  NL: 'Europe/Amsterdam',
  LU: 'Europe/Luxembourg',
  DE: 'Europe/Berlin',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  IT: 'Europe/Rome',
  MT: 'Europe/Malta',
  DK: 'Europe/Copenhagen',
  NO: 'Europe/Oslo',
  SE: 'Europe/Stockholm',
  FI: 'Europe/Helsinki',
  IS: 'Atlantic/Reykjavik',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest',
  SI: 'Europe/Ljubljana',
  HR: 'Europe/Zagreb',
  RO: 'Europe/Bucharest',
  BG: 'Europe/Sofia',
  GR: 'Europe/Athens',
  CY: 'Asia/Nicosia',
  EE: 'Europe/Tallinn',
  LV: 'Europe/Riga',
  LT: 'Europe/Vilnius',
  UA: 'Europe/Kyiv',
  TR: 'Europe/Istanbul',
  IL: 'Asia/Jerusalem',
  AE: 'Asia/Dubai',
  SA: 'Asia/Riyadh',
  EG: 'Africa/Cairo',
  ZA: 'Africa/Johannesburg',
  NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi',
  IN: 'Asia/Kolkata',
  PK: 'Asia/Karachi',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  ID: 'Asia/Jakarta',
  PH: 'Asia/Manila',
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  TW: 'Asia/Taipei',
  KR: 'Asia/Seoul',
  JP: 'Asia/Tokyo',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
};

const validZone = (zone: string | null | undefined): zone is string =>
  Boolean(zone) && DateTime.local().setZone(zone!).isValid;

/** The contact's zone: an explicit field, else from the country, else from the phone's country, else the workspace's. */
export function contactZone(
  c: { timeZone?: string | null; country?: string | null; phone?: string | null },
  workspaceZone: string,
): { zone: string; from: 'field' | 'country' | 'phone' | 'workspace' } {
  if (validZone(c.timeZone)) return { zone: c.timeZone!, from: 'field' };
  const country = c.country?.trim().toUpperCase();
  if (country && COUNTRY_ZONE[country]) return { zone: COUNTRY_ZONE[country], from: 'country' };
  if (c.phone) {
    const parsed = parsePhoneNumberFromString(c.phone);
    const pc = parsed?.country;
    if (pc && COUNTRY_ZONE[pc]) return { zone: COUNTRY_ZONE[pc], from: 'phone' };
  }
  return { zone: validZone(workspaceZone) ? workspaceZone : 'UTC', from: 'workspace' };
}
/** Kept so callers can show the calling code they inferred a zone from. */
export const callingCodeOf = (country: string) => getCountryCallingCode(country as CountryCode);

const minutesOf = (hhmm: string) => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`Invalid time "${hhmm}": use HH:MM`);
  const v = Number(m[1]) * 60 + Number(m[2]);
  if (v > 24 * 60) throw new Error(`Invalid time "${hhmm}"`);
  return v;
};

export function validateWindow(w: SendWindow): string | null {
  if (w.days.length === 0) return 'sendWindow.days: pick at least one day';
  if (w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) return 'sendWindow.days: days are 1 (Mon) to 7 (Sun)';
  try {
    if (minutesOf(w.start) >= minutesOf(w.end)) return 'sendWindow.end: must be after start';
  } catch (e) {
    return `sendWindow: ${(e as Error).message}`;
  }
  return null;
}

/** Is this instant inside the window (local to `zone`) and not on a holiday (local 'YYYY-MM-DD')? */
export function inWindow(at: Date, zone: string, w: SendWindow, holidays: ReadonlySet<string> = new Set()): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  if (!w.days.includes(local.weekday)) return false;
  if (holidays.has(local.toISODate()!)) return false;
  const m = local.hour * 60 + local.minute;
  return m >= minutesOf(w.start) && m < minutesOf(w.end);
}

/**
 * The first instant at or after `from` inside the window, optionally aiming at a preferred local hour of the week
 * (send-time optimisation): the first slot at that hour inside the window within 7 days, else the window's first.
 * Returns null when no day in the next 400 is open (every day a holiday).
 */
export function nextSendTime(
  from: Date,
  zone: string,
  w: SendWindow,
  holidays: ReadonlySet<string> = new Set(),
  preferredHourOfWeek: number | null = null,
): Date | null {
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  const base = DateTime.fromJSDate(from, { zone });
  if (preferredHourOfWeek !== null) {
    const dow = Math.floor(preferredHourOfWeek / 24) + 1;
    const hour = preferredHourOfWeek % 24;
    for (let d = 0; d < 8; d++) {
      const day = base.startOf('day').plus({ days: d });
      if (day.weekday !== dow) continue;
      const cand = day.set({ hour, minute: 0 });
      if (cand < base) continue;
      if (inWindow(cand.toJSDate(), zone, w, holidays)) return cand.toJSDate();
    }
  }
  for (let d = 0; d < 400; d++) {
    const day = base.startOf('day').plus({ days: d });
    if (!w.days.includes(day.weekday) || holidays.has(day.toISODate()!)) continue;
    const open = day.plus({ minutes: start });
    const close = day.plus({ minutes: end });
    const cand = d === 0 && base > open ? base : open;
    if (cand >= close) continue;
    // A DST jump can move a local time out of the window: check the real instant.
    if (inWindow(cand.toJSDate(), zone, w, holidays)) return cand.toJSDate();
    const later = cand.plus({ hours: 1 });
    if (later < close && inWindow(later.toJSDate(), zone, w, holidays)) return later.toJSDate();
  }
  return null;
}

/** Adds days or business days (Mon-Fri, not a holiday) in the contact's zone, keeping the local time. */
export function addWait(
  from: Date,
  zone: string,
  amount: number,
  unit: 'days' | 'business_days',
  holidays: ReadonlySet<string> = new Set(),
): Date {
  let t = DateTime.fromJSDate(from, { zone });
  if (unit === 'days') return t.plus({ days: amount }).toJSDate();
  let left = amount;
  while (left > 0) {
    t = t.plus({ days: 1 });
    if (t.weekday <= 5 && !holidays.has(t.toISODate()!)) left--;
  }
  return t.toJSDate();
}

/**
 * The first instant at or after `at` when one more marketing email keeps the contact within the caps, given the
 * send times of their earlier marketing emails (any sequence). Null when `at` is already fine.
 */
export function capDelay(at: Date, previous: readonly Date[], caps: FrequencyCaps = DEFAULT_CAPS): Date | null {
  const day = 86_400_000;
  let t = at.getTime();
  const times = previous.map((d) => d.getTime()).sort((a, b) => a - b);
  for (let guard = 0; guard < 100; guard++) {
    const spanA = caps.perDays.days * day;
    const inA = times.filter((x) => x > t - spanA && x <= t);
    const inW = times.filter((x) => x > t - 7 * day && x <= t);
    let next = t;
    if (inA.length >= caps.perDays.max) next = Math.max(next, inA[inA.length - caps.perDays.max]! + spanA);
    if (inW.length >= caps.perWeek) next = Math.max(next, inW[inW.length - caps.perWeek]! + 7 * day);
    if (next === t) return t === at.getTime() ? null : new Date(t);
    t = next + 1;
  }
  return new Date(t);
}

/** Does a set of send times respect the caps (every rolling span)? For tests and checks. */
export function withinCaps(times: readonly Date[], caps: FrequencyCaps = DEFAULT_CAPS): boolean {
  const day = 86_400_000;
  const ts = times.map((d) => d.getTime()).sort((a, b) => a - b);
  for (let i = 0; i < ts.length; i++) {
    const inA = ts.filter((x) => x > ts[i]! - caps.perDays.days * day && x <= ts[i]!).length;
    const inW = ts.filter((x) => x > ts[i]! - 7 * day && x <= ts[i]!).length;
    if (inA > caps.perDays.max || inW > caps.perWeek) return false;
  }
  return true;
}

export type ScheduleInput = {
  /** When the step became due (after its wait). */
  due: Date;
  zone: string;
  window: SendWindow;
  holidays?: ReadonlySet<string>;
  preferredHourOfWeek?: number | null;
  /** Earlier marketing sends to this contact (all sequences), for the caps; empty for transactional. */
  previousMarketing?: readonly Date[];
  caps?: FrequencyCaps;
  /** The contact's last reply: nothing is sent until `quietDays` after it. */
  lastReplyAt?: Date | null;
  quietDays?: number;
  /** The enrolment ended (exit) at this instant: never send at or after it. */
  exitedAt?: Date | null;
};

/**
 * When to send one email: the earliest instant ≥ due that is in the window, not a holiday, past the quiet period
 * after a reply and within the caps. Null when it must not be sent at all (exited, or no open day).
 */
export function scheduleSend(s: ScheduleInput): Date | null {
  const holidays = s.holidays ?? new Set<string>();
  let t = s.due;
  if (s.lastReplyAt && s.quietDays) {
    const quietEnd = new Date(s.lastReplyAt.getTime() + s.quietDays * 86_400_000);
    if (quietEnd > t) t = quietEnd;
  }
  for (let guard = 0; guard < 50; guard++) {
    const slot = nextSendTime(t, s.zone, s.window, holidays, guard === 0 ? (s.preferredHourOfWeek ?? null) : null);
    if (!slot) return null;
    const capped = s.previousMarketing?.length ? capDelay(slot, s.previousMarketing, s.caps) : null;
    if (!capped) {
      if (s.exitedAt && slot >= s.exitedAt) return null;
      return slot;
    }
    t = capped;
  }
  return null;
}

/** The instant's hour of the week in the zone: 0 = Monday 00:00-00:59 … 167 = Sunday 23:00. */
export function hourOfWeek(at: Date, zone: string): number {
  const l = DateTime.fromJSDate(at, { zone });
  return (l.weekday - 1) * 24 + l.hour;
}
