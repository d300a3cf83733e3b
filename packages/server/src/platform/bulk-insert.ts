import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

// One text[] parameter per column, unnested and cast server-side: a statement carries
// thousands of rows without reaching the bind-parameter limit.
const needsEscape = /["\\]/;
const quote = (s: string) => `"${needsEscape.test(s) ? s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : s}"`;

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.map((x) => quote(String(x))).join(',')}}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function arrayLiteral(rows: readonly Record<string, unknown>[], key: string): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const t = toText(rows[i]![key]);
    parts[i] = t === null ? 'NULL' : quote(t);
  }
  return `{${parts.join(',')}}`;
}

/** A multi-row INSERT of rows keyed like the drizzle table (camelCase); the columns are those of the first row. */
export function unnestInsert(table: PgTable, rows: readonly Record<string, unknown>[]): SQL {
  const first = rows[0] ?? {};
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in first);
  const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
  const casts = columns.map(([, c], i) => `c${i}::${c.getSQLType()}`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const params = sql.join(
    columns.map(([key]) => sql`${arrayLiteral(rows, key)}::text[]`),
    sql.raw(', '),
  );
  return sql`${sql.raw(`INSERT INTO "${getTableName(table)}" (${names}) SELECT ${casts} FROM unnest(`)}${params}${sql.raw(`) AS u(${aliases})`)}`;
}

export const textArray = (values: readonly string[]) => `{${values.map((v) => quote(v)).join(',')}}`;
