/** One order line after parsing: who, which order, when, and its signed value (negative = return/credit). */
export interface OrderLine {
  customer: string;
  /** Lines of the same order share this id; frequency counts distinct ids. */
  orderId: string;
  /** Epoch milliseconds. */
  time: number;
  amount: number;
}

export interface CustomerRfm {
  customer: string;
  /** Whole days from the last purchase to asOf (floor), as pandas' Timedelta.days. */
  recencyDays: number;
  /** Distinct orders with positive value. */
  frequency: number;
  /** Purchases minus returns; never below 0 (a customer cannot be worth less than nothing to a segment). */
  monetary: number;
  /** Sum of negative lines (returns, credits) already netted into monetary; ≤ 0. */
  returns: number;
  firstOrder: number;
  lastOrder: number;
  /** Start time of each positive order, ascending: the raw material for gaps and lifetime value. */
  orderTimes: number[];
}

export interface RfmOptions {
  /** Reference instant; default the last order time plus one day, as the usual RFM recipe (and segment.py). */
  asOf?: number;
}

const DAY_MS = 86_400_000;

/**
 * RFM per customer. Positive lines make orders (recency, frequency, monetary); negative lines are netted into
 * monetary only, so a return lowers spend without looking like a visit. Customers with no positive line are left out.
 */
export function computeRfm(
  lines: Iterable<OrderLine>,
  options: RfmOptions = {},
): { customers: CustomerRfm[]; asOf: number } {
  interface Acc {
    orders: Map<string, number>;
    spend: number;
    returns: number;
  }
  const acc = new Map<string, Acc>();
  let maxTime = -Infinity;
  for (const line of lines) {
    let a = acc.get(line.customer);
    if (!a) acc.set(line.customer, (a = { orders: new Map(), spend: 0, returns: 0 }));
    if (line.amount > 0) {
      a.spend += line.amount;
      const t = a.orders.get(line.orderId);
      if (t === undefined || line.time < t) a.orders.set(line.orderId, line.time);
      if (line.time > maxTime) maxTime = line.time;
    } else {
      a.returns += line.amount;
    }
  }
  const asOf = options.asOf ?? maxTime + DAY_MS;
  const customers: CustomerRfm[] = [];
  for (const [customer, a] of acc) {
    if (a.orders.size === 0) continue;
    const orderTimes = [...a.orders.values()].sort((x, y) => x - y);
    const first = orderTimes[0]!;
    const last = orderTimes[orderTimes.length - 1]!;
    customers.push({
      customer,
      recencyDays: Math.max(0, Math.floor((asOf - last) / DAY_MS)),
      frequency: orderTimes.length,
      monetary: Math.max(0, a.spend + a.returns),
      returns: a.returns,
      firstOrder: first,
      lastOrder: last,
      orderTimes,
    });
  }
  return { customers, asOf };
}
