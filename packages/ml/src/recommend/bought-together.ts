import type { Purchase } from './purchase-index';

export interface AssociationRule {
  item: string;
  other: string;
  /** Baskets holding both. */
  count: number;
  /** Share of all baskets holding both. */
  support: number;
  /** P(other | item). */
  confidence: number;
  /** confidence / P(other): above 1 means bought together more than chance. */
  lift: number;
}

export interface CooccurrenceModel {
  baskets: number;
  items: string[];
  /** Baskets containing each item. */
  itemBaskets: Int32Array;
  /** Unordered pair (a < b) → baskets holding both; key a * items.length + b. */
  pairs: Map<number, number>;
}

/** Baskets are the purchases sharing a basket id (or, without one, a customer and time). */
export function buildCooccurrence(
  purchases: Iterable<Purchase>,
  options: { maxBasketSize?: number } = {},
): CooccurrenceModel {
  // Huge baskets (wholesale restocks) add pairs quadratically but say little about affinity.
  const { maxBasketSize = 500 } = options;
  const itemIndex = new Map<string, number>();
  const baskets = new Map<string, Set<number>>();
  for (const p of purchases) {
    let i = itemIndex.get(p.item);
    if (i === undefined) itemIndex.set(p.item, (i = itemIndex.size));
    const key = p.basket ?? `${p.customer}@${p.time}`;
    let b = baskets.get(key);
    if (!b) baskets.set(key, (b = new Set()));
    b.add(i);
  }
  const nI = itemIndex.size;
  const itemBaskets = new Int32Array(nI);
  const pairs = new Map<number, number>();
  let counted = 0;
  for (const set of baskets.values()) {
    if (set.size > maxBasketSize) continue;
    counted++;
    const items = [...set].sort((a, b) => a - b);
    for (let x = 0; x < items.length; x++) {
      const a = items[x]!;
      itemBaskets[a]!++;
      for (let y = x + 1; y < items.length; y++) {
        const key = a * nI + items[y]!;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  return { baskets: counted, items: [...itemIndex.keys()], itemBaskets, pairs };
}

/** "Bought together" for one item: other items by lift, among pairs seen in at least minCount baskets. */
export function boughtTogether(
  model: CooccurrenceModel,
  item: string,
  options: { top?: number; minCount?: number } = {},
): AssociationRule[] {
  const { top = 10, minCount = 2 } = options;
  const a = model.items.indexOf(item);
  if (a < 0) return [];
  const nI = model.items.length;
  const rules: AssociationRule[] = [];
  for (let b = 0; b < nI; b++) {
    if (b === a) continue;
    const count = model.pairs.get(Math.min(a, b) * nI + Math.max(a, b)) ?? 0;
    if (count < minCount) continue;
    rules.push(rule(model, a, b, count));
  }
  return rules.sort((x, y) => y.lift - x.lift || y.confidence - x.confidence || y.count - x.count).slice(0, top);
}

/** All pairs seen in at least minCount baskets, both directions, strongest lift first. */
export function allRules(
  model: CooccurrenceModel,
  options: { minCount?: number; minLift?: number } = {},
): AssociationRule[] {
  const { minCount = 2, minLift = 1 } = options;
  const nI = model.items.length;
  const rules: AssociationRule[] = [];
  for (const [key, count] of model.pairs) {
    if (count < minCount) continue;
    const a = Math.floor(key / nI);
    const b = key % nI;
    for (const r of [rule(model, a, b, count), rule(model, b, a, count)]) if (r.lift >= minLift) rules.push(r);
  }
  return rules.sort((x, y) => y.lift - x.lift || y.confidence - x.confidence || y.count - x.count);
}

function rule(model: CooccurrenceModel, a: number, b: number, count: number): AssociationRule {
  const n = model.baskets;
  const confidence = count / model.itemBaskets[a]!;
  return {
    item: model.items[a]!,
    other: model.items[b]!,
    count,
    support: count / n,
    confidence,
    lift: confidence / (model.itemBaskets[b]! / n),
  };
}
