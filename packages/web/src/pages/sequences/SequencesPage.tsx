import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { canWriteRecords, useMe } from '../../lib/auth';
import { navigate } from '../../lib/router';
import { relative } from '../../lib/format';
import { Card, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { Link } from '../../components/Link';
import { TrustPanel } from '../../components/TrustPanel';
import { useToast } from '../../components/Toast';
import { approvalWords, statusWords, useApprovals, useSequences } from './seqApi';

/** Every sequence: what it does, whether it runs, how many people are in it; and the approvals waiting. */
export function SequencesPage() {
  useDocumentTitle('Sequences');
  const { user } = useMe();
  const list = useSequences();
  const approvals = useApprovals();
  const [creating, setCreating] = useState(false);
  const waiting = approvals.data?.items.length ?? 0;
  const outbox = useQuery({
    queryKey: ['mail', 'outbox', 'unknown'],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/mail/outbox', { params: { query: { state: 'unknown', limit: 1 } }, signal })),
  });
  const unknown = outbox.data?.counts.unknown ?? 0;
  const canWrite = canWriteRecords(user.role);
  return (
    <div data-testid="sequences-page">
      <PageHeader
        title="Sequences"
        description="Follow up with leads automatically: a few polite emails and reminders that stop as soon as someone replies."
        actions={
          <>
            <Link to="/sequences/approvals">
              <Button icon="check" data-testid="open-approvals">
                To approve{waiting ? ` (${waiting})` : ''}
              </Button>
            </Link>
            {canWrite && (
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-sequence">
                New sequence
              </Button>
            )}
          </>
        }
      />
      <TrustPanel area="sequences" />
      {unknown > 0 && (
        <div
          className="mb-4 flex items-center gap-3 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
          data-testid="sequences-unknown-banner"
        >
          <span className="flex-1">
            {unknown} email{unknown === 1 ? '' : 's'} may or may not have arrived (the mail server stopped answering
            halfway). Pipewise never sends those twice by itself: check and settle them.
          </span>
          <Link to="/outbox" className="font-medium text-amber-900 underline">
            Open the Outbox
          </Link>
        </div>
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} title="Could not load the sequences" />
      ) : !list.data ? (
        <Card className="space-y-3 p-5">
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
        </Card>
      ) : list.data.items.length === 0 ? (
        <Card>
          <EmptyState
            icon="mail"
            title="No sequences yet"
            description="A sequence sends a short series of emails and reminders to new leads, at a good time for each of them, and stops when they answer."
            action={
              canWrite && (
                <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                  Create your first sequence
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <Card testId="sequences-list">
          <ul className="divide-y divide-slate-100">
            {list.data.items.map((s) => (
              <li key={s.id}>
                <Link
                  to={`/sequences/${s.id}`}
                  className="flex items-center gap-4 px-5 py-4 hover:bg-slate-50"
                  data-testid="sequence-row"
                >
                  <div className="min-w-0 flex-1">
                    <div className="flex items-center gap-2">
                      <span className="truncate text-sm font-semibold text-slate-900">{s.name}</span>
                      <Badge tone={statusWords[s.status].tone}>{statusWords[s.status].label}</Badge>
                    </div>
                    <p className="mt-1 text-xs text-slate-500">
                      {s.steps} {s.steps === 1 ? 'step' : 'steps'} · {approvalWords[s.approvalMode]} · created{' '}
                      {relative(s.createdAt)}
                    </p>
                  </div>
                  <div className="text-right">
                    <div className="text-sm font-semibold text-slate-900 tabular-nums">{s.activeEnrolments}</div>
                    <div className="text-xs text-slate-500">in it now</div>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <NewSequenceDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function NewSequenceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => call(client.POST('/api/v1/sequences', { body: { name: name.trim() } })),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: ['sequences'] });
      onClose();
      setName('');
      navigate(`/sequences/${s.id}`);
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="sm"
      title="New sequence"
      description="Give it a name; you add the emails and waits next. It starts as a draft: nothing is sent until you switch it on."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            disabled={!name.trim()}
            loading={create.isPending}
            onClick={() => create.mutate()}
            data-testid="create-sequence"
          >
            Create
          </Button>
        </>
      }
    >
      <Field label="Name" htmlFor="sequence-name">
        <Input
          id="sequence-name"
          data-testid="sequence-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Welcome new leads"
          autoFocus
          maxLength={200}
          onKeyDown={(e) => e.key === 'Enter' && name.trim() && create.mutate()}
        />
      </Field>
    </Dialog>
  );
}
