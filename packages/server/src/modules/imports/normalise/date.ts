export type DateOrder = 'mdy' | 'dmy';
export type DateResult =
  | { ok: true; value: Date; order?: DateOrder }
  | { ok: false; ambiguous: true; reason: string }
  | { ok: false; ambiguous?: false; reason: string };

const months: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function make(y: number, m: number, d: number, hh = 0, mi = 0, ss = 0): Date | null {
  if (y < 100) y += y < 70 ? 2000 : 1900;
  const t = Date.UTC(y, m - 1, d, hh, mi, ss);
  const date = new Date(t);
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    hh > 23 ||
    mi > 59 ||
    ss > 60
  )
    return null;
  return date;
}

function time(rest: string | undefined): [number, number, number] | null {
  if (!rest) return [0, 0, 0];
  const t = /^[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm)?$/i.exec(rest);
  if (!t) return null;
  let h = Number(t[1]);
  const ap = t[4]?.toLowerCase();
  if (ap === 'pm' && h < 12) h += 12;
  if (ap === 'am' && h === 12) h = 0;
  return [h, Number(t[2]), Number(t[3] ?? 0)];
}

/**
 * ISO (with or without time/zone), Excel serial days, "12 Mar 2024", and numeric day/month dates. For numeric dates
 * whose day and month are both ≤ 12 the order must be given (the file-level setting); otherwise the result is an
 * ambiguity to report, never a guess. Times without a zone are read as UTC.
 */
export function parseDate(raw: string, order?: DateOrder): DateResult {
  const s = raw.trim();
  if (!s) return { ok: false, reason: 'empty date' };
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) return { ok: true, value: d };
  }
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(s);
  if (m) {
    const t = time(m[4]);
    const d = t && make(Number(m[1]), Number(m[2]), Number(m[3]), ...t);
    return d ? { ok: true, value: d } : { ok: false, reason: `"${s}" is not a valid date` };
  }
  // Excel serial days (1900 system): 20000..80000 covers 1954..2119 and keeps plain numbers from passing as dates.
  m = /^(\d{5})(\.\d+)?$/.exec(s);
  if (m) {
    const serial = Number(s);
    if (serial >= 20000 && serial <= 80000)
      return { ok: true, value: new Date(Math.round((serial - 25569) * 86400) * 1000) };
  }
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -,]*(\d{2,4})(.*)$/.exec(s) ?? null;
  if (
    (m && months[m[2]!.slice(0, 4).toLowerCase()] !== undefined) ||
    (m && months[m[2]!.slice(0, 3).toLowerCase()] !== undefined)
  ) {
    const mon = months[m[2]!.slice(0, 4).toLowerCase()] ?? months[m[2]!.slice(0, 3).toLowerCase()]!;
    const t = time(m[4]);
    const d = t && make(Number(m[3]), mon, Number(m[1]), ...t);
    if (d) return { ok: true, value: d };
  }
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(.*)$/.exec(s);
  if (m && months[m[1]!.slice(0, 3).toLowerCase()] !== undefined) {
    const t = time(m[4]);
    const d = t && make(Number(m[3]), months[m[1]!.slice(0, 3).toLowerCase()]!, Number(m[2]), ...t);
    if (d) return { ok: true, value: d };
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(.*)$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const t = time(m[4]);
    if (!t) return { ok: false, reason: `"${s}" is not a valid date` };
    let use: DateOrder | undefined = order;
    if (a > 12 && b <= 12) use = 'dmy';
    else if (b > 12 && a <= 12) use = 'mdy';
    else if (!use && a !== b)
      return {
        ok: false,
        ambiguous: true,
        reason: `"${s}" could be day/month or month/day: set the date order (US or European)`,
      };
    use ??= 'mdy';
    const d = use === 'mdy' ? make(Number(m[3]), a, b, ...t) : make(Number(m[3]), b, a, ...t);
    return d
      ? { ok: true, value: d, order: a > 12 || b > 12 ? use : undefined }
      : { ok: false, reason: `"${s}" is not a valid date` };
  }
  return { ok: false, reason: `"${s}" is not a date in a known format (ISO, US, European, Excel serial)` };
}

/** Looks at a column's values: which numeric order they prove, if any (a value with a day above 12 settles it). */
export function detectDateOrder(values: Iterable<string>): DateOrder | 'conflict' | null {
  let found: DateOrder | null = null;
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(v);
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    const o: DateOrder | null = a > 12 && b <= 12 ? 'dmy' : b > 12 && a <= 12 ? 'mdy' : null;
    if (!o) continue;
    if (found && found !== o) return 'conflict';
    found = o;
  }
  return found;
}
