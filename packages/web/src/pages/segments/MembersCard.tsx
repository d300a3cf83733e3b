import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, toQueryString } from '../../lib/api';
import { money, num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Link } from '../../components/Link';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import type { Member, MemberFilter } from './segmentTypes';

const PAGE = 25;

/** Customers of the picked segment, cluster or rule segment, with CSV export of the whole list. */
export function MembersCard({ filter }: { filter: MemberFilter }) {
  const [offset, setOffset] = useState(0);
  const query = {
    segment: filter.segment,
    cluster: filter.cluster,
    churnRisk: filter.churnRisk === undefined ? undefined : String(filter.churnRisk),
    rule: filter.rule,
  };
  const key = JSON.stringify(query);
  const members = useQuery({
    queryKey: ['segments', 'members', key, offset],
    queryFn: ({ signal }) =>
      api.get<{ data: Member[]; total: number }>('/api/v1/segments/members', { ...query, limit: PAGE, offset }, signal),
    placeholderData: keepPreviousData,
  });
  const csvHref = `/api/v1/segments/members${toQueryString({ ...query, format: 'csv' })}`;
  const total = members.data?.total ?? 0;
  return (
    <Card testId="segment-members">
      <CardHeader
        title={`Customers: ${filter.label}`}
        description={members.data ? `${num(total)} customers, by spend` : ' '}
        actions={
          <a href={csvHref} download data-testid="export-csv">
            <Button size="sm" icon="upload">
              Export CSV
            </Button>
          </a>
        }
      />
      {members.error ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : !members.data ? (
        <div className="space-y-2 p-5">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-6" />
          ))}
        </div>
      ) : members.data.data.length === 0 ? (
        <EmptyState
          compact
          icon="users"
          title="Nobody here"
          description="No customer you can see is in this group right now."
        />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr>
                <th className="px-5 py-2">Customer</th>
                <th className="px-3 py-2">Segment</th>
                <th className="px-3 py-2 text-right">Last order</th>
                <th className="px-3 py-2 text-right">Orders</th>
                <th className="px-3 py-2 text-right">Spend</th>
                <th className="px-3 py-2 text-right">CLV (3 y)</th>
                <th className="px-3 py-2">RFM</th>
                <th className="px-5 py-2">Owner</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.data.data.map((m) => (
                <tr key={m.contact_id} className="hover:bg-slate-50/60">
                  <td className="px-5 py-2">
                    <Link to={`/contacts/${m.contact_id}`} className="font-medium text-slate-900 hover:text-brand-700">
                      {m.name || m.email || 'Unnamed'}
                    </Link>
                    {m.country && <span className="ml-2 text-xs text-slate-400">{m.country}</span>}
                  </td>
                  <td className="px-3 py-2">
                    {m.segment ?? '—'} {m.churn_risk && <Badge tone="amber">churn risk</Badge>}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums text-slate-600">
                    {m.recency_days === null ? '—' : `${num(m.recency_days)} d ago`}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{num(m.frequency)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{money(m.monetary)}</td>
                  <td className="px-3 py-2 text-right tabular-nums text-slate-600">{money(m.clv)}</td>
                  <td className="px-3 py-2 font-mono text-xs text-slate-500">{m.r ? `${m.r}${m.f}${m.m}` : '—'}</td>
                  <td className="px-5 py-2 text-slate-600">
                    {m.owner_name ?? <span className="text-slate-400">Unassigned</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="flex items-center justify-between border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
            <span>
              {num(offset + 1)}–{num(Math.min(offset + PAGE, total))} of {num(total)}
            </span>
            <div className="flex gap-2">
              <Button
                size="sm"
                icon="chevronLeft"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </Button>
              <Button size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
                Next
              </Button>
            </div>
          </div>
        </div>
      )}
    </Card>
  );
}
