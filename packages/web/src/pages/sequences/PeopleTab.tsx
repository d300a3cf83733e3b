import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { dateTime } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { FilterSelect } from '../../components/SearchInput';
import { EmptyState, InlineError } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { Link } from '../../components/Link';
import { useToast } from '../../components/Toast';
import { EnrolDialog } from './EnrolDialog';

type Status = 'active' | 'paused' | 'completed' | 'exited';
const statusTone = { active: 'green', paused: 'amber', completed: 'blue', exited: 'gray' } as const;
const statusLabel = { active: 'In progress', paused: 'Paused', completed: 'Finished', exited: 'Left' } as const;

/** Who is in the sequence, where they are, why they left; add people, pause or take someone out. */
export function PeopleTab({ sequenceId, canWrite }: { sequenceId: string; canWrite: boolean }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | ''>('');
  const [adding, setAdding] = useState(false);
  const list = useQuery({
    queryKey: ['sequences', sequenceId, 'enrolments', status],
    queryFn: ({ signal }) =>
      call(
        client.GET('/api/v1/sequences/{id}/enrolments', {
          params: { path: { id: sequenceId }, query: status ? { status } : {} },
          signal,
        }),
      ),
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'exit' | 'pause' | 'resume' }) =>
      action === 'exit'
        ? call(client.POST('/api/v1/sequences/enrolments/{id}/exit', { params: { path: { id } }, body: {} }))
        : action === 'pause'
          ? call(client.POST('/api/v1/sequences/enrolments/{id}/pause', { params: { path: { id } }, body: {} }))
          : call(client.POST('/api/v1/sequences/enrolments/{id}/resume', { params: { path: { id } }, body: {} })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['sequences'] }),
    onError: (e) => toast('error', errorMessage(e)),
  });
  const items = list.data?.items ?? [];
  return (
    <Card testId="sequence-people">
      <CardHeader
        title="People"
        description="Everyone who went through this sequence, newest first."
        actions={
          <>
            <FilterSelect
              label="Status"
              value={status}
              onChange={(v) => setStatus(v as Status | '')}
              options={[
                { value: '', label: 'Everyone' },
                { value: 'active', label: 'In progress' },
                { value: 'paused', label: 'Paused' },
                { value: 'completed', label: 'Finished' },
                { value: 'exited', label: 'Left' },
              ]}
            />
            {canWrite && (
              <Button variant="primary" size="sm" icon="plus" onClick={() => setAdding(true)} data-testid="add-people">
                Add people
              </Button>
            )}
          </>
        }
      />
      {list.error ? (
        <div className="p-5">
          <InlineError error={list.error} />
        </div>
      ) : !list.data ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : items.length === 0 ? (
        <EmptyState compact icon="users" title="Nobody yet" description="Add a contact, or everyone in a segment." />
      ) : (
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              <th className="px-5 py-2 font-medium">Contact</th>
              <th className="px-3 py-2 font-medium">Status</th>
              <th className="px-3 py-2 font-medium">Step</th>
              <th className="px-3 py-2 font-medium">Next</th>
              <th className="px-5 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((e) => (
              <tr key={e.id} data-testid="enrolment-row">
                <td className="px-5 py-2.5">
                  <Link to={`/contacts/${e.contactId}`} className="font-medium text-slate-900 hover:text-brand-700">
                    {e.contactName || e.email || 'Contact'}
                  </Link>
                  <div className="text-xs text-slate-500">{e.email}</div>
                </td>
                <td className="px-3 py-2.5">
                  <Badge tone={statusTone[e.status as Status]}>{statusLabel[e.status as Status]}</Badge>
                  {e.holdout && (
                    <span
                      className="ml-1 text-[11px] text-slate-400"
                      title="Gets emails at the fixed time (comparison group)"
                    >
                      fixed time
                    </span>
                  )}
                  {e.exitReason && <div className="mt-0.5 text-xs text-slate-500">{e.exitReason}</div>}
                </td>
                <td className="px-3 py-2.5 tabular-nums text-slate-700">{(e.currentStep ?? 0) + 1}</td>
                <td className="px-3 py-2.5 text-slate-600">{e.nextAt ? dateTime(e.nextAt) : '—'}</td>
                <td className="px-5 py-2.5 text-right">
                  {canWrite && (e.status === 'active' || e.status === 'paused') && (
                    <div className="flex justify-end gap-1">
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => act.mutate({ id: e.id, action: e.status === 'active' ? 'pause' : 'resume' })}
                      >
                        {e.status === 'active' ? 'Pause' : 'Resume'}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => act.mutate({ id: e.id, action: 'exit' })}>
                        Take out
                      </Button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <EnrolDialog open={adding} onClose={() => setAdding(false)} sequenceId={sequenceId} />
    </Card>
  );
}
