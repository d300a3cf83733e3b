import { z } from '@hono/zod-openapi';

/** Reusable input fields: one definition of "an email", "a reference", "custom fields" for every module. */

/** A lone UTF-16 surrogate: JavaScript allows it, UTF-8 (and so PostgreSQL) cannot store it. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Why a string cannot be stored as PostgreSQL text, or null when it can (NUL bytes and lone surrogates cannot). */
export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain NUL characters';
  if (loneSurrogate.test(s)) return 'must not contain unpaired UTF-16 surrogates';
  return null;
}
/** The one string schema every text field starts from: anything else a database can store. */
export const safeString = () =>
  z.string().superRefine((s, ctx) => {
    const why = unstorableText(s);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  });
export const text = (max = 500) => safeString().trim().max(max);
export const optionalText = (max = 500) =>
  safeString()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v === '' ? null : v));
export const email = safeString()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be a valid email address'))
  .nullish()
  .or(z.literal('').transform(() => null));
export const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a record id');
export const ref = uuid.nullish();
export const tags = z
  .array(safeString().trim().min(1).max(60))
  .max(50)
  .transform((t) => [...new Set(t)]);
export const customFields = z
  .record(safeString().min(1).max(100), z.union([safeString().max(2000), z.number().finite(), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 custom fields');
/** Largest magnitude a numeric(precision, scale) column stores once PostgreSQL has rounded to `scale` digits. */
export function numericLimit(precision: number, scale: number): number {
  return 10 ** (precision - scale) - 10 ** -scale / 2;
}
/** The largest magnitude a drizzle numeric column holds, read from its declared precision and scale. */
export function columnLimit(column: object): { limit: number; shown: string } {
  const c = column as { precision?: number; scale?: number; name?: string };
  if (c.precision === undefined) throw new Error(`column ${c.name} has no declared precision`);
  const digits = c.precision - (c.scale ?? 0);
  return { limit: numericLimit(c.precision, c.scale ?? 0), shown: `1e${digits}` };
}
/** A number that fits a numeric(p, s) column, derived from the drizzle column so the two cannot drift apart. */
export function decimalFor(column: object) {
  const { limit, shown } = columnLimit(column);
  return z.number().finite().gt(-limit, `must be greater than -${shown}`).lt(limit, `must be less than ${shown}`);
}
/** An amount of money in a numeric(16, 2) column (deal amounts, revenue, order totals). */
export const money = decimalFor({ precision: 16, scale: 2, name: 'money' });
/** PostgreSQL integer (int4) bounds. */
export const int4 = z.number().int().min(-2147483648).max(2147483647);
export const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code')
  .nullish();
/** Dates and times Pipewise accepts: anything outside is a typo (year 20266) or would not survive the database. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
/** Why y-m-d is not a calendar date within the bounds, or null when it is (no rollover: 2026-02-30 is refused). */
export function invalidCalendarDate(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR) return `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return 'is not a real calendar date';
  return null;
}
/** Checks a YYYY-MM-DD string; the reason it is not a valid date, or null. */
export function invalidIsoDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return 'must be a YYYY-MM-DD date';
  return invalidCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
/** Parses an ISO date-time (or date) strictly; a Date, or the reason it is not one. */
export function parseTimestamp(value: string): Date | string {
  const m =
    /^([+-]?\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(
      value.trim(),
    );
  if (!m) return 'must be an ISO date-time such as 2026-05-01T10:00:00Z';
  const why = invalidCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (why) return why;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return 'is not a real time of day';
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? 'must be an ISO date-time such as 2026-05-01T10:00:00Z' : d;
}
export const isoDate = z.string().superRefine((s, ctx) => {
  const why = invalidIsoDate(s);
  if (why) ctx.addIssue({ code: 'custom', message: why });
});
export const timestamp = z.union([z.string(), z.date()], { error: 'must be an ISO date-time' }).transform((v, ctx) => {
  const parsed = typeof v === 'string' ? parseTimestamp(v) : v;
  const why =
    typeof parsed === 'string'
      ? parsed
      : Number.isNaN(parsed.getTime())
        ? 'is not a valid date'
        : invalidCalendarDate(parsed.getUTCFullYear(), 1, 1);
  if (why || typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: why ?? 'is not a valid date' });
    return z.NEVER;
  }
  return parsed;
});

/** Record shape shared by every stored row, for OpenAPI documentation of responses. */
export const recordBase = {
  id: z.uuid(),
  workspaceId: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
