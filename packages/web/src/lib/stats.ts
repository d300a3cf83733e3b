/**
 * Dashboard figures from `GET /api/v1/stats`. The contract only says "dashboard figures", so this reads the
 * figures it knows under a few plausible names and ignores the rest.
 */

export type StageCount = { key: string; label: string; count: number; amount?: number };

export type DashboardStats = {
  contacts: number | undefined;
  companies: number | undefined;
  openDeals: number | undefined;
  openPipelineAmount: number | undefined;
  wonAmount: number | undefined;
  wonDeals: number | undefined;
  customers: number | undefined;
  orders: number | undefined;
  revenue: number | undefined;
  activities: number | undefined;
  contactsByStage: StageCount[];
  dealsByStage: StageCount[];
  revenueByMonth: { month: string; amount: number }[];
  raw: Record<string, unknown>;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(o: Obj, paths: string[]): number | undefined {
  for (const p of paths) {
    let cur: unknown = o;
    for (const k of p.split('.')) cur = isObj(cur) ? cur[k] : undefined;
    if (typeof cur === 'number' && Number.isFinite(cur)) return cur;
    if (typeof cur === 'string' && cur !== '' && Number.isFinite(Number(cur))) return Number(cur);
  }
  return undefined;
}

function pickAny(o: Obj, paths: string[]): unknown {
  for (const p of paths) {
    let cur: unknown = o;
    for (const k of p.split('.')) cur = isObj(cur) ? cur[k] : undefined;
    if (cur !== undefined && cur !== null) return cur;
  }
  return undefined;
}

function toStageCounts(v: unknown): StageCount[] {
  if (Array.isArray(v)) {
    return v.filter(isObj).map((x) => ({
      key: String(x.stage ?? x.key ?? x.id ?? x.stageId ?? x.name ?? ''),
      label: String(x.name ?? x.label ?? x.stageName ?? x.stage ?? x.key ?? ''),
      count: Number(x.count ?? x.deals ?? x.value ?? 0),
      amount: x.amount !== undefined || x.sum !== undefined || x.value !== undefined ? Number(x.amount ?? x.sum ?? x.value) : undefined,
    }));
  }
  if (isObj(v)) return Object.entries(v).map(([k, n]) => ({ key: k, label: k, count: typeof n === 'number' ? n : Number((n as Obj)?.count ?? 0), amount: isObj(n) ? Number(n.amount ?? 0) : undefined }));
  return [];
}

export function readStats(raw: unknown): DashboardStats {
  const o: Obj = isObj(raw) ? (isObj(raw.data) ? raw.data : raw) : {};
  const byMonth = pickAny(o, ['revenueByMonth', 'orders.byMonth', 'revenue.byMonth', 'monthlyRevenue']);
  return {
    contacts: pick(o, ['contacts', 'contacts.total', 'contacts.count', 'counts.contacts', 'totals.contacts']),
    companies: pick(o, ['companies', 'companies.total', 'companies.count', 'counts.companies', 'totals.companies']),
    openDeals: pick(o, ['openDeals', 'deals.open', 'deals.openCount', 'deals.open.count', 'counts.openDeals']),
    openPipelineAmount: pick(o, ['openPipelineAmount', 'pipelineValue', 'deals.openAmount', 'deals.open.amount', 'deals.pipelineValue', 'openDealsAmount']),
    wonAmount: pick(o, ['wonAmount', 'deals.wonAmount', 'deals.won.amount', 'wonDealsAmount']),
    wonDeals: pick(o, ['wonDeals', 'deals.won', 'deals.wonCount', 'deals.won.count']),
    customers: pick(o, ['customers', 'contacts.customers', 'counts.customers']),
    orders: pick(o, ['orders', 'orders.total', 'orders.count', 'counts.orders']),
    revenue: pick(o, ['revenue', 'orders.revenue', 'orders.amount', 'revenue.total', 'orderRevenue']),
    activities: pick(o, ['activities', 'activities.total', 'activities.count', 'counts.activities']),
    contactsByStage: toStageCounts(pickAny(o, ['contactsByStage', 'contacts.byStage', 'contacts.byLifecycleStage', 'lifecycleStages', 'byLifecycleStage'])),
    dealsByStage: toStageCounts(pickAny(o, ['dealsByStage', 'deals.byStage', 'pipeline.stages', 'pipelineByStage'])),
    revenueByMonth: Array.isArray(byMonth)
      ? byMonth.filter(isObj).map((x) => ({ month: String(x.month ?? x.period ?? x.date ?? ''), amount: Number(x.amount ?? x.revenue ?? x.total ?? 0) }))
      : [],
    raw: o,
  };
}

export function isEmptyWorkspace(s: DashboardStats): boolean {
  return (s.contacts ?? 0) === 0 && (s.companies ?? 0) === 0 && (s.openDeals ?? 0) === 0;
}
