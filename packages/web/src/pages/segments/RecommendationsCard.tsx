import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { money } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Badge } from '../../components/Badge';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import type { Recommended } from './segmentTypes';

type Recs = { basis: 'history' | 'popularity' | 'none'; items: Recommended[]; message: string | null };

/** Contact page side card: the top products this contact has not bought yet, and why. */
export function RecommendationsCard({ contact }: { contact: { id: string } }) {
  const recs = useQuery({
    queryKey: ['recommendations', 'contact', contact.id],
    queryFn: ({ signal }) => api.get<Recs>(`/api/v1/contacts/${contact.id}/recommendations`, { n: 5 }, signal),
    placeholderData: keepPreviousData,
  });
  const r = recs.data;
  return (
    <Card testId="recommendations-card">
      <CardHeader
        title="Recommendations"
        description={
          r
            ? r.basis === 'history'
              ? 'From what similar customers bought'
              : r.basis === 'popularity'
                ? 'Best sellers (no purchase history yet)'
                : ' '
            : ' '
        }
      />
      {recs.error ? (
        <ErrorState error={recs.error} onRetry={() => void recs.refetch()} title="Could not load recommendations" />
      ) : !r ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-5" />
          <Skeleton className="h-5" />
        </div>
      ) : r.items.length === 0 ? (
        <EmptyState
          compact
          icon="cart"
          title="No suggestions"
          description={r.message ?? 'This contact already has every product.'}
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {r.items.map((i) => (
            <li key={i.productId} className="px-5 py-2.5" data-testid="recommendation">
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm font-medium text-slate-800">{i.name}</span>
                {i.price !== null && <span className="text-xs text-slate-500 tabular-nums">{money(i.price)}</span>}
              </div>
              <p className="mt-0.5 text-xs text-slate-500">
                {i.source === 'popularity' && <Badge className="mr-1">popular</Badge>}
                {i.reason}
              </p>
            </li>
          ))}
        </ul>
      )}
      {r?.message && r.items.length > 0 && (
        <p className="border-t border-slate-100 px-5 py-2 text-xs text-slate-500">{r.message}</p>
      )}
    </Card>
  );
}
