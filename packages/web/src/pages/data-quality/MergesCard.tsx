import { call, client } from '../../lib/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { relative } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import type { Merge } from './types';

export function MergesCard({ onChanged }: { onChanged: () => void }) {
  const merges = useQuery({
    queryKey: ['data-quality', 'merges'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/data-quality/merges', { signal })),
  });
  const [busy, setBusy] = useState<string | null>(null);
  const toast = useToast();
  const undo = async (m: Merge) => {
    setBusy(m.id);
    try {
      await api.post(`/api/v1/data-quality/merges/${m.id}/undo`);
      toast('success', `Undone: ${m.loserName ?? 'the record'} is back`);
      onChanged();
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const list = merges.data?.data;
  return (
    <Card testId="recent-merges">
      <CardHeader title="Recent merges" description="Undo restores the removed record and moves its links back" />
      {merges.error ? (
        <ErrorState error={merges.error} onRetry={() => void merges.refetch()} />
      ) : !list ? (
        <div className="space-y-3 p-5">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : list.length === 0 ? (
        <EmptyState
          compact
          icon="layers"
          title="No merges yet"
          description="Merged pairs appear here, ready to undo."
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {list.map((m) => {
            const moved = Object.values(m.moved).reduce((s, n) => s + n, 0);
            return (
              <li key={m.id} className="flex items-center gap-3 px-5 py-3" data-testid="merge-row">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm text-slate-800">
                    <span className="font-medium">{m.loserName || '—'}</span> → {m.survivorName || '—'}
                  </p>
                  <p className="text-xs text-slate-500">
                    {m.type} · {moved} linked record{moved === 1 ? '' : 's'} moved · {m.mergedBy} ·{' '}
                    {relative(m.mergedAt)}
                  </p>
                </div>
                {m.undoneAt ? (
                  <Badge tone="gray">Undone</Badge>
                ) : (
                  <Button
                    size="sm"
                    variant="secondary"
                    icon="refresh"
                    loading={busy === m.id}
                    onClick={() => undo(m)}
                    data-testid="undo-merge"
                  >
                    Undo
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
