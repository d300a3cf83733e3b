import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { canWriteRecords, useMe } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { Card, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { Link } from '../../components/Link';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';
import { useApprovals, type Approval } from './seqApi';

const textArea =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none';
const reasonWords: Record<Approval['reason'], { label: string; tone: 'gray' | 'amber' | 'violet' }> = {
  approval_mode: { label: 'Waiting for your OK', tone: 'gray' },
  missing_merge_value: { label: 'Needs fixing', tone: 'amber' },
  manual_step: { label: 'Write and approve', tone: 'violet' },
};

/** Emails of sequences waiting for a person: read, edit, approve (one or many) or reject with a reason. */
export function ApprovalsPage() {
  useDocumentTitle('To approve');
  const { user } = useMe();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useApprovals();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const current = items.find((i) => i.id === open) ?? items[0] ?? null;
  const canWrite = canWriteRecords(user.role);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['sequences'] });
  const bulk = useMutation({
    mutationFn: (ids: string[]) => call(client.POST('/api/v1/sequences/approvals/approve', { body: { ids } })),
    onSuccess: (r) => {
      const failed = r.results.filter((x) => !x.ok);
      toast(
        failed.length ? 'error' : 'success',
        `${r.approved} approved${failed.length ? `, ${failed.length} could not be: ${failed[0]!.error}` : ''}`,
      );
      setSelected(new Set());
      refresh();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  const approvable = items.filter((i) => i.reason !== 'missing_merge_value');
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  return (
    <div data-testid="approvals-page">
      <PageHeader
        breadcrumb={
          <Link to="/sequences" className="hover:text-slate-700">
            Sequences
          </Link>
        }
        title="To approve"
        description="Emails from your sequences wait here until you say they can go. Nothing is sent without your OK."
        actions={
          canWrite &&
          items.length > 0 && (
            <>
              <Button
                onClick={() => setSelected(selected.size ? new Set() : new Set(approvable.map((i) => i.id)))}
                data-testid="select-all"
              >
                {selected.size ? 'Clear selection' : 'Select all ready'}
              </Button>
              <Button
                variant="primary"
                icon="check"
                disabled={selected.size === 0}
                loading={bulk.isPending}
                onClick={() => bulk.mutate([...selected])}
                data-testid="bulk-approve"
              >
                Approve {selected.size || ''} selected
              </Button>
            </>
          )
        }
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} title="Could not load the emails" />
      ) : !list.data ? (
        <Skeleton className="h-64" />
      ) : items.length === 0 ? (
        <Card>
          <EmptyState
            icon="check"
            title="Nothing to approve"
            description="When a sequence has an email for someone and asks for your OK, it appears here."
            testId="approvals-empty"
          />
        </Card>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[360px_1fr]">
          <Card className="h-fit">
            <ul className="divide-y divide-slate-100" data-testid="approvals-list">
              {items.map((i) => (
                <li
                  key={i.id}
                  className={cx('flex gap-3 px-4 py-3', current?.id === i.id && 'bg-brand-50/60')}
                  data-testid="approval-row"
                >
                  {canWrite && (
                    <input
                      type="checkbox"
                      className="mt-1"
                      aria-label={`Select the email to ${i.contactName}`}
                      checked={selected.has(i.id)}
                      disabled={i.reason === 'missing_merge_value'}
                      onChange={() => toggle(i.id)}
                    />
                  )}
                  <button type="button" className="min-w-0 flex-1 text-left" onClick={() => setOpen(i.id)}>
                    <div className="flex items-center gap-2">
                      <span className="truncate text-sm font-semibold text-slate-900">{i.contactName}</span>
                      <Badge tone={reasonWords[i.reason].tone}>{reasonWords[i.reason].label}</Badge>
                    </div>
                    <div className="truncate text-sm text-slate-700">{i.subject || '(no subject)'}</div>
                    <div className="truncate text-xs text-slate-500">{i.sequenceName}</div>
                  </button>
                </li>
              ))}
            </ul>
          </Card>
          {current && <ApprovalEditor key={current.id} item={current} canWrite={canWrite} onDone={refresh} />}
        </div>
      )}
    </div>
  );
}

function ApprovalEditor({ item, canWrite, onDone }: { item: Approval; canWrite: boolean; onDone: () => void }) {
  const toast = useToast();
  const [subject, setSubject] = useState(item.subject);
  const [bodyText, setBody] = useState(item.bodyText);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const edited = subject !== item.subject || bodyText !== item.bodyText;
  const approve = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/v1/sequences/approvals/{id}/approve', {
          params: { path: { id: item.id } },
          body: edited ? { subject, bodyText } : {},
        }),
      ),
    onSuccess: () => {
      toast('success', `Approved: the email to ${item.contactName} will go out`);
      onDone();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  const reject = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/v1/sequences/approvals/{id}/reject', {
          params: { path: { id: item.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: () => {
      toast('success', `Skipped; ${item.contactName} goes on with the next step`);
      setRejecting(false);
      onDone();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <Card testId="approval-editor">
      <div className="space-y-4 p-5">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <div className="text-sm text-slate-500">
              To{' '}
              <Link to={`/contacts/${item.contactId}`} className="font-medium text-slate-900 hover:text-brand-700">
                {item.contactName}
              </Link>{' '}
              {item.to ? `<${item.to}>` : '(no email address)'}
            </div>
            <div className="text-xs text-slate-500">
              {item.sequenceName}
              {item.scheduledFor ? ` · goes out ${dateTime(item.scheduledFor)} once approved` : ''}
            </div>
          </div>
          <Badge tone={reasonWords[item.reason].tone}>{reasonWords[item.reason].label}</Badge>
        </div>
        {item.missingFields.length > 0 && (
          <div
            className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
            data-testid="missing-fields"
          >
            We don&apos;t know {item.missingFields.map((f) => `“${f}”`).join(', ')} for {item.contactName}. Write the
            words yourself below, or add a fallback such as{' '}
            <code className="rounded bg-white px-1">{`{{ ${item.missingFields[0]} | default: "there" }}`}</code>.
          </div>
        )}
        <Field label="Subject" htmlFor="approval-subject">
          <Input
            id="approval-subject"
            value={subject}
            disabled={!canWrite}
            onChange={(e) => setSubject(e.target.value)}
            data-testid="approval-subject"
          />
        </Field>
        <Field label="Message" htmlFor="approval-body">
          <textarea
            id="approval-body"
            rows={12}
            className={textArea}
            value={bodyText}
            disabled={!canWrite}
            onChange={(e) => setBody(e.target.value)}
            data-testid="approval-body"
          />
        </Field>
        {canWrite && (
          <div className="flex flex-wrap gap-2">
            <Button
              variant="primary"
              icon="check"
              loading={approve.isPending}
              onClick={() => approve.mutate()}
              data-testid="approve"
            >
              {edited ? 'Save and approve' : 'Approve'}
            </Button>
            <Button variant="ghost" onClick={() => setRejecting(true)} data-testid="reject">
              Don&apos;t send
            </Button>
          </div>
        )}
      </div>
      <Dialog
        open={rejecting}
        onClose={() => setRejecting(false)}
        size="sm"
        title="Don't send this email"
        description={`${item.contactName} skips this email and goes on with the next step.`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setRejecting(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={!reason.trim()}
              loading={reject.isPending}
              onClick={() => reject.mutate()}
              data-testid="confirm-reject"
            >
              Don&apos;t send
            </Button>
          </>
        }
      >
        <Field label="Why (kept with the sequence)" htmlFor="reject-reason">
          <Input
            id="reject-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Already spoke to them on the phone"
            autoFocus
            maxLength={500}
          />
        </Field>
      </Dialog>
    </Card>
  );
}
