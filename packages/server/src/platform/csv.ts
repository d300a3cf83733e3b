import Papa from 'papaparse';

/**
 * A cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return (OWASP "CSV
 * injection"). A plain number such as -12.5 is data, not a formula, and stays as it is. No `.*$` after the first
 * character: papaparse's default pattern misses a formula followed by a line break.
 */
export const formulaStart = /^(?![-+]?\d+(\.\d+)?([eE][-+]?\d+)?$)[=+\-@\t\r]/;

const options = { escapeFormulae: formulaStart, newline: '\n', header: false } as const;

const plain = (v: unknown): string | number | boolean => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return JSON.stringify(v);
};

/**
 * The one CSV writer of the server: RFC 4180 quoting by papaparse, and formula cells prefixed with a single quote so
 * a spreadsheet shows them as text. Every CSV export (rejected import rows, segment members) goes through here.
 */
export function csvLine(cells: readonly unknown[]): string {
  return Papa.unparse([cells.map(plain)], options) + '\n';
}

/** A whole CSV document: the header row, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
