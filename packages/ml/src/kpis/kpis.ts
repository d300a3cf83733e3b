/**
 * Sales KPIs from plain rows (no I/O): each figure over a time range [from, to), so the same code gives the monthly
 * series, quarters, and the breakdowns by rep, source and segment. Definitions are in docs/kpis.md; the property test
 * `kpis.property.db.test.ts` checks every one against an independent SQL computation.
 */

export const KPI_METRICS = [
  'conversion_rate',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'pipeline_velocity',
  'avg_order_value',
  'repeat_purchase_rate',
  'churn_rate',
] as const;
export type KpiMetricName = (typeof KPI_METRICS)[number];

/** Lower is better for these two; higher for the rest. */
export const LOWER_IS_BETTER: ReadonlySet<KpiMetricName> = new Set(['sales_cycle_days', 'churn_rate']);

export const DAY_MS = 86_400_000;
/** A customer who has not bought for this many days has churned. */
export const CHURN_AFTER_DAYS = 180;

export type Who = { rep: string | null; source: string | null; segment: string | null };
export type KpiContact = Who & { createdAt: number; customer: boolean };
export type KpiDeal = Who & {
  status: 'open' | 'won' | 'lost';
  amount: number | null;
  createdAt: number;
  closedAt: number | null;
};
/** Orders neither cancelled nor refunded; `firstOrderAt` is the contact's first such order ever. */
export type KpiOrder = Who & { contactId: string | null; at: number; total: number; firstOrderAt: number | null };
export type KpiData = { contacts: KpiContact[]; deals: KpiDeal[]; orders: KpiOrder[] };

export type KpiValue = { value: number | null; n: number };
export type KpiValues = Record<KpiMetricName, KpiValue>;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Every KPI over [from, to). */
export function kpiValues(data: KpiData, from: number, to: number): KpiValues {
  const inRange = (t: number | null) => t !== null && t >= from && t < to;
  const born = data.contacts.filter((c) => inRange(c.createdAt));
  const closed = data.deals.filter((d) => (d.status === 'won' || d.status === 'lost') && inRange(d.closedAt));
  const won = closed.filter((d) => d.status === 'won');
  const wonAmounts = won.filter((d) => d.amount !== null).map((d) => d.amount!);
  const cycles = won.map((d) => (d.closedAt! - d.createdAt) / DAY_MS);
  const winRate = ratio(won.length, closed.length);
  const dealSize = mean(wonAmounts);
  const cycle = mean(cycles);
  const open = data.deals.filter((d) => d.createdAt < to && (d.closedAt === null || d.closedAt >= to));
  const velocity =
    winRate !== null && dealSize !== null && cycle !== null && cycle > 0
      ? (open.length * winRate * dealSize) / cycle
      : null;
  const orders = data.orders.filter((o) => inRange(o.at));
  const buyers = new Map<string, boolean>();
  for (const o of orders) {
    if (!o.contactId) continue;
    const repeat = o.firstOrderAt !== null && o.at > o.firstOrderAt;
    buyers.set(o.contactId, (buyers.get(o.contactId) ?? false) || repeat);
  }
  // Churn: of the customers active at `from` (an order in the CHURN_AFTER_DAYS before it), those with no order in
  // the range whose last order is more than CHURN_AFTER_DAYS old at `to`.
  const lastBefore = new Map<string, number>();
  const boughtIn = new Set<string>();
  for (const o of data.orders) {
    if (!o.contactId) continue;
    if (o.at < from) lastBefore.set(o.contactId, Math.max(lastBefore.get(o.contactId) ?? -Infinity, o.at));
    else if (o.at < to) boughtIn.add(o.contactId);
  }
  const window = CHURN_AFTER_DAYS * DAY_MS;
  const active = [...lastBefore].filter(([, last]) => last >= from - window);
  const churned = active.filter(([id, last]) => !boughtIn.has(id) && last < to - window);
  return {
    conversion_rate: { value: ratio(born.filter((c) => c.customer).length, born.length), n: born.length },
    win_rate: { value: winRate, n: closed.length },
    avg_deal_size: { value: dealSize, n: wonAmounts.length },
    sales_cycle_days: { value: cycle, n: cycles.length },
    pipeline_velocity: { value: velocity, n: open.length },
    avg_order_value: { value: mean(orders.map((o) => o.total)), n: orders.length },
    repeat_purchase_rate: {
      value: ratio([...buyers.values()].filter(Boolean).length, buyers.size),
      n: buyers.size,
    },
    churn_rate: { value: ratio(churned.length, active.length), n: active.length },
  };
}

/** UTC month starts from the month of `from` through the month of `to` (inclusive). */
export function monthStarts(from: number, to: number): number[] {
  const out: number[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  for (;;) {
    const t = Date.UTC(y, m, 1);
    if (t > to) break;
    out.push(t);
    m += 1;
    if (m === 12) {
      m = 0;
      y += 1;
    }
  }
  return out;
}

const addMonths = (t: number, k: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
};
export const periodLabel = (t: number, period: 'month' | 'quarter') => {
  const d = new Date(t);
  return period === 'month'
    ? d.toISOString().slice(0, 7)
    : `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
};

/** Periods (months or calendar quarters) covering [from, now]; the last one is in progress when `now` is inside it. */
export function periods(from: number, now: number, period: 'month' | 'quarter') {
  const step = period === 'month' ? 1 : 3;
  const first = new Date(from);
  const start =
    period === 'month'
      ? Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)
      : Date.UTC(first.getUTCFullYear(), Math.floor(first.getUTCMonth() / 3) * 3, 1);
  const out: { label: string; from: number; to: number; partial: boolean }[] = [];
  for (let s = start; s <= now; s = addMonths(s, step)) {
    const e = addMonths(s, step);
    out.push({ label: periodLabel(s, period), from: s, to: Math.min(e, now + 1), partial: e > now + 1 });
  }
  return out;
}

/** The KPIs per group (rep, source or segment) over [from, to); rows without a value form the group `null`. */
export function kpiBreakdown(data: KpiData, key: keyof Who, from: number, to: number) {
  const groups = new Set<string | null>([
    ...data.contacts.map((c) => c[key]),
    ...data.deals.map((d) => d[key]),
    ...data.orders.map((o) => o[key]),
  ]);
  return [...groups].map((g) => ({
    group: g,
    values: kpiValues(
      {
        contacts: data.contacts.filter((c) => c[key] === g),
        deals: data.deals.filter((d) => d[key] === g),
        orders: data.orders.filter((o) => o[key] === g),
      },
      from,
      to,
    ),
  }));
}

/** Whether a value meets its target, with the metric's direction. */
export const meetsTarget = (metric: KpiMetricName, value: number | null, target: number) =>
  value === null ? null : LOWER_IS_BETTER.has(metric) ? value <= target : value >= target;
