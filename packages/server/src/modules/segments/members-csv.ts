import { toCsv } from '../../platform/csv';
import type { MemberRow } from './segments-members.repo';

const columns: [string, (r: MemberRow) => unknown][] = [
  ['contact_id', (r) => r.contact_id],
  ['name', (r) => r.name],
  ['email', (r) => r.email],
  ['country', (r) => r.country],
  ['owner', (r) => r.owner_name],
  ['segment', (r) => r.segment],
  ['rfm', (r) => (r.r ? `${r.r}${r.f}${r.m}` : '')],
  ['recency_days', (r) => r.recency_days],
  ['frequency', (r) => r.frequency],
  ['monetary', (r) => r.monetary],
  ['clv', (r) => r.clv],
  ['churn_risk', (r) => r.churn_risk],
  ['cluster', (r) => r.cluster],
  ['last_order_at', (r) => (r.last_order_at ? new Date(r.last_order_at).toISOString() : '')],
];

/** Segment members as CSV with a header row. */
export function membersCsv(rows: readonly MemberRow[]): string {
  return toCsv(
    columns.map(([h]) => h),
    rows.map((r) => columns.map(([, get]) => get(r))),
  );
}
