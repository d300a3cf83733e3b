import { call, client } from '../../lib/client';
import { useQuery } from '@tanstack/react-query';
import { queryClient } from '../../lib/queryClient';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Select, TextField } from '../../components/Field';
import { EmptyState, ErrorState, InlineError } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import type { MailTemplate } from './mailTypes';

const textArea =
  'block w-full rounded-md border-0 px-3 py-2 font-mono text-xs text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none';
const blank = { name: '', kind: 'transactional' as MailTemplate['kind'], subject: '', bodyText: '', bodyHtml: '' };
const marketingFooter = '\n\n--\n{{ workspace.name }}, {{ postal_address }}\nUnsubscribe: {{ unsubscribe_url }}';

/** Email templates (Liquid): checked by the server when saved, so a broken one never reaches a contact. */
export function TemplatesCard() {
  const templates = useQuery({
    queryKey: ['mail', 'templates'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/mail/templates', { signal })).then((r) => r.data),
  });
  const [editing, setEditing] = useState<MailTemplate | 'new' | null>(null);
  return (
    <Card testId="templates-card">
      <CardHeader
        title="Templates"
        description={
          <>
            Merge fields such as{' '}
            <code className="rounded bg-slate-100 px-1">{'{{ contact.first_name | default: "there" }}'}</code>; see
            docs/mail.md for the list.
          </>
        }
        actions={
          <Button size="sm" icon="plus" onClick={() => setEditing('new')} data-testid="add-template">
            New template
          </Button>
        }
      />
      {templates.error ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : !templates.data ? (
        <div className="p-5">
          <Skeleton className="h-10" />
        </div>
      ) : templates.data.length === 0 ? (
        <EmptyState
          icon="mail"
          title="No templates"
          description="Save the emails you write often; compose offers them on every contact."
          compact
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {templates.data.map((t) => (
            <li key={t.id} className="flex items-center gap-3 px-5 py-2.5 text-sm" data-testid="template-row">
              <span className="min-w-0 flex-1 truncate font-medium text-slate-900" title={t.name}>
                {t.name}
              </span>
              <Badge tone={t.kind === 'marketing' ? 'violet' : 'gray'}>
                {t.kind === 'marketing' ? 'Marketing' : 'One to one'}
              </Badge>
              <span className="hidden max-w-72 truncate text-slate-500 md:block" title={t.subject}>
                {t.subject}
              </span>
              <Button size="sm" variant="ghost" icon="edit" onClick={() => setEditing(t)}>
                Edit
              </Button>
            </li>
          ))}
        </ul>
      )}
      <TemplateDialog
        template={editing}
        onClose={() => setEditing(null)}
        onSaved={(t) => {
          queryClient.setQueryData<typeof templates.data>(['mail', 'templates'], (l) =>
            l?.some((x) => x.id === t.id) ? l.map((x) => (x.id === t.id ? t : x)) : [...(l ?? []), t],
          );
          setEditing(null);
        }}
      />
    </Card>
  );
}

function TemplateDialog({
  template,
  onClose,
  onSaved,
}: {
  template: MailTemplate | 'new' | null;
  onClose: () => void;
  onSaved: (t: MailTemplate) => void;
}) {
  const existing = template && template !== 'new' ? template : null;
  const [form, setForm] = useState(blank);
  const [openedFor, setOpenedFor] = useState<MailTemplate | 'new' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (template !== openedFor) {
    setOpenedFor(template);
    setForm(
      existing
        ? {
            name: existing.name,
            kind: existing.kind,
            subject: existing.subject,
            bodyText: existing.bodyText,
            bodyHtml: existing.bodyHtml,
          }
        : blank,
    );
    setErrors({});
    setError(null);
  }
  const set = (patch: Partial<typeof blank>) => setForm((f) => ({ ...f, ...patch }));
  const save = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      onSaved(
        existing
          ? await api.put<MailTemplate>(`/api/v1/mail/templates/${existing.id}`, form)
          : await api.post<MailTemplate>('/api/v1/mail/templates', form),
      );
    } catch (e) {
      setErrors(e instanceof ApiError ? e.fieldErrors() : {});
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={template !== null}
      onClose={onClose}
      size="lg"
      title={existing ? `Edit ${existing.name}` : 'New template'}
      testId="template-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void save()}
            loading={busy}
            disabled={!form.name.trim() || !form.subject.trim() || !form.bodyText.trim()}
            data-testid="save-template"
          >
            Save
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        <div className="grid gap-4 sm:grid-cols-3">
          <div className="sm:col-span-2">
            <TextField
              id="tpl-name"
              label="Name"
              error={errors.name}
              value={form.name}
              onValue={(v) => set({ name: v })}
            />
          </div>
          <Field
            label="Kind"
            htmlFor="tpl-kind"
            hint={
              form.kind === 'marketing' ? 'Needs the unsubscribe link and postal address in both parts.' : undefined
            }
          >
            <Select
              id="tpl-kind"
              data-testid="tpl-kind"
              value={form.kind}
              onChange={(e) => set({ kind: e.target.value as MailTemplate['kind'] })}
            >
              <option value="transactional">One to one</option>
              <option value="marketing">Marketing</option>
            </Select>
          </Field>
        </div>
        <TextField
          id="tpl-subject"
          label="Subject"
          error={errors.subject}
          value={form.subject}
          onValue={(v) => set({ subject: v })}
        />
        <Field label="Plain text" htmlFor="tpl-text" error={errors.bodyText}>
          <textarea
            id="tpl-text"
            data-testid="tpl-text"
            rows={7}
            className={textArea}
            value={form.bodyText}
            onChange={(e) => set({ bodyText: e.target.value })}
          />
        </Field>
        {form.kind === 'marketing' && !form.bodyText.includes('unsubscribe_url') && (
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            onClick={() =>
              set({
                bodyText: form.bodyText + marketingFooter,
                bodyHtml: form.bodyHtml
                  ? form.bodyHtml + '<p>{{ postal_address }} · <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>'
                  : form.bodyHtml,
              })
            }
          >
            Add the unsubscribe footer
          </Button>
        )}
        <Field label="HTML (optional: made from the text when empty)" htmlFor="tpl-html" error={errors.bodyHtml}>
          <textarea
            id="tpl-html"
            rows={4}
            className={textArea}
            value={form.bodyHtml}
            onChange={(e) => set({ bodyHtml: e.target.value })}
          />
        </Field>
      </div>
    </Dialog>
  );
}
