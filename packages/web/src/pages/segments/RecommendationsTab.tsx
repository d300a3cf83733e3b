import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, list } from '../../lib/api';
import { date, money, num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import type { Evaluation, Recommended } from './segmentTypes';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The built-in time-split evaluation: does item-CF beat "recommend the best sellers" on this workspace's orders? */
export function EvaluationCard({ evaluation }: { evaluation: Evaluation | null | undefined }) {
  const live = useQuery({
    queryKey: ['recommendations', 'evaluation', evaluation],
    queryFn: ({ signal }) =>
      evaluation
        ? Promise.resolve(evaluation)
        : api.get<Evaluation>('/api/v1/recommendations/evaluation', undefined, signal),
    placeholderData: keepPreviousData,
  });
  const e = live.data;
  const row = (group: 'returning' | 'new') => ({
    cf: e?.models.find((m) => m.model === 'pipewise' && m.customers === group),
    pop: e?.models.find((m) => m.model === 'popularity' && m.customers === group),
  });
  return (
    <Card testId="recommendation-evaluation">
      <CardHeader
        title="How good are the recommendations?"
        description={
          e?.cutoff
            ? `Trained on orders before ${date(e.cutoff)}, tested on what customers bought for the first time afterwards`
            : 'Time-split test on your own orders'
        }
      />
      {live.error ? (
        <ErrorState error={live.error} onRetry={() => void live.refetch()} />
      ) : !e ? (
        <div className="p-5">
          <Skeleton className="h-20" />
        </div>
      ) : e.message ? (
        <EmptyState compact icon="info" title="No evaluation yet" description={e.message} />
      ) : (
        <div className="px-5 py-4">
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-1 font-medium">Customers</th>
                <th className="py-1 text-right font-medium">Evaluated</th>
                <th className="py-1 text-right font-medium">Hit rate@10</th>
                <th className="py-1 text-right font-medium">Recall@10</th>
              </tr>
              <tr className="text-[11px] text-slate-400">
                <th />
                <th />
                <th className="pb-1 text-right font-normal">Pipewise / best sellers</th>
                <th className="pb-1 text-right font-normal">Pipewise / best sellers</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {(['returning', 'new'] as const).map((g) => {
                const { cf, pop } = row(g);
                if (!cf || !pop) return null;
                return (
                  <tr key={g} data-testid={`eval-${g}`}>
                    <td className="py-2 capitalize">{g}</td>
                    <td className="py-2 text-right tabular-nums">{num(cf.evaluated)}</td>
                    <td className="py-2 text-right tabular-nums">
                      <span
                        className={`font-semibold ${cf.hitRate >= pop.hitRate ? 'text-emerald-700' : 'text-amber-700'}`}
                      >
                        {pct(cf.hitRate)}
                      </span>
                      <span className="text-slate-500"> / {pct(pop.hitRate)}</span>
                    </td>
                    <td className="py-2 text-right tabular-nums">
                      <span
                        className={`font-semibold ${cf.recall >= pop.recall ? 'text-emerald-700' : 'text-amber-700'}`}
                      >
                        {pct(cf.recall)}
                      </span>
                      <span className="text-slate-500"> / {pct(pop.recall)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="mt-3 text-xs text-slate-500">
            Hit rate@10: share of customers who later bought at least one of their 10 suggestions. Recall@10: share of
            their new products that were suggested. New customers get best sellers from both.
            {(() => {
              const { cf, pop } = row('returning');
              return cf && pop && cf.hitRate < pop.hitRate
                ? ' On this data the best sellers do better than personal suggestions (a small catalogue bought by almost everyone); that is shown as measured.'
                : '';
            })()}
          </p>
        </div>
      )}
    </Card>
  );
}

type Product = { id: string; name: string; sku: string | null };

/** Pick a product, see what is bought in the same order, with confidence and lift. */
export function BoughtTogetherCard() {
  const products = useQuery({
    queryKey: ['products', 'picker-500'],
    queryFn: ({ signal }) => list<Product>('products', { limit: 500, sort: 'name' }, signal),
  });
  const [productId, setProductId] = useState('');
  const together = useQuery({
    queryKey: ['recommendations', 'together', productId],
    queryFn: ({ signal }) =>
      api.get<{ items: (Recommended & { with?: Recommended })[]; baskets: number; message: string | null }>(
        productId ? `/api/v1/products/${productId}/bought-together` : '/api/v1/recommendations/pairs',
        { n: 8 },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <Card testId="bought-together">
      <CardHeader
        title="Bought together"
        description={together.data ? `From ${num(together.data.baskets)} orders` : 'Products in the same orders'}
        actions={
          products.data && products.data.data.length > 0 ? (
            <Select
              value={productId}
              onChange={(e) => setProductId(e.target.value)}
              aria-label="Product"
              data-testid="bought-together-product"
              className="max-w-64"
            >
              <option value="">Strongest pairs, all products</option>
              {products.data.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          ) : undefined
        }
      />
      {products.data && products.data.data.length === 0 ? (
        <EmptyState
          compact
          icon="cart"
          title="No products yet"
          description="Add products and orders with product lines to see what sells together."
        />
      ) : together.error ? (
        <ErrorState error={together.error} onRetry={() => void together.refetch()} />
      ) : !together.data ? (
        <div className="p-5">
          <Skeleton className="h-16" />
        </div>
      ) : together.data.items.length === 0 ? (
        <EmptyState compact icon="cart" title="Nothing bought together yet" description={together.data.message ?? ''} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {together.data.items.map((i) => (
            <li key={i.productId} className="flex items-center justify-between gap-3 px-5 py-2 text-sm">
              <span className="font-medium text-slate-800">
                {i.with && <>{i.with.name} + </>}
                {i.name}
                {i.price !== null && <span className="ml-2 text-xs font-normal text-slate-400">{money(i.price)}</span>}
              </span>
              <span className="text-xs text-slate-500 tabular-nums">
                {pct(i.confidence ?? 0)} of orders · lift {(i.lift ?? 0).toFixed(1)}× · {num(i.orders ?? 0)} orders
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
