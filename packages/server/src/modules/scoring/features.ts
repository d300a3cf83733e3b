import type { RawRow } from '@pipewise/ml/models/index';

/**
 * The one feature builder for lead and deal scoring. It works on a snapshot of rows held in memory and computes
 * every feature AS OF a point in time: rows created or occurring after `asOf` are ignored, so a training example
 * observed on a past date sees exactly what a rep could have seen that day (no leakage from the future).
 *
 * Never used as features: names, email, phone, city, consent and do-not-contact flags, owner, tags, external ids
 * (personal identifiers or permissions, not buying signals) and the lifecycle stage / customer date (the outcome).
 */

const DAY = 86_400_000;
export const WINDOWS = [7, 30, 90] as const;
/** Activity types counted per window, with the words a rep reads. */
export const ENGAGEMENT_TYPES = {
  email_opened: 'opened',
  email_clicked: 'clicked',
  email_replied: 'replied',
  web_visit: 'visits',
  form_fill: 'forms',
  meeting: 'meetings',
  call: 'calls',
} as const;
type EngagementType = keyof typeof ENGAGEMENT_TYPES;
/** Inbound types: what the lead did, as opposed to what the rep did. */
const INBOUND = new Set<string>(['email_opened', 'email_clicked', 'email_replied', 'web_visit', 'form_fill']);

export type ActivityRow = { type: string; at: number };
export type ContactRow = {
  id: string;
  companyId: string | null;
  title: string | null;
  source: string | null;
  country: string | null;
  createdAt: number;
  becameCustomerAt: number | null;
  lifecycleStage: string;
  consentProfiling: string;
  customFields: Record<string, unknown>;
};
export type CompanyRow = {
  id: string;
  industry: string | null;
  sizeBand: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  createdAt: number;
  customFields: Record<string, unknown>;
};
export type DealRow = {
  id: string;
  contactId: string | null;
  companyId: string | null;
  pipelineId: string;
  stageId: string;
  amount: number | null;
  source: string | null;
  status: string;
  createdAt: number;
  closedAt: number | null;
  customFields: Record<string, unknown>;
};
export type StageChange = { fromStageId: string | null; toStageId: string; at: number };
export type StageInfo = { name: string; position: number; probability: number; kind: string; pipelineName: string };

export type Snapshot = {
  contacts: Map<string, ContactRow>;
  companies: Map<string, CompanyRow>;
  deals: Map<string, DealRow>;
  /** Sorted by time, per contact / per deal. */
  activitiesByContact: Map<string, ActivityRow[]>;
  activitiesByDeal: Map<string, ActivityRow[]>;
  dealsByContact: Map<string, DealRow[]>;
  stageHistory: Map<string, StageChange[]>;
  stages: Map<string, StageInfo>;
  /** Custom field keys used as features (scalar values only), per record kind. */
  customKeys: { contact: string[]; company: string[]; deal: string[] };
};

const days = (ms: number) => Math.floor(ms / DAY);

const ENGAGEMENT_LIST = Object.keys(ENGAGEMENT_TYPES) as EngagementType[];
const ENGAGEMENT_INDEX = new Map<string, number>(ENGAGEMENT_LIST.map((t, i) => [t, i]));
/** Feature names of the counts, type by type and window by window ("email_opened_7d", ...), built once. */
const COUNT_NAMES = ENGAGEMENT_LIST.flatMap((t) => WINDOWS.map((w) => `${t}_${w}d`));
const WINDOW_MS = WINDOWS.map((w) => w * DAY);

/**
 * Counts per engagement type and window, plus recency, over the activities that happened by `asOf`, added to `row`
 * (a feature row is filled in place: spreading partial rows into one cost ~40% of building 74k of them).
 */
export function engagementFeatures(list: readonly ActivityRow[] | undefined, asOf: number, row: RawRow = {}): RawRow {
  const counts = new Array<number>(COUNT_NAMES.length).fill(0);
  let last = -Infinity;
  let lastInbound = -Infinity;
  let total = 0;
  for (const a of list ?? []) {
    if (a.at > asOf) continue;
    total++;
    if (a.at > last) last = a.at;
    if (INBOUND.has(a.type) && a.at > lastInbound) lastInbound = a.at;
    const type = ENGAGEMENT_INDEX.get(a.type);
    if (type === undefined) continue;
    const age = asOf - a.at;
    for (let w = 0; w < WINDOW_MS.length; w++) if (age <= WINDOW_MS[w]!) counts[type * WINDOW_MS.length + w]!++;
  }
  for (let k = 0; k < COUNT_NAMES.length; k++) row[COUNT_NAMES[k]!] = counts[k]!;
  row.activities_total = total;
  row.days_since_last_activity = Number.isFinite(last) ? days(asOf - last) : null;
  row.days_since_last_inbound = Number.isFinite(lastInbound) ? days(asOf - lastInbound) : null;
  return row;
}

/** A custom field value usable as a feature: numbers and short strings, booleans as yes/no; anything else is missing. */
function scalar(v: unknown): string | number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' && v.trim() !== '' && v.length <= 80) return v.trim();
  return null;
}

/** The company's fit attributes as of `asOf`, added to `row` (all missing when it did not exist yet). */
function companyFeatures(s: Snapshot, companyId: string | null, asOf: number, row: RawRow): void {
  const c = companyId ? s.companies.get(companyId) : undefined;
  const known = c && c.createdAt <= asOf ? c : undefined;
  row.company_industry = known?.industry ?? null;
  row.company_size = known?.sizeBand ?? null;
  row.company_employees = known?.employees ?? null;
  row.company_revenue = known?.annualRevenue ?? null;
  row.company_country = known?.country ?? null;
  for (const k of s.customKeys.company) row[`company_cf_${k}`] = known ? scalar(known.customFields[k]) : null;
}

/** Features of a contact as of `asOf` (the contact must exist by then). */
export function contactFeatures(s: Snapshot, contact: ContactRow, asOf: number): RawRow {
  if (contact.createdAt > asOf)
    throw new Error(`contact ${contact.id} did not exist at ${new Date(asOf).toISOString()}`);
  const deals = (s.dealsByContact.get(contact.id) ?? []).filter((d) => d.createdAt <= asOf);
  const row: RawRow = {
    title: contact.title,
    source: contact.source,
    country: contact.country,
    days_since_created: days(asOf - contact.createdAt),
    deals_open: deals.filter((d) => d.closedAt === null || d.closedAt > asOf).length,
    deals_lost: deals.filter((d) => d.status === 'lost' && d.closedAt !== null && d.closedAt <= asOf).length,
  };
  companyFeatures(s, contact.companyId, asOf, row);
  engagementFeatures(s.activitiesByContact.get(contact.id), asOf, row);
  for (const k of s.customKeys.contact) row[`cf_${k}`] = scalar(contact.customFields[k]);
  return row;
}

/** The stage a deal was in at `asOf`, from its stage history (its current stage only when it has not moved since). */
export function stageAt(s: Snapshot, deal: DealRow, asOf: number): string | null {
  const history = s.stageHistory.get(deal.id) ?? [];
  let stage: string | null = null;
  for (const h of history) if (h.at <= asOf) stage = h.toStageId;
  if (stage) return stage;
  const first = history[0];
  if (first) return first.fromStageId; // moved later: it sat in the stage it left
  return deal.closedAt === null || deal.closedAt > asOf ? deal.stageId : null;
}

/** Features of a deal as of `asOf`: the deal itself, its stage then, its contact's engagement and its company's fit. */
export function dealFeatures(s: Snapshot, deal: DealRow, asOf: number): RawRow {
  if (deal.createdAt > asOf) throw new Error(`deal ${deal.id} did not exist at ${new Date(asOf).toISOString()}`);
  const stageId = stageAt(s, deal, asOf);
  const stage = stageId ? s.stages.get(stageId) : undefined;
  const history = (s.stageHistory.get(deal.id) ?? []).filter((h) => h.at <= asOf);
  const lastMove = history.at(-1)?.at ?? deal.createdAt;
  const contact = deal.contactId ? s.contacts.get(deal.contactId) : undefined;
  const knownContact = contact && contact.createdAt <= asOf ? contact : undefined;
  const deal30 = (s.activitiesByDeal.get(deal.id) ?? []).filter((a) => a.at <= asOf && asOf - a.at <= 30 * DAY).length;
  const row: RawRow = {
    amount: deal.amount,
    pipeline: stage?.pipelineName ?? null,
    stage: stage?.name ?? null,
    stage_probability: stage ? stage.probability : null,
    days_open: days(asOf - deal.createdAt),
    days_in_stage: days(asOf - lastMove),
    stage_moves: history.length,
    source: deal.source ?? knownContact?.source ?? null,
    deal_activities_30d: deal30,
    title: knownContact?.title ?? null,
  };
  companyFeatures(s, deal.companyId ?? knownContact?.companyId ?? null, asOf, row);
  engagementFeatures(knownContact ? s.activitiesByContact.get(knownContact.id) : undefined, asOf, row);
  for (const k of s.customKeys.deal) row[`cf_${k}`] = scalar(deal.customFields[k]);
  return row;
}

/** Up to `max` custom field keys that hold scalar values often enough to be worth a column. */
export function pickCustomKeys(records: Iterable<{ customFields: Record<string, unknown> }>, max = 10): string[] {
  const counts = new Map<string, number>();
  let n = 0;
  for (const r of records) {
    n++;
    for (const [k, v] of Object.entries(r.customFields ?? {}))
      if (scalar(v) !== null && /^[\w -]{1,40}$/.test(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, c]) => c >= Math.max(3, n * 0.05))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k)
    .sort();
}
