import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../../lib/client';
import { useUsers } from '../../lib/users';
import { dateTime } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input, Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';

type Entry = ApiResponse<'/api/v1/audit', 'get'>['data'][number];
const PAGE = 50;
const entities = ['contact', 'company', 'deal', 'pipeline', 'custom_field', 'user', 'workspace', 'import', 'audit'];

/** A short line saying what changed: the fields of `after` (or `before` for a deletion). */
function changeSummary(e: Entry): string {
  const obj = (e.after ?? e.before) as Record<string, unknown> | null;
  if (!obj || typeof obj !== 'object') return '';
  const keys = Object.keys(obj).filter((k) => !['id', 'workspaceId', 'createdAt', 'updatedAt'].includes(k));
  return keys.length > 6 ? `${keys.slice(0, 6).join(', ')} and ${keys.length - 6} more` : keys.join(', ');
}

/** Settings → Audit log (admins): who changed what and when, filtered, paged, and exported as CSV. */
export function AuditSettings() {
  const users = useUsers();
  const [filters, setFilters] = useState({ actorId: '', entityType: '', action: '', from: '', to: '' });
  const query = {
    actorId: filters.actorId || undefined,
    entityType: filters.entityType || undefined,
    action: filters.action.trim() || undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(new Date(`${filters.to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
  };
  const log = useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(client.GET('/api/v1/audit', { params: { query: { ...query, limit: PAGE, before: pageParam } }, signal })),
    getNextPageParam: (last) => (last.data.length === PAGE ? last.data[last.data.length - 1]!.id : undefined),
  });
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];
  const who = (e: Entry) =>
    e.actorType === 'system'
      ? 'Pipewise (CLI or a job)'
      : (users.find((u) => u.id === e.actorId)?.name ??
        (e.actorType === 'api_key' ? 'An API key' : (e.actorId ?? '—')));
  const exportUrl = `/api/v1/audit/export?${new URLSearchParams(
    Object.entries(query).filter((x): x is [string, string] => Boolean(x[1])),
  )}`;
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="space-y-6" data-testid="audit-settings">
      <Card>
        <CardHeader
          title="Audit log"
          description="Every change to your records and settings: who, what and when. Entries cannot be edited or removed."
          actions={
            <>
              <a href={exportUrl} download data-testid="audit-export">
                <Button size="sm" icon="upload">
                  Export CSV
                </Button>
              </a>
              <a href="/api/v1/export" download data-testid="workspace-export">
                <Button size="sm" icon="database">
                  Export the whole workspace
                </Button>
              </a>
            </>
          }
        />
        <div className="grid gap-3 p-5 sm:grid-cols-5">
          <Field label="Who" htmlFor="audit-actor">
            <Select id="audit-actor" data-testid="audit-actor" value={filters.actorId} onChange={set('actorId')}>
              <option value="">Anyone</option>
              <option value="cli">Pipewise CLI</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Record type" htmlFor="audit-entity">
            <Select
              id="audit-entity"
              data-testid="audit-entity"
              value={filters.entityType}
              onChange={set('entityType')}
            >
              <option value="">Any</option>
              {entities.map((e) => (
                <option key={e} value={e}>
                  {e.replace('_', ' ')}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Action" htmlFor="audit-action" hint="e.g. deal.update, or deal for all">
            <Input
              id="audit-action"
              data-testid="audit-action"
              value={filters.action}
              maxLength={100}
              onChange={set('action')}
            />
          </Field>
          <Field label="From" htmlFor="audit-from">
            <Input id="audit-from" type="date" value={filters.from} onChange={set('from')} />
          </Field>
          <Field label="To" htmlFor="audit-to">
            <Input id="audit-to" type="date" value={filters.to} onChange={set('to')} />
          </Field>
        </div>
      </Card>
      <Card>
        {log.error ? (
          <ErrorState error={log.error} onRetry={() => void log.refetch()} title="Could not load the audit log" />
        ) : !log.data ? (
          <div className="space-y-2 p-5">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <EmptyState icon="shield" title="No entries" description="Nothing matches these filters." />
        ) : (
          <table className="w-full table-fixed text-sm" data-testid="audit-table">
            <thead>
              <tr className="border-b border-slate-200 bg-slate-50 text-left text-xs font-medium text-slate-500">
                <th className="w-44 px-4 py-2">When</th>
                <th className="w-40 px-4 py-2">Who</th>
                <th className="w-40 px-4 py-2">Action</th>
                <th className="px-4 py-2">Record and fields</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} className="border-b border-slate-100" data-testid="audit-row">
                  <td className="truncate px-4 py-2 text-slate-600">{dateTime(e.at)}</td>
                  <td className="truncate px-4 py-2 text-slate-800" title={e.actorId ?? undefined}>
                    {who(e)}
                  </td>
                  <td className="truncate px-4 py-2 font-mono text-xs text-slate-700">{e.action}</td>
                  <td className="truncate px-4 py-2 text-slate-600" title={`${e.entityType} ${e.entityId ?? ''}`}>
                    {e.entityType}
                    {changeSummary(e) && <span className="text-slate-400"> · {changeSummary(e)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {log.hasNextPage && (
          <div className="border-t border-slate-100 p-3 text-center">
            <Button
              size="sm"
              loading={log.isFetchingNextPage}
              onClick={() => void log.fetchNextPage()}
              data-testid="audit-more"
            >
              Show older entries
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
