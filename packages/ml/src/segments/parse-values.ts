/** Lenient parsing of the numbers and dates found in shop exports; undefined means "reject this row". */

/** "1,234.50", "£12.50", "12,50", "(3.00)" (accounting negative) → number. */
export function parseAmount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  let s = raw.trim();
  if (s === '') return undefined;
  let sign = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  s = s.replace(/[\s£$€¥]|[A-Z]{3}$/gi, '');
  if (s.includes(',') && s.includes('.')) s = s.replace(/,/g, '');
  else if (/^-?\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  const v = sign * Number(s);
  return Number.isFinite(v) ? v : undefined;
}

export type DayOrder = 'MDY' | 'DMY';

/**
 * ISO dates ("2011-12-09", "2011-12-09 12:50:00", with T or zone) and slash dates ("12/9/2011 12:50").
 * Times without a zone are read as UTC: only differences matter and UTC has no DST jumps.
 */
export function parseDate(raw: string | undefined, dayOrder: DayOrder = 'MDY'): number | undefined {
  if (raw === undefined) return undefined;
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
    s,
  );
  if (m) {
    if (m[7]) {
      const t = Date.parse(s.replace(' ', 'T'));
      return Number.isNaN(t) ? undefined : t;
    }
    return utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (m) {
    const a = +m[1]!;
    const b = +m[2]!;
    const year = m[3]!.length === 2 ? 2000 + +m[3]! : +m[3]!;
    const [month, day] = dayOrder === 'MDY' ? [a, b] : [b, a];
    return utc(year, month, day, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  }
  return undefined;
}

/** Day-first when any slash date has a first part above 12 (e.g. 25/03/2011); month-first otherwise (UCI, US). */
export function detectDayOrder(values: Iterable<string | undefined>): DayOrder {
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/.](\d{1,2})[/.]/.exec(v ?? '');
    if (m && +m[1]! > 12) return 'DMY';
  }
  return 'MDY';
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 31 Feb into March: reject instead.
  return new Date(t).getUTCDate() === d ? t : undefined;
}
