import type { MemberRow } from './segments.queries';

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Quote when needed; a leading = + - @ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const columns: [string, (r: MemberRow) => unknown][] = [
  ['contact_id', (r) => r.contact_id], ['name', (r) => r.name], ['email', (r) => r.email], ['country', (r) => r.country], ['owner', (r) => r.owner_name],
  ['segment', (r) => r.segment], ['rfm', (r) => (r.r ? `${r.r}${r.f}${r.m}` : '')], ['recency_days', (r) => r.recency_days], ['frequency', (r) => r.frequency],
  ['monetary', (r) => r.monetary], ['clv', (r) => r.clv], ['churn_risk', (r) => r.churn_risk], ['cluster', (r) => r.cluster], ['last_order_at', (r) => (r.last_order_at ? new Date(r.last_order_at).toISOString() : '')],
];

/** Segment members as CSV with a header row. */
export function membersCsv(rows: readonly MemberRow[]): string {
  return [columns.map(([h]) => h).join(','), ...rows.map((r) => columns.map(([, get]) => cell(get(r))).join(','))].join('\n') + '\n';
}
