import { call, client } from '../../lib/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryClient } from '../../lib/queryClient';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { useMe } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Link } from '../../components/Link';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { stateTone, type OutboxMessage, type OutboxState } from './mailTypes';

const filters: { id: string; label: string; states: OutboxState[] | null }[] = [
  { id: 'attention', label: 'Needs a person', states: ['unknown', 'failed'] },
  { id: 'pending', label: 'Queued', states: ['queued', 'sending'] },
  { id: 'sent', label: 'Sent', states: ['sent'] },
  { id: 'all', label: 'All', states: null },
];
const managerRoles = new Set(['manager', 'admin', 'owner']);

/** The outbox: what is queued, what went, and the messages whose fate is unknown, for a person to settle. */
export function OutboxPage() {
  useDocumentTitle('Outbox');
  const { user } = useMe();
  const toast = useToast();
  const [filter, setFilter] = useState('attention');
  const states = filters.find((f) => f.id === filter)?.states;
  const outbox = useQuery({
    queryKey: ['mail', 'outbox', filter],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/mail/outbox', { params: { query: { state: states?.join(','), limit: 200 } }, signal })),
    placeholderData: keepPreviousData,
  });
  const [busy, setBusy] = useState<string | null>(null);
  const resolve = async (m: OutboxMessage, action: 'mark_sent' | 'mark_failed' | 'resend') => {
    setBusy(m.id + action);
    try {
      const updated = await api.post<OutboxMessage>(`/api/v1/mail/outbox/${m.id}/resolve`, { action });
      queryClient.setQueryData<typeof outbox.data>(['mail', 'outbox', filter], (d) =>
        d ? { ...d, data: d.data.map((x) => (x.id === m.id ? updated : x)) } : d,
      );
      toast(
        'success',
        action === 'resend' ? 'Queued again' : action === 'mark_sent' ? 'Marked as delivered' : 'Marked as failed',
      );
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const counts = outbox.data?.counts;
  return (
    <div data-testid="outbox-page">
      <PageHeader
        title="Outbox"
        description="Email queued and sent from Pipewise. A message is sent exactly once; when a send was interrupted and nobody can know whether it arrived, it waits here for you."
      />
      {(counts?.unknown ?? 0) > 0 && (
        <div
          className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset"
          data-testid="unknown-banner"
        >
          {counts?.unknown} message{counts?.unknown === 1 ? '' : 's'} may or may not have been delivered. Check the
          recipient's inbox or your provider's log, then mark each as delivered or send it again.
        </div>
      )}
      <Card>
        <CardHeader
          title={
            <ChoiceGroup
              label="Show messages"
              value={filter}
              onChange={setFilter}
              options={filters.map((f) => ({
                id: f.id,
                testId: `outbox-filter-${f.id}`,
                label: `${f.label}${counts && f.states ? ` (${f.states.reduce((n, s) => n + (counts[s] ?? 0), 0)})` : ''}`,
              }))}
            />
          }
        />
        {outbox.error ? (
          <ErrorState error={outbox.error} onRetry={() => void outbox.refetch()} />
        ) : !outbox.data ? (
          <div className="space-y-3 p-5">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-10" />
            ))}
          </div>
        ) : outbox.data.data.length === 0 ? (
          <EmptyState
            icon="inbox"
            title={filter === 'attention' ? 'Nothing needs you' : 'No messages'}
            description="Email composed on contact pages appears here."
          />
        ) : (
          <table className="w-full table-fixed text-sm" data-testid="outbox-table">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                <th className="w-28 px-5 py-2.5 font-medium">State</th>
                <th className="px-3 py-2.5 font-medium">To · subject</th>
                <th className="w-36 px-3 py-2.5 font-medium">When</th>
                <th className="w-64 px-5 py-2.5" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {outbox.data.data.map((m) => (
                <tr key={m.id} data-testid="outbox-row" data-state={m.state}>
                  <td className="px-5 py-3 align-top">
                    <Badge tone={stateTone[m.state]}>{m.state}</Badge>
                  </td>
                  <td className="min-w-0 px-3 py-3 align-top">
                    <div className="truncate text-slate-900" title={m.toAddress}>
                      {m.contactId ? (
                        <Link to={`/contacts/${m.contactId}`} className="hover:underline">
                          {m.toAddress}
                        </Link>
                      ) : (
                        m.toAddress
                      )}
                      {m.kind === 'marketing' && <span className="ml-2 text-xs text-slate-400">marketing</span>}
                    </div>
                    <div className="truncate text-slate-500" title={m.subject}>
                      {m.subject}
                    </div>
                    {m.lastError && m.state !== 'sent' && (
                      <div className="mt-1 text-xs break-words text-red-700">{m.lastError}</div>
                    )}
                    {m.resolution && <div className="mt-1 text-xs text-slate-500">Resolved: {m.resolution}</div>}
                  </td>
                  <td className="px-3 py-3 align-top text-slate-500">
                    {m.sentAt
                      ? `sent ${dateTime(m.sentAt)}`
                      : m.state === 'queued'
                        ? `at ${dateTime(m.sendAfter)}`
                        : dateTime(m.createdAt)}
                  </td>
                  <td className="px-5 py-3 align-top">
                    <div className="flex flex-wrap justify-end gap-1.5">
                      {managerRoles.has(user.role) && m.state === 'unknown' && (
                        <>
                          <Button
                            size="sm"
                            icon="check"
                            loading={busy === m.id + 'mark_sent'}
                            onClick={() => void resolve(m, 'mark_sent')}
                            data-testid="mark-sent"
                          >
                            It arrived
                          </Button>
                          <Button
                            size="sm"
                            loading={busy === m.id + 'mark_failed'}
                            onClick={() => void resolve(m, 'mark_failed')}
                            data-testid="mark-failed"
                          >
                            It did not
                          </Button>
                        </>
                      )}
                      {managerRoles.has(user.role) && ['unknown', 'failed', 'cancelled'].includes(m.state) && (
                        <Button
                          size="sm"
                          variant="ghost"
                          icon="refresh"
                          loading={busy === m.id + 'resend'}
                          onClick={() => void resolve(m, 'resend')}
                          data-testid="resend"
                        >
                          Send again
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
