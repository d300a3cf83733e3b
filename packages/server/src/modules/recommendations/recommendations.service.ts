import { sql } from 'drizzle-orm';
import {
  allRules,
  boughtTogether,
  buildCooccurrence,
  createItemCf,
  evaluateTimeSplit,
  type CooccurrenceModel,
  type ItemCfModel,
  type Purchase,
} from '@pipewise/ml/recommend/index';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { isUuid } from '../../platform/crud';
import { ownsOrMaySee } from '../auth/access';

const DAY = 86_400_000;

type Models = {
  key: string;
  purchases: Purchase[];
  cf: ItemCfModel;
  co: CooccurrenceModel;
  products: Map<string, { name: string; price: number | null; sku: string | null; active: boolean }>;
};

/**
 * Product recommendations from purchase history: item-based collaborative filtering per contact (popularity for
 * contacts with no history) and "bought together" per product. Models are built in memory per workspace and
 * rebuilt when the orders change (keyed by their count and last update).
 */
export function createRecommendationsService({
  db,
  clock,
  profilingExcluded,
}: {
  db: Db;
  clock: Clock;
  profilingExcluded?: (workspaceId: string) => Promise<Set<string>>;
}) {
  const cache = new Map<string, Models>();

  async function models(workspaceId: string): Promise<Models> {
    const [stamp] = await rowsOf<{ n: string | number; at: string | null }>(
      db,
      sql`select count(*) as n, max(updated_at)::text as at from orders where workspace_id = ${workspaceId}`,
    );
    const key = `${stamp?.n}|${stamp?.at}`;
    const hit = cache.get(workspaceId);
    if (hit && hit.key === key) return hit;
    const rows = await rowsOf<{ contact_id: string; product_id: string; at: string | Date; order_id: string }>(
      db,
      sql`
      select o.contact_id, l.product_id, o.ordered_at as at, o.id as order_id from order_lines l join orders o on o.id = l.order_id
      where l.workspace_id = ${workspaceId} and o.workspace_id = ${workspaceId} and o.contact_id is not null and l.product_id is not null
        and o.status not in ('cancelled', 'refunded') and l.quantity > 0 and l.amount > 0`,
    );
    const purchases: Purchase[] = rows.map((r) => ({
      customer: r.contact_id,
      item: r.product_id,
      time: new Date(r.at).getTime(),
      basket: r.order_id,
    }));
    const products = new Map(
      (
        await rowsOf<{ id: string; name: string; price: string | number | null; sku: string | null; active: boolean }>(
          db,
          sql`select id, name, price, sku, active from products where workspace_id = ${workspaceId}`,
        )
      ).map((p) => [
        p.id,
        { name: p.name, price: p.price === null ? null : Number(p.price), sku: p.sku, active: p.active },
      ]),
    );
    const m: Models = {
      key,
      purchases,
      cf: createItemCf(purchases, { now: clock.now().getTime() }),
      co: buildCooccurrence(purchases),
      products,
    };
    cache.set(workspaceId, m);
    return m;
  }

  const product = (m: Models, id: string) => ({
    productId: id,
    name: m.products.get(id)?.name ?? '(deleted product)',
    sku: m.products.get(id)?.sku ?? null,
    price: m.products.get(id)?.price ?? null,
  });

  return {
    /** Top-n products this contact has not bought, each with the reason it is suggested. */
    async forContact(actor: Actor, contactId: string, n = 5) {
      const [contact] = isUuid(contactId)
        ? await rowsOf<{ id: string; owner_id: string | null; name: string }>(
            db,
            sql`select id, owner_id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) as name from contacts where workspace_id = ${actor.workspaceId} and id = ${contactId}`,
          )
        : [];
      if (!contact || !ownsOrMaySee(actor, contact.owner_id)) throw notFound('Contact', contactId);
      if (profilingExcluded && (await profilingExcluded(actor.workspaceId)).has(contactId)) {
        return {
          contactId,
          basis: 'none' as const,
          items: [],
          message: `${contact.name || 'This contact'} objected to profiling: no personal recommendations.`,
        };
      }
      const m = await models(actor.workspaceId);
      if (m.purchases.length === 0)
        return {
          contactId,
          basis: 'none' as const,
          items: [],
          message: 'No product orders in this workspace yet: recommendations need orders with product lines.',
        };
      const bought = m.cf.index.customerIndex.has(contactId);
      const active = (id: string) => m.products.get(id)?.active !== false;
      const recs = m.cf
        .recommend(contactId, n * 2)
        .filter((r) => active(r.item))
        .slice(0, n);
      const items = recs.map((r) => ({
        ...product(m, r.item),
        score: Math.round(r.score * 1e4) / 1e4,
        source: r.source,
        because: r.because.map((b) => product(m, b)),
        reason:
          r.source === 'item-cf' && r.because.length
            ? `Customers who bought ${r.because.map((b) => m.products.get(b)?.name ?? 'a past purchase').join(', ')} also bought this`
            : `Popular: bought by ${Math.round(r.score)} customers`,
      }));
      return {
        contactId,
        basis: bought ? ('history' as const) : ('popularity' as const),
        items,
        message: bought
          ? null
          : `${contact.name || 'This contact'} has not bought anything yet, so these are the best sellers.`,
      };
    },

    /** Products bought in the same order as this one, with lift and confidence. */
    async boughtTogether(actor: Actor, productId: string, n = 5) {
      const m = await models(actor.workspaceId);
      if (!isUuid(productId) || !m.products.has(productId)) throw notFound('Product', productId);
      const rules = boughtTogether(m.co, productId, { top: n, minCount: 2 });
      return {
        productId,
        baskets: m.co.baskets,
        items: rules.map((r) => ({
          ...product(m, r.other),
          orders: r.count,
          confidence: r.confidence,
          lift: r.lift,
          support: r.support,
          reason: `In ${Math.round(r.confidence * 100)}% of orders with this product (${r.lift.toFixed(1)}× the usual rate)`,
        })),
        message: rules.length ? null : 'No other product was bought in the same order at least twice yet.',
      };
    },

    /** The strongest product pairs across all orders: seen together at least 3 times, more often than chance. */
    async topPairs(actor: Actor, n = 10) {
      const m = await models(actor.workspaceId);
      const seen = new Set<string>();
      const pairs = allRules(m.co, { minCount: 3, minLift: 1.2 })
        .sort((a, b) => b.count * Math.log(b.lift) - a.count * Math.log(a.lift))
        .filter((r) => {
          const key = [r.item, r.other].sort().join('|');
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .slice(0, n);
      return {
        baskets: m.co.baskets,
        items: pairs.map((r) => ({
          ...product(m, r.other),
          with: product(m, r.item),
          orders: r.count,
          confidence: r.confidence,
          lift: r.lift,
          support: r.support,
          reason: `${m.products.get(r.item)?.name ?? 'A product'} and this: ${r.count} orders together, ${r.lift.toFixed(1)}× chance`,
        })),
        message: pairs.length
          ? null
          : 'No two products were bought together in 3 or more orders (more often than chance) yet.',
      };
    },

    /**
     * Time split on the workspace's own orders: train before the cut-off (90 days before the latest purchase),
     * test on what customers bought afterwards for the first time; hit rate@10 and recall@10 against popularity.
     */
    async evaluate(workspaceId: string) {
      const m = await models(workspaceId);
      if (m.purchases.length === 0) return { message: 'No product orders yet: nothing to evaluate.', models: [] };
      const last = Math.max(...m.purchases.map((p) => p.time));
      const cutoff = last - 90 * DAY;
      const train = m.purchases.filter((p) => p.time < cutoff).length;
      if (train < 20 || m.purchases.length - train < 5)
        return {
          message: `Too little history to evaluate: ${train} purchases before and ${m.purchases.length - train} after the cut-off (${new Date(cutoff).toISOString().slice(0, 10)}).`,
          models: [],
        };
      const r = evaluateTimeSplit(m.purchases, { cutoff, n: 10 });
      return { message: null, cutoff: new Date(cutoff).toISOString(), n: 10, split: r.split, models: r.models };
    },
    invalidate: (workspaceId: string) => cache.delete(workspaceId),
  };
}
export type RecommendationsService = ReturnType<typeof createRecommendationsService>;
