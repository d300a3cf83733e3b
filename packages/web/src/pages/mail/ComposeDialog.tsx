import { call, client } from '../../lib/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Select, TextField } from '../../components/Field';
import { InlineError } from '../../components/EmptyState';
import { useToast } from '../../components/Toast';
import type { OutboxMessage } from './mailTypes';

const textArea =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none';
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

/** Compose to one contact: Liquid merge fields, a preview for this contact, send now or at a time. */
export function ComposeDialog({
  open,
  contactId,
  contactEmail,
  onClose,
  onQueued,
}: {
  open: boolean;
  contactId: string;
  contactEmail: string | null;
  onClose: () => void;
  onQueued: (m: OutboxMessage) => void;
}) {
  const toast = useToast();
  // The same cache entries as the mail settings page: read when the dialog opens.
  const boxes = useQuery({
    queryKey: ['mail', 'mailboxes'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/mail/mailboxes', { signal })).then((r) => r.data),
    enabled: open,
  });
  const templates = useQuery({
    queryKey: ['mail', 'templates'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/mail/templates', { signal })).then((r) => r.data),
    enabled: open,
  });
  const [mailboxId, setMailboxId] = useState('');
  const [kind, setKind] = useState<'transactional' | 'marketing'>('transactional');
  const [subject, setSubject] = useState('');
  const [bodyText, setBodyText] = useState(
    'Hi {{ contact.first_name | default: "there" }},\n\n\n\nBest regards,\n{{ sender.name }}',
  );
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [sendAt, setSendAt] = useState('');
  const [preview, setPreview] = useState<{ subject: string; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per draft: a double click or a retried request queues the email once.
  const [idempotencyKey, setKey] = useState(newKey);

  const applyTemplate = (id: string) => {
    const t = templates.data?.find((x) => x.id === id);
    if (!t) return;
    setSubject(t.subject);
    setBodyText(t.bodyText);
    setKind(t.kind);
  };
  const fail = (e: unknown) => {
    const fe = e instanceof ApiError ? e.fieldErrors() : {};
    setErrors(fe);
    setError(e);
  };
  const showPreview = async () => {
    setErrors({});
    setError(null);
    try {
      setPreview(
        await api.post<{ subject: string; text: string }>('/api/v1/mail/preview', {
          contactId,
          kind,
          subject,
          bodyHtml: '',
          bodyText,
        }),
      );
    } catch (e) {
      setPreview(null);
      fail(e);
    }
  };
  const send = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const body = {
        contactId,
        idempotencyKey,
        kind,
        subject,
        bodyText,
        ...(mailboxId ? { mailboxId } : {}),
        ...(when === 'later' && sendAt ? { sendAt: new Date(sendAt).toISOString() } : {}),
      };
      const m = await api.post<OutboxMessage>('/api/v1/mail/messages', body);
      toast(
        'success',
        when === 'later' ? `Scheduled for ${new Date(m.sendAfter).toLocaleString()}` : `Queued to ${m.toAddress}`,
      );
      onQueued(m);
      setKey(newKey());
      setPreview(null);
      onClose();
    } catch (e) {
      fail(e);
      if (!(e instanceof ApiError)) toast('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title={`Email ${contactEmail ?? ''}`}
      description='Merge fields: {{ contact.first_name }}, {{ contact.company }}, {{ sender.name }}… add a fallback with | default: "there".'
      testId="compose-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button onClick={() => void showPreview()} data-testid="compose-preview">
            Preview
          </Button>
          <Button
            variant="primary"
            icon="mail"
            onClick={() => void send()}
            loading={busy}
            disabled={!subject.trim() || !bodyText.trim() || (when === 'later' && !sendAt)}
            data-testid="compose-send"
          >
            {when === 'later' ? 'Schedule' : 'Send'}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        {boxes.data && boxes.data.length === 0 && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
            No mailbox yet: an admin adds one in Settings → Mailboxes.
          </p>
        )}
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="From" htmlFor="compose-from" error={errors.mailboxId}>
            <Select id="compose-from" value={mailboxId} onChange={(e) => setMailboxId(e.target.value)}>
              <option value="">Default mailbox</option>
              {boxes.data?.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} &lt;{m.fromAddress}&gt;
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Template" htmlFor="compose-template">
            <Select
              id="compose-template"
              defaultValue=""
              onChange={(e) => applyTemplate(e.target.value)}
              data-testid="compose-template"
            >
              <option value="">None</option>
              {templates.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Kind"
            htmlFor="compose-kind"
            error={errors.kind}
            hint={
              kind === 'marketing'
                ? 'Needs {{ unsubscribe_url }} and {{ postal_address }}.'
                : 'One-to-one business email.'
            }
          >
            <Select
              id="compose-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as typeof kind)}
              data-testid="compose-kind"
            >
              <option value="transactional">One to one</option>
              <option value="marketing">Marketing</option>
            </Select>
          </Field>
        </div>
        <TextField
          id="compose-subject"
          label="Subject"
          error={errors.subject}
          value={subject}
          onValue={(v) => setSubject(v)}
        />
        <Field label="Message" htmlFor="compose-body" error={errors.bodyText ?? errors.contactId}>
          <textarea
            id="compose-body"
            data-testid="compose-body"
            rows={9}
            className={textArea}
            value={bodyText}
            onChange={(e) => setBodyText(e.target.value)}
          />
        </Field>
        <div className="flex flex-wrap items-end gap-4">
          <Field label="When" htmlFor="compose-when">
            <Select
              id="compose-when"
              value={when}
              onChange={(e) => setWhen(e.target.value as typeof when)}
              data-testid="compose-when"
            >
              <option value="now">Now</option>
              <option value="later">Later…</option>
            </Select>
          </Field>
          {when === 'later' && (
            <TextField
              id="compose-at"
              label="Send at"
              error={errors.sendAt}
              type="datetime-local"
              value={sendAt}
              onValue={(v) => setSendAt(v)}
            />
          )}
        </div>
        {preview && (
          <div
            className="rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200 ring-inset"
            data-testid="compose-preview-box"
          >
            <div className="font-medium break-words text-slate-900">{preview.subject}</div>
            <pre className="mt-2 font-sans break-words whitespace-pre-wrap text-slate-700">{preview.text}</pre>
          </div>
        )}
      </div>
    </Dialog>
  );
}
