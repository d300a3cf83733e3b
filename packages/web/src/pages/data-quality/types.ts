/** Shapes of /api/v1/data-quality/* (docs/data-quality.md). Records come as database rows (snake_case). */
import type { components } from '../../lib/api-schema';

export type QualityReport = components['schemas']['DataQualityReport'];
export type Check = QualityReport['checks'][number];
export type Fix = QualityReport['fixes'][number];
// The duplicates and merges routes describe their rows loosely (data-quality.routes.ts `loose`): typed here.
export type DqRecord = Record<string, unknown> & { id: string };
export type Pair = {
  type: 'contacts' | 'companies';
  score: number;
  reasons: { code: string; detail: string }[];
  a: DqRecord | null;
  b: DqRecord | null;
};
export type PairsPage = {
  scan: { scannedAt: string; records: number; durationMs: number } | null;
  total: number;
  nextCursor: string | null;
  data: Pair[];
  message?: string;
};
export type Merge = components['schemas']['Merge'];

export const fieldLabels: Record<'contacts' | 'companies', [string, string][]> = {
  contacts: [
    ['first_name', 'First name'],
    ['last_name', 'Last name'],
    ['email', 'Email'],
    ['phone', 'Phone'],
    ['title', 'Title'],
    ['company_id', 'Company'],
    ['owner_id', 'Owner'],
    ['lifecycle_stage', 'Stage'],
    ['source', 'Source'],
    ['country', 'Country'],
    ['city', 'City'],
    ['consent_marketing_email', 'Email consent'],
    ['consent_profiling', 'Profiling consent'],
    ['do_not_contact', 'Do not contact'],
    ['became_customer_at', 'Customer since'],
    ['external_id', 'External id'],
    ['custom_fields', 'Custom fields'],
  ],
  companies: [
    ['name', 'Name'],
    ['domain', 'Domain'],
    ['industry', 'Industry'],
    ['size_band', 'Size'],
    ['employees', 'Employees'],
    ['annual_revenue', 'Annual revenue'],
    ['country', 'Country'],
    ['city', 'City'],
    ['phone', 'Phone'],
    ['owner_id', 'Owner'],
    ['external_id', 'External id'],
    ['custom_fields', 'Custom fields'],
  ],
};

export function recordName(r: DqRecord | null | undefined): string {
  if (!r) return '(removed)';
  if (typeof r.name === 'string') return r.name;
  const n = [r.first_name, r.last_name].filter(Boolean).join(' ');
  return n || String(r.email ?? r.id);
}

export function show(v: unknown, field?: string, r?: DqRecord): string {
  if (field === 'company_id' && r?.company_name) return String(r.company_name);
  if (field === 'owner_id' && r?.owner_name) return String(r.owner_name);
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'object') return Object.keys(v as object).length ? JSON.stringify(v) : '—';
  return String(v);
}

export const componentLabels: Record<string, string> = {
  completeness: 'Completeness',
  validity: 'Validity',
  duplicates: 'Duplicates',
  freshness: 'Freshness',
  consent: 'Consent',
};
