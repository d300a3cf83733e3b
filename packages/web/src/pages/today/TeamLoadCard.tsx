import { useState } from 'react';
import { api, errorMessage, request } from '../../lib/api';
import { useAsync } from '../../lib/hooks';
import { num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Input } from '../../components/Field';
import { ErrorState, EmptyState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';
import type { Load, RepLoad } from './todayTypes';

/** Managers: open items per rep against capacity, territories, and the allocate / rebalance actions. */
export function TeamLoadCard({ viewing, onView }: { viewing: string | undefined; onView: (userId: string) => void }) {
  const load = useAsync((signal) => api.get<Load>('/api/v1/worklist/load', undefined, signal), []);
  const [busy, setBusy] = useState<string | null>(null);
  const toast = useToast();
  const act = async (what: 'allocate' | 'rebalance') => {
    setBusy(what);
    try {
      const r = await api.post<{ assigned?: number; moved?: number; message: string | null }>(
        `/api/v1/worklist/${what}`,
        {},
      );
      toast(
        'success',
        r.message ??
          (what === 'allocate' ? `${num(r.assigned ?? 0)} leads assigned` : `${num(r.moved ?? 0)} leads moved`),
      );
      load.reload();
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const max = Math.max(1, ...(load.data?.reps ?? []).map((r) => Math.max(r.load, r.capacity)));
  return (
    <Card testId="team-load">
      <CardHeader
        title="Team load"
        description={load.data ? `${num(load.data.unassignedLeads)} unassigned leads` : ' '}
        actions={
          <>
            <Button size="sm" onClick={() => void act('rebalance')} loading={busy === 'rebalance'}>
              Rebalance
            </Button>
            <Button
              size="sm"
              variant="primary"
              onClick={() => void act('allocate')}
              loading={busy === 'allocate'}
              disabled={load.data?.unassignedLeads === 0}
              data-testid="allocate"
            >
              Assign leads
            </Button>
          </>
        }
      />
      {load.error ? (
        <ErrorState error={load.error} onRetry={load.reload} />
      ) : !load.data ? (
        <div className="p-5">
          <Skeleton className="h-16" />
        </div>
      ) : load.data.reps.length === 0 ? (
        <EmptyState
          compact
          icon="users"
          title="No reps yet"
          description="Invite reps in Settings → Users to share out leads."
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {load.data.reps.map((r) => (
            <RepRow
              key={r.userId}
              rep={r}
              max={max}
              active={viewing === r.userId}
              onView={() => onView(r.userId)}
              onSaved={load.reload}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function RepRow({
  rep,
  max,
  active,
  onView,
  onSaved,
}: {
  rep: RepLoad;
  max: number;
  active: boolean;
  onView: () => void;
  onSaved: () => void;
}) {
  const [territory, setTerritory] = useState(rep.territory ?? '');
  const [capacity, setCapacity] = useState(String(rep.capacity));
  const toast = useToast();
  const dirty = territory !== (rep.territory ?? '') || capacity !== String(rep.capacity);
  const save = async () => {
    try {
      await request('PUT', `/api/v1/worklist/reps/${rep.userId}`, {
        territory: territory.trim() || null,
        capacity: Number(capacity),
      });
      onSaved();
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  const over = rep.load > rep.capacity;
  return (
    <li className={cx('px-5 py-3', active && 'bg-brand-50/50')}>
      <div className="flex items-start gap-3">
        <button
          type="button"
          onClick={onView}
          className="min-w-0 flex-1 text-left"
          data-testid={`view-rep-${rep.email}`}
        >
          <span className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700">{rep.name}</span>
          <span className="block text-xs text-slate-500">
            {num(rep.openDeals)} open deals · {num(rep.openLeads)} uncontacted leads
          </span>
        </button>
        <label className="w-16 shrink-0 text-[11px] text-slate-400">
          Territory
          <Input
            value={territory}
            onChange={(e) => setTerritory(e.target.value.toUpperCase().slice(0, 2))}
            placeholder="any"
            aria-label={`Territory of ${rep.name}`}
          />
        </label>
        <label className="w-16 shrink-0 text-[11px] text-slate-400">
          Capacity
          <Input
            value={capacity}
            onChange={(e) => setCapacity(e.target.value.replace(/\D/g, ''))}
            aria-label={`Capacity of ${rep.name}`}
          />
        </label>
      </div>
      {dirty && (
        <div className="mt-2 text-right">
          <Button size="sm" variant="primary" onClick={() => void save()}>
            Save
          </Button>
        </div>
      )}
      <div
        className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-slate-100"
        title={`${rep.load} of ${rep.capacity}`}
      >
        <div
          className={cx('h-full rounded-full', over ? 'bg-red-500' : 'bg-brand-600')}
          style={{ width: `${(Math.min(rep.load, max) / max) * 100}%` }}
        />
      </div>
      <div className="mt-0.5 text-right text-[11px] text-slate-400 tabular-nums">
        {num(rep.load)} / {num(rep.capacity)}
        {over && ' · over capacity'}
      </div>
    </li>
  );
}
