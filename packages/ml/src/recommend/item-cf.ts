import { buildPurchaseIndex, itemPopularity, type Purchase, type PurchaseIndex } from './purchase-index';

export interface Recommendation {
  item: string;
  score: number;
  /** Items this customer bought that point to this one most (empty for popularity picks). */
  because: string[];
  source: 'item-cf' | 'popularity';
}

export interface ItemCfOptions {
  /** Weight of a past purchase halves every this many days before `now` (recent taste counts more). Default 90. */
  historyHalfLifeDays?: number;
  /** Reference instant for history decay and trending popularity; default the latest purchase. */
  now?: number;
  /**
   * A co-buyer's purchase of a candidate counts less as it ages (half-life in days), so items still selling
   * outrank discontinued ones. Default 90.
   */
  candidateHalfLifeDays?: number;
  /** Popularity fallback counts buyers within this many days before `now`; default all history. */
  trendingDays?: number;
  /** Candidate item j is divided by buyers(j)^popularityDamping: 0.5 is cosine, lower favours best-sellers. */
  popularityDamping?: number;
  /** A bought item i contributes 1 / buyers(i)^historyDamping: 0.5 is cosine, higher discounts best-sellers. */
  historyDamping?: number;
  /** Co-buyer c counts 1 / items(c)^coBuyerDamping, so wholesalers who buy everything say less. Default 1. */
  coBuyerDamping?: number;
}

export interface ItemCfModel {
  index: PurchaseIndex;
  /** Top-n items this customer has not bought; popularity when they have no history. */
  recommend(customer: string, n?: number, options?: { explain?: boolean }): Recommendation[];
  /** Top-n items by distinct buyers (within `trendingDays`), skipping `exclude`. */
  popular(n?: number, exclude?: ReadonlySet<string>): Recommendation[];
}

const DAY_MS = 86_400_000;

/**
 * Item-based collaborative filtering on binary purchase history. With the defaults,
 * score(j) = Σ_{i bought} decay(i) / √buyers(i) · Σ_{c bought i and j} fresh(c, j) / items(c) · 1 / √buyers(j):
 * the sum of cosine similarities, with co-buyers who buy everything counting less and old purchases fading on
 * both sides (weights chosen on a validation split, see docs/segments.md). Computed through the co-buyers
 * (item → buyers → their items), so cost follows the data, never catalogue².
 */
export function createItemCf(purchases: Iterable<Purchase>, options: ItemCfOptions = {}): ItemCfModel {
  const index = buildPurchaseIndex(purchases);
  const {
    historyHalfLifeDays = 90,
    trendingDays = Infinity,
    popularityDamping = 0.5,
    historyDamping = 0.5,
    coBuyerDamping = 1,
    candidateHalfLifeDays = 90,
  } = options;
  const now = options.now ?? maxTime(index);
  const pop = itemPopularity(index);
  const historyWeight = Float64Array.from(pop, (p) => (p > 0 ? p ** -historyDamping : 0));
  const trending = trendingCounts(index, now - trendingDays * DAY_MS);
  const targetWeight = Float64Array.from(pop, (p) => (p > 0 ? p ** -popularityDamping : 0));
  const coBuyerWeight = Float64Array.from(
    { length: index.customers.length },
    (_, c) => (index.customerStart[c + 1]! - index.customerStart[c]!) ** -coBuyerDamping,
  );
  const trendOrder = [...index.items.keys()].sort((a, b) => trending[b]! - trending[a]! || pop[b]! - pop[a]! || a - b);
  const freshness = Float64Array.from(
    index.lastTimeOf,
    (t) => 0.5 ** Math.max(0, (now - t) / DAY_MS / candidateHalfLifeDays),
  );
  const nC = index.customers.length;
  const overlap = new Float64Array(nC);
  const score = new Float64Array(index.items.length);
  // Scratch marks: a weight can underflow to 0, so "first touch" cannot be read from the sums themselves.
  const coBuyerSeen = new Uint8Array(nC);
  const itemSeen = new Uint8Array(index.items.length);

  const popular = (n = 10, exclude: ReadonlySet<string> = new Set()): Recommendation[] => {
    const out: Recommendation[] = [];
    for (const i of trendOrder) {
      if (out.length >= n) break;
      const item = index.items[i]!;
      if (!exclude.has(item)) out.push({ item, score: trending[i]!, because: [], source: 'popularity' });
    }
    return out;
  };

  const recommend = (customer: string, n = 10, { explain: withReasons = true } = {}): Recommendation[] => {
    const u = index.customerIndex.get(customer);
    if (u === undefined) return popular(n);
    const start = index.customerStart[u]!;
    const end = index.customerStart[u + 1]!;
    const owned = new Set<number>();
    const touched: number[] = [];
    for (let k = start; k < end; k++) {
      const i = index.itemsOf[k]!;
      owned.add(i);
      const w = 0.5 ** Math.max(0, (now - index.lastTimeOf[k]!) / DAY_MS / historyHalfLifeDays) * historyWeight[i]!;
      for (let b = index.itemStart[i]!; b < index.itemStart[i + 1]!; b++) {
        const c = index.buyersOf[b]!;
        if (c === u) continue;
        if (!coBuyerSeen[c]) {
          coBuyerSeen[c] = 1;
          touched.push(c);
        }
        overlap[c]! += w;
      }
    }
    const scored: number[] = [];
    for (const c of touched) {
      const o = overlap[c]! * coBuyerWeight[c]!;
      overlap[c] = 0;
      coBuyerSeen[c] = 0;
      for (let k = index.customerStart[c]!; k < index.customerStart[c + 1]!; k++) {
        const j = index.itemsOf[k]!;
        if (owned.has(j)) continue;
        if (!itemSeen[j]) {
          itemSeen[j] = 1;
          scored.push(j);
        }
        score[j]! += o * freshness[k]!;
      }
    }
    const ranked = scored.map((j) => ({ j, s: score[j]! * targetWeight[j]! }));
    for (const j of scored) score[j] = itemSeen[j] = 0;
    ranked.sort((a, b) => b.s - a.s || a.j - b.j);
    const out: Recommendation[] = ranked.slice(0, n).map(({ j, s }) => ({
      item: index.items[j]!,
      score: s,
      because: withReasons ? explain(index, u, j) : [],
      source: 'item-cf',
    }));
    // Too little history to fill the list: top up with what sells, never repeating or re-offering owned items.
    if (out.length < n) {
      const skip = new Set([...out.map((r) => r.item), ...[...owned].map((i) => index.items[i]!)]);
      out.push(...popular(n - out.length, skip));
    }
    return out;
  };

  return { index, recommend, popular };
}

/** The customer's items most often co-bought with j (at most three), for "because you bought …". */
function explain(index: PurchaseIndex, u: number, j: number): string[] {
  const buyersJ = new Set(index.buyersOf.subarray(index.itemStart[j]!, index.itemStart[j + 1]!));
  const counts: { i: number; n: number }[] = [];
  for (let k = index.customerStart[u]!; k < index.customerStart[u + 1]!; k++) {
    const i = index.itemsOf[k]!;
    let n = 0;
    for (let b = index.itemStart[i]!; b < index.itemStart[i + 1]!; b++) if (buyersJ.has(index.buyersOf[b]!)) n++;
    if (n > 0) counts.push({ i, n });
  }
  return counts
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, 3)
    .map(({ i }) => index.items[i]!);
}

function trendingCounts(index: PurchaseIndex, since: number): Int32Array {
  const out = new Int32Array(index.items.length);
  for (let k = 0; k < index.itemsOf.length; k++) if (index.lastTimeOf[k]! >= since) out[index.itemsOf[k]!]!++;
  return out;
}

function maxTime(index: PurchaseIndex): number {
  let t = -Infinity;
  for (const v of index.lastTimeOf) if (v > t) t = v;
  return Number.isFinite(t) ? t : 0;
}
