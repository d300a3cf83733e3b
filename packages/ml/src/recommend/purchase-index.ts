/** One purchase event: a customer bought an item at a time, optionally within a basket (order/invoice). */
export interface Purchase {
  customer: string;
  item: string;
  /** Epoch milliseconds. */
  time: number;
  basket?: string;
}

/**
 * Binary customer × item purchase matrix in both directions (CSR on Int32Array): item-based scoring walks
 * item → buyers → their items, so nothing quadratic in the catalogue is ever materialised.
 */
export interface PurchaseIndex {
  customers: string[];
  items: string[];
  customerIndex: Map<string, number>;
  itemIndex: Map<string, number>;
  /** Items of customer c: itemsOf.slice(customerStart[c], customerStart[c + 1]), ascending. */
  customerStart: Int32Array;
  itemsOf: Int32Array;
  /** Last purchase time of that (customer, item) pair, aligned with itemsOf. */
  lastTimeOf: Float64Array;
  /** Buyers of item i: buyersOf.slice(itemStart[i], itemStart[i + 1]), ascending. */
  itemStart: Int32Array;
  buyersOf: Int32Array;
}

export function buildPurchaseIndex(purchases: Iterable<Purchase>): PurchaseIndex {
  const customerIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const pairs = new Map<number, Map<number, number>>();
  for (const p of purchases) {
    let c = customerIndex.get(p.customer);
    if (c === undefined) customerIndex.set(p.customer, (c = customerIndex.size));
    let i = itemIndex.get(p.item);
    if (i === undefined) itemIndex.set(p.item, (i = itemIndex.size));
    let items = pairs.get(c);
    if (!items) pairs.set(c, (items = new Map()));
    const t = items.get(i);
    if (t === undefined || p.time > t) items.set(i, p.time);
  }
  const nC = customerIndex.size;
  const nI = itemIndex.size;
  const customerStart = new Int32Array(nC + 1);
  for (let c = 0; c < nC; c++) customerStart[c + 1] = customerStart[c]! + (pairs.get(c)?.size ?? 0);
  const itemsOf = new Int32Array(customerStart[nC]!);
  const lastTimeOf = new Float64Array(itemsOf.length);
  const itemCount = new Int32Array(nI + 1);
  for (let c = 0; c < nC; c++) {
    const entries = [...(pairs.get(c) ?? [])].sort((a, b) => a[0] - b[0]);
    entries.forEach(([i, t], k) => {
      itemsOf[customerStart[c]! + k] = i;
      lastTimeOf[customerStart[c]! + k] = t;
      itemCount[i + 1]!++;
    });
  }
  const itemStart = new Int32Array(nI + 1);
  for (let i = 0; i < nI; i++) itemStart[i + 1] = itemStart[i]! + itemCount[i + 1]!;
  const fill = itemStart.slice(0, nI);
  const buyersOf = new Int32Array(itemsOf.length);
  for (let c = 0; c < nC; c++) {
    for (let k = customerStart[c]!; k < customerStart[c + 1]!; k++) buyersOf[fill[itemsOf[k]!]!++] = c;
  }
  return {
    customers: [...customerIndex.keys()],
    items: [...itemIndex.keys()],
    customerIndex,
    itemIndex,
    customerStart,
    itemsOf,
    lastTimeOf,
    itemStart,
    buyersOf,
  };
}

/** Number of distinct buyers of each item. */
export function itemPopularity(index: PurchaseIndex): Int32Array {
  const out = new Int32Array(index.items.length);
  for (let i = 0; i < out.length; i++) out[i] = index.itemStart[i + 1]! - index.itemStart[i]!;
  return out;
}
