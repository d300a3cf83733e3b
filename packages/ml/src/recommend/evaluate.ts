import { createItemCf, type ItemCfOptions } from './item-cf';
import { buildPurchaseIndex, itemPopularity, type Purchase } from './purchase-index';

export interface TimeSplitOptions extends ItemCfOptions {
  /** Purchases before this instant train the models; purchases from it on are the test. */
  cutoff: number;
  /** List length; default 10. */
  n?: number;
}

export interface ModelScore {
  model: string;
  /** 'returning': customers with history before the cut-off; 'new': first purchase after it. */
  customers: 'returning' | 'new';
  evaluated: number;
  /** Share of customers with at least one recommended item among their new test purchases. */
  hitRate: number;
  /** Mean over customers of |recommended ∩ new test items| / |new test items|. */
  recall: number;
}

export interface TimeSplitResult {
  models: ModelScore[];
  split: { trainPurchases: number; testPurchases: number; returningCustomers: number; newCustomers: number };
  seconds: number;
}

/**
 * Train before the cut-off, test on what each customer bought afterwards that they had never bought before
 * (re-orders are excluded from both the lists and the targets: they need no recommender). The baseline ranks
 * items by all-time distinct buyers in the training period, skipping items the customer already owns.
 */
export function evaluateTimeSplit(purchases: readonly Purchase[], options: TimeSplitOptions): TimeSplitResult {
  const started = performance.now();
  const { cutoff, n = 10, ...cf } = options;
  const train = purchases.filter((p) => p.time < cutoff);
  const test = purchases.filter((p) => p.time >= cutoff);
  const model = createItemCf(train, { ...cf, now: cf.now ?? cutoff });
  const index = model.index;
  const pop = itemPopularity(buildPurchaseIndex(train));
  const popularOrder = [...index.items.keys()].sort((a, b) => pop[b]! - pop[a]! || a - b).map((i) => index.items[i]!);

  const owned = (customer: string): Set<string> => {
    const u = index.customerIndex.get(customer);
    if (u === undefined) return new Set();
    return new Set(
      Array.from(index.itemsOf.subarray(index.customerStart[u]!, index.customerStart[u + 1]!), (i) => index.items[i]!),
    );
  };
  const targets = new Map<string, Set<string>>();
  for (const p of test) {
    let t = targets.get(p.customer);
    if (!t) targets.set(p.customer, (t = new Set()));
    t.add(p.item);
  }
  const acc = new Map<
    string,
    { customers: ModelScore['customers']; evaluated: number; hits: number; recall: number }
  >();
  const score = (name: string, group: ModelScore['customers'], recs: string[], target: Set<string>) => {
    const key = `${name}|${group}`;
    let a = acc.get(key);
    if (!a) acc.set(key, (a = { customers: group, evaluated: 0, hits: 0, recall: 0 }));
    const found = recs.filter((r) => target.has(r)).length;
    a.evaluated++;
    a.hits += found > 0 ? 1 : 0;
    a.recall += found / target.size;
  };
  let returning = 0;
  let fresh = 0;
  for (const [customer, bought] of targets) {
    const had = owned(customer);
    const target = new Set([...bought].filter((i) => !had.has(i)));
    if (target.size === 0) continue;
    const group = had.size > 0 ? 'returning' : 'new';
    if (group === 'returning') returning++;
    else fresh++;
    score(
      'pipewise',
      group,
      model.recommend(customer, n, { explain: false }).map((r) => r.item),
      target,
    );
    const base: string[] = [];
    for (const item of popularOrder) {
      if (base.length >= n) break;
      if (!had.has(item)) base.push(item);
    }
    score('popularity', group, base, target);
  }
  const models = [...acc].map(([key, a]): ModelScore => ({
    model: key.split('|')[0]!,
    customers: a.customers,
    evaluated: a.evaluated,
    hitRate: a.evaluated ? a.hits / a.evaluated : 0,
    recall: a.evaluated ? a.recall / a.evaluated : 0,
  }));
  return {
    models,
    split: {
      trainPurchases: train.length,
      testPurchases: test.length,
      returningCustomers: returning,
      newCustomers: fresh,
    },
    seconds: (performance.now() - started) / 1000,
  };
}
