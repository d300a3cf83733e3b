import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { date, num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Input, Select } from '../../components/Field';
import { Link } from '../../components/Link';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';

type Moves = {
  since: string;
  until: string;
  matrix: { from: string; to: string; customers: number }[];
  rows: { contact_id: string; name: string; email: string | null; from: string; to: string; moved_at: string }[];
};

const monthStart = () => {
  const d = new Date();
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
};

/** "Who moved from Champions to At risk this month": transitions between RFM segments over a period. */
export function MovesCard({ segmentNames }: { segmentNames: string[] }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [since, setSince] = useState(monthStart());
  const moves = useQuery({
    queryKey: ['segments', 'moves', from, to, since],
    queryFn: ({ signal }) => api.get<Moves>('/api/v1/segments/moves', { from, to, since }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Card testId="moves-report">
      <CardHeader
        title="Moved between segments"
        description="Customers whose segment changed between runs, from the membership history"
      />
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-100 px-5 py-3">
        <label className="text-xs text-slate-500">
          From
          <Select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="moves-from">
            <option value="">any segment</option>
            {segmentNames.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-slate-500">
          To
          <Select value={to} onChange={(e) => setTo(e.target.value)} data-testid="moves-to">
            <option value="">any segment</option>
            {segmentNames.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-slate-500">
          Since
          <Input type="date" value={since} onChange={(e) => e.target.value && setSince(e.target.value)} />
        </label>
      </div>
      {moves.error ? (
        <ErrorState error={moves.error} onRetry={() => void moves.refetch()} />
      ) : !moves.data ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-6" />
          <Skeleton className="h-6" />
        </div>
      ) : moves.data.matrix.length === 0 ? (
        <EmptyState
          compact
          icon="layers"
          title="No movements in this period"
          description="Movements appear after a second segment run: segments are recomputed nightly, or press Compute segments."
        />
      ) : (
        <div className="grid gap-4 p-5 lg:grid-cols-2">
          <div>
            <h3 className="mb-2 text-xs font-medium text-slate-500">Transitions</h3>
            <ul className="space-y-1 text-sm">
              {moves.data.matrix.slice(0, 12).map((m) => (
                <li key={`${m.from}>${m.to}`}>
                  <button
                    type="button"
                    className="flex w-full justify-between rounded px-2 py-1 text-left hover:bg-slate-50"
                    onClick={() => {
                      setFrom(m.from);
                      setTo(m.to);
                    }}
                  >
                    <span>
                      {m.from} → <span className="font-medium">{m.to}</span>
                    </span>
                    <span className="tabular-nums text-slate-500">{num(m.customers)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 className="mb-2 text-xs font-medium text-slate-500">Customers ({num(moves.data.rows.length)})</h3>
            <ul className="max-h-72 space-y-1 overflow-y-auto text-sm">
              {moves.data.rows.map((r) => (
                <li key={`${r.contact_id}${r.moved_at}`} className="flex justify-between gap-2 px-2 py-1">
                  <Link
                    to={`/contacts/${r.contact_id}`}
                    className="truncate font-medium text-slate-800 hover:text-brand-700"
                  >
                    {r.name || r.email}
                  </Link>
                  <span className="shrink-0 text-xs text-slate-500">
                    {r.from} → {r.to} · {date(r.moved_at)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </Card>
  );
}
