import { computeRfm, type OrderLine } from './rfm';
import { resolveColumns, RfmInputError, type OrderColumns } from './columns';
import { detectDayOrder, parseAmount, parseDate } from './parse-values';
import { segmentCustomers, type SegmentedCustomer, type SegmentSummary } from './segment-customers';
import { clusterRfm } from './rfm-clusters';
import type { ClusterProfile, KSweepPoint } from '../clustering';

export interface RfmFromRowsOptions extends Partial<OrderColumns> {
  /** Reference date (ISO string or epoch ms); default the day after the last order. */
  asOf?: string | number;
  /** Range of k for the k-means sweep; default [2, 8]. */
  kRange?: [number, number];
  seed?: number;
}

export interface RfmCustomerRow extends Omit<SegmentedCustomer, 'orderTimes' | 'firstOrder' | 'lastOrder'> {
  firstOrder: string;
  lastOrder: string;
  /** -1 when there were too few customers to cluster. */
  cluster: number;
}

export interface RejectedRows {
  count: number;
  byReason: Record<string, number>;
  /** First rows rejected, 1-based data row numbers (the header is row 0). */
  examples: { row: number; reason: string }[];
}

export interface RfmFromRowsResult {
  columns: OrderColumns;
  asOf: string;
  customers: RfmCustomerRow[];
  segments: SegmentSummary[];
  sweep: KSweepPoint[];
  bestK: number | null;
  clusters: ClusterProfile[];
  rejected: RejectedRows;
  warnings: string[];
}

/**
 * The `pipewise segments rfm --csv` pipeline on parsed CSV rows: columns (given or detected) → order lines
 * (bad rows rejected with reasons) → RFM → named segments, lifetime value, churn risk → k-means sweep.
 * Throws RfmInputError only when nothing can be computed (unknown column, no header); everything else is a warning.
 */
export function rfmFromOrderRows(
  rows: readonly Record<string, string>[],
  options: RfmFromRowsOptions = {},
): RfmFromRowsResult {
  const { asOf: asOfOption, kRange, seed, ...given } = options;
  const available = rows.length ? Object.keys(rows[0]!) : [];
  const warnings: string[] = [];
  const emptyRejected: RejectedRows = { count: 0, byReason: {}, examples: [] };
  if (rows.length === 0) {
    return {
      columns: { customer: given.customer ?? '', date: given.date ?? '' },
      asOf: '',
      customers: [],
      segments: [],
      sweep: [],
      bestK: null,
      clusters: [],
      rejected: emptyRejected,
      warnings: ['no orders: the file has no data rows'],
    };
  }
  const { columns, notes } = resolveColumns(available, given);
  warnings.push(...notes);
  const asOf = parseAsOf(asOfOption);
  const { lines, rejected, zeroLines, negative, seen } = toOrderLines(rows, columns, asOf);
  if (negative.count) {
    warnings.push(
      `${negative.count} line(s) with a negative amount (returns/credits, total ${negative.total.toFixed(2)}) were netted into the customer's spend; they do not count as orders or change recency; spend is floored at 0`,
    );
  }
  if (zeroLines) warnings.push(`${zeroLines} line(s) with a zero amount were ignored`);
  if (rejected.count)
    warnings.push(
      `${rejected.count} row(s) rejected: ${Object.entries(rejected.byReason)
        .map(([r, n]) => `${n} ${r}`)
        .join(', ')}`,
    );
  const { customers: rfm, asOf: asOfMs } = computeRfm(lines, { asOf });
  const returnsOnly = seen.size - rfm.length;
  if (returnsOnly > 0)
    warnings.push(
      `${returnsOnly} customer(s) with only returns or zero-value lines were left out (no purchase to score)`,
    );
  if (rfm.length === 0) {
    warnings.push('no orders: no row had a customer, a valid date and a positive amount');
    return { columns, asOf: '', customers: [], segments: [], sweep: [], bestK: null, clusters: [], rejected, warnings };
  }
  const single = rfm.filter((c) => c.frequency === 1).length;
  if (single)
    warnings.push(
      `${single} of ${rfm.length} customer(s) have a single order: their usual gap between orders is the median of repeat customers`,
    );
  const seg = segmentCustomers(rfm, asOfMs);
  const clustering = clusterRfm(rfm, { kRange, seed });
  warnings.push(...clustering.warnings);
  const customers = seg.customers.map(
    ({ orderTimes: _orderTimes, firstOrder, lastOrder, ...c }, i): RfmCustomerRow => ({
      ...c,
      firstOrder: new Date(firstOrder).toISOString(),
      lastOrder: new Date(lastOrder).toISOString(),
      cluster: clustering.labels[i] ?? -1,
    }),
  );
  return {
    columns,
    asOf: new Date(asOfMs).toISOString(),
    customers,
    segments: seg.segments,
    sweep: clustering.sweep,
    bestK: clustering.bestK,
    clusters: clustering.profiles,
    rejected,
    warnings,
  };
}

function parseAsOf(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = typeof v === 'number' ? v : parseDate(v);
  if (t === undefined || !Number.isFinite(t))
    throw new RfmInputError(`asOf "${v}" is not a valid date (use YYYY-MM-DD)`);
  return t;
}

function toOrderLines(rows: readonly Record<string, string>[], c: OrderColumns, asOf: number | undefined) {
  const lines: OrderLine[] = [];
  const rejected: RejectedRows = { count: 0, byReason: {}, examples: [] };
  const reject = (row: number, reason: string, detail: string) => {
    rejected.count++;
    rejected.byReason[reason] = (rejected.byReason[reason] ?? 0) + 1;
    if (rejected.examples.length < 20) rejected.examples.push({ row, reason: `${reason}: ${detail}` });
  };
  const dayOrder = detectDayOrder(rows.map((r) => r[c.date]));
  let zeroLines = 0;
  const seen = new Set<string>();
  const negative = { count: 0, total: 0 };
  rows.forEach((r, i) => {
    const row = i + 1;
    const customer = (r[c.customer] ?? '').trim();
    if (!customer) return reject(row, 'missing customer', `empty "${c.customer}"`);
    const rawDate = r[c.date];
    if (!rawDate?.trim()) return reject(row, 'missing date', `empty "${c.date}"`);
    const time = parseDate(rawDate, dayOrder);
    if (time === undefined) return reject(row, 'invalid date', `"${rawDate}" in "${c.date}"`);
    if (asOf !== undefined && time > asOf) return reject(row, 'date after asOf', `"${rawDate}"`);
    let amount: number | undefined;
    if (c.amount !== undefined) {
      amount = parseAmount(r[c.amount]);
      if (amount === undefined) return reject(row, 'invalid amount', `"${r[c.amount] ?? ''}" in "${c.amount}"`);
    } else {
      const q = parseAmount(r[c.quantity!]);
      const p = parseAmount(r[c.price!]);
      if (q === undefined) return reject(row, 'invalid quantity', `"${r[c.quantity!] ?? ''}" in "${c.quantity}"`);
      if (p === undefined) return reject(row, 'invalid price', `"${r[c.price!] ?? ''}" in "${c.price}"`);
      amount = q * p;
    }
    seen.add(customer);
    if (amount === 0) {
      zeroLines++;
      return;
    }
    if (amount < 0) {
      negative.count++;
      negative.total += amount;
    }
    const orderId = c.order !== undefined && r[c.order]?.trim() ? r[c.order]!.trim() : `@${time}`;
    lines.push({ customer, orderId, time, amount });
  });
  return { lines, rejected, zeroLines, negative, seen };
}
