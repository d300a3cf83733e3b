import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { num, relative } from '../../lib/format';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { Card, CardHeader } from '../../components/Card';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { MergeDialog } from './MergeDialog';
import { recordName, show, type Pair, type PairsPage } from './types';

const reasonLabels: Record<string, string> = {
  same_email: 'Same email',
  same_phone: 'Same phone',
  same_external_id: 'Same external id',
  same_email_local: 'Same email name',
  similar_name: 'Similar name',
  same_company: 'Same company',
  same_domain: 'Same domain',
  same_city: 'Same city',
};
const PAGE = 10;

export function DuplicatesCard({
  type,
  onType,
  onChanged,
}: {
  type: 'contacts' | 'companies';
  onType: (t: 'contacts' | 'companies') => void;
  onChanged: () => void;
}) {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<Pair | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const page = useQuery({
    queryKey: ['data-quality', 'duplicates', type, offset],
    queryFn: ({ signal }) =>
      api.get<PairsPage>('/api/v1/data-quality/duplicates', { type, limit: PAGE, cursor: offset || undefined }, signal),
    placeholderData: keepPreviousData,
  });

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      toast('success', done);
      setOpen(null);
      onChanged();
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const p = page.data;
  return (
    <Card testId="duplicates-card" className="xl:col-span-2">
      <CardHeader
        title="Duplicates to review"
        description={
          p?.scan
            ? `${num(p.total)} likely pair${p.total === 1 ? '' : 's'} · last scan ${relative(p.scan.scannedAt)} over ${num(p.scan.records)} ${type}`
            : (p?.message ?? ' ')
        }
        actions={
          <ChoiceGroup
            label="Duplicates of"
            variant="segmented"
            value={type}
            onChange={(t) => {
              onType(t);
              setOffset(0);
            }}
            options={(['contacts', 'companies'] as const).map((t) => ({ id: t, label: t, testId: `dup-tab-${t}` }))}
          />
        }
      />
      {page.error ? (
        <ErrorState error={page.error} onRetry={() => void page.refetch()} title="Could not load duplicates" />
      ) : !p ? (
        <div className="space-y-3 p-5">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : p.data.length === 0 ? (
        <EmptyState
          compact
          icon="check"
          title={p.scan ? 'No likely duplicates' : 'Not scanned yet'}
          description={p.scan ? `Nothing among your ${type} needs review.` : p.message}
        />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="duplicate-pairs">
          {p.data.map((pair) => (
            <li
              key={`${pair.a?.id}-${pair.b?.id}`}
              className="flex items-center gap-4 px-5 py-3"
              data-testid="duplicate-pair"
            >
              <Badge tone={pair.score >= 0.9 ? 'red' : 'amber'} className="tabular-nums">
                {Math.round(pair.score * 100)}%
              </Badge>
              <div className="grid min-w-0 flex-1 grid-cols-2 gap-4">
                {[pair.a, pair.b].map((r, i) => (
                  <div key={i} className="min-w-0">
                    <p className="truncate text-sm font-medium text-slate-900">{recordName(r)}</p>
                    <p className="truncate text-xs text-slate-500">
                      {type === 'contacts'
                        ? [show(r?.email), show(r?.phone)].filter((x) => x !== '—').join(' · ') || '—'
                        : [show(r?.domain), show(r?.city)].filter((x) => x !== '—').join(' · ') || '—'}
                    </p>
                  </div>
                ))}
              </div>
              <div className="hidden max-w-56 flex-wrap justify-end gap-1 lg:flex">
                {pair.reasons.map((r) => (
                  <Badge key={r.code} tone="gray">
                    {reasonLabels[r.code] ?? r.code}
                  </Badge>
                ))}
              </div>
              <Button size="sm" variant="secondary" onClick={() => setOpen(pair)} data-testid="review-pair">
                Review
              </Button>
            </li>
          ))}
        </ul>
      )}
      {p && p.total > PAGE && (
        <div className="flex items-center justify-between border-t border-slate-100 px-5 py-2.5 text-xs text-slate-500">
          <span>
            {num(offset + 1)}–{num(Math.min(offset + PAGE, p.total))} of {num(p.total)}
          </span>
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="ghost"
              icon="chevronLeft"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </Button>
            <Button size="sm" variant="ghost" disabled={!p.nextCursor} onClick={() => setOffset(offset + PAGE)}>
              Next
            </Button>
          </div>
        </div>
      )}
      {open && open.a && open.b && (
        <MergeDialog
          pair={open}
          busy={busy}
          onClose={() => setOpen(null)}
          onMerge={(survivorId, loserId, fields) =>
            act(
              () => api.post('/api/v1/data-quality/merges', { type, survivorId, loserId, fields }),
              `Merged into ${recordName(survivorId === open.a!.id ? open.a : open.b)}`,
            )
          }
          onDismiss={() =>
            act(
              () => api.post('/api/v1/data-quality/dismissals', { type, a: open.a!.id, b: open.b!.id }),
              'Marked as not a duplicate',
            )
          }
        />
      )}
    </Card>
  );
}
