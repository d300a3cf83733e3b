import { call, client } from '../../lib/client';
import { useQuery } from '@tanstack/react-query';
import { queryClient } from '../../lib/queryClient';
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { relative } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select, TextField, Toggle } from '../../components/Field';
import { EmptyState, ErrorState, InlineError } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import type { Mailbox, MailSettings } from './mailTypes';
import { TemplatesCard } from './TemplatesCard';

/** A switch with its words beside it (the shared Toggle only carries an aria-label). */
function LabelledToggle({
  checked,
  onChange,
  label,
  testId,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
  testId?: string;
}) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <Toggle checked={checked} onChange={onChange} label={label} testId={testId} />
      <span>{label}</span>
    </label>
  );
}

/** Settings → Mailboxes: the accounts Pipewise sends through, a test button, and the legal footer for marketing. */
export function MailboxesSettings() {
  const boxes = useQuery({
    queryKey: ['mail', 'mailboxes'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/mail/mailboxes', { signal })).then((r) => r.data),
  });
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [testing, setTesting] = useState<Mailbox | null>(null);
  return (
    <div className="space-y-6">
      <Card testId="mailboxes-settings">
        <CardHeader
          title="Mailboxes"
          description="The email accounts Pipewise sends from (SMTP) and reads replies and bounces from (IMAP, optional). Passwords are stored encrypted."
          actions={
            <Button variant="primary" size="sm" icon="plus" onClick={() => setEditing('new')} data-testid="add-mailbox">
              Add mailbox
            </Button>
          }
        />
        {boxes.error ? (
          <ErrorState error={boxes.error} onRetry={() => void boxes.refetch()} />
        ) : !boxes.data ? (
          <div className="p-5">
            <Skeleton className="h-10" />
          </div>
        ) : boxes.data.length === 0 ? (
          <EmptyState
            icon="mail"
            title="No mailbox yet"
            description="Add the SMTP account of your shop (e.g. hello@yourshop.com) to send email from contact pages."
          />
        ) : (
          <table className="w-full text-sm" data-testid="mailboxes-table">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-slate-500">
                <th className="px-5 py-2.5 font-medium">Mailbox</th>
                <th className="px-3 py-2.5 font-medium">Sends through</th>
                <th className="px-3 py-2.5 font-medium">Replies</th>
                <th className="px-3 py-2.5 font-medium">Last 24 h</th>
                <th className="px-5 py-2.5" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {boxes.data.map((m) => (
                <tr key={m.id} data-testid="mailbox-row">
                  <td className="max-w-64 px-5 py-3">
                    <div className="truncate font-medium text-slate-900" title={m.name}>
                      {m.name} {m.isDefault && <Badge tone="indigo">Default</Badge>}
                    </div>
                    <div className="truncate text-xs text-slate-500" title={m.fromAddress}>
                      {m.fromName} &lt;{m.fromAddress}&gt;
                    </div>
                  </td>
                  <td className="px-3 py-3 text-slate-600">
                    {m.smtp.host}:{m.smtp.port} <span className="text-xs text-slate-400">({m.smtp.security})</span>
                  </td>
                  <td className="px-3 py-3 text-slate-600">
                    {m.imap ? (
                      m.imap.lastError ? (
                        <span className="text-red-600" title={m.imap.lastError}>
                          IMAP error
                        </span>
                      ) : m.imap.lastPolledAt ? (
                        `read ${relative(m.imap.lastPolledAt)}`
                      ) : (
                        'IMAP, not read yet'
                      )
                    ) : (
                      <span className="text-slate-400">not read</span>
                    )}
                  </td>
                  <td className="px-3 py-3 text-slate-600">
                    {m.sentLast24h} / {m.dailyCap}
                  </td>
                  <td className="space-x-2 px-5 py-3 text-right whitespace-nowrap">
                    <Button size="sm" icon="mail" onClick={() => setTesting(m)} data-testid="test-mailbox">
                      Send test
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      icon="edit"
                      onClick={() => setEditing(m)}
                      data-testid="edit-mailbox"
                    >
                      Edit
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <MarketingSettingsCard />
      <TemplatesCard />
      <MailboxDialog
        mailbox={editing}
        onClose={() => setEditing(null)}
        onSaved={(m) => {
          queryClient.setQueryData<typeof boxes.data>(['mail', 'mailboxes'], (l) =>
            l?.some((x) => x.id === m.id)
              ? l.map((x) => (x.id === m.id ? m : m.isDefault ? { ...x, isDefault: false } : x))
              : [...(l ?? []), m],
          );
          setEditing(null);
        }}
      />
      <TestDialog mailbox={testing} onClose={() => setTesting(null)} />
    </div>
  );
}

function MarketingSettingsCard() {
  const toast = useToast();
  const settings = useQuery({
    queryKey: ['mail', 'settings'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/mail/settings', { signal })),
  });
  const [draft, setDraft] = useState<MailSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const value = draft ?? settings.data;
  const save = async () => {
    if (!value) return;
    setBusy(true);
    try {
      const saved = await api.put<MailSettings>('/api/v1/mail/settings', value);
      queryClient.setQueryData<typeof settings.data>(['mail', 'settings'], () => saved);
      setDraft(null);
      toast('success', 'Mail settings saved');
    } catch (e) {
      toast('error', errorMessage(e));
      void settings.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card testId="mail-settings">
      <CardHeader
        title="Marketing email"
        description="Every marketing email carries an unsubscribe link and your business's postal address (required by law)."
      />
      {!value ? (
        <div className="p-5">
          <Skeleton className="h-10" />
        </div>
      ) : (
        <div className="grid gap-4 p-5 sm:grid-cols-2">
          <TextField
            id="postal-address"
            label="Postal address"
            hint="Shown in the footer of marketing email."
            value={value.postalAddress}
            placeholder="1 High Street, Springfield"
            onValue={(v) => setDraft({ ...value, postalAddress: v })}
          />
          <Field
            label="Marketing needs opt-in"
            htmlFor="opt-in"
            hint="Contacts without a granted consent are not sent marketing email where this applies."
          >
            <Select
              id="opt-in"
              value={value.marketingOptIn}
              onChange={(e) => setDraft({ ...value, marketingOptIn: e.target.value as MailSettings['marketingOptIn'] })}
            >
              <option value="eu">In the EU/EEA and UK (and when the country is unknown)</option>
              <option value="always">Always</option>
              <option value="never">Never (opt-out is enough)</option>
            </Select>
          </Field>
          <div className="flex items-start gap-3 sm:col-span-2">
            <Toggle
              checked={Boolean(value.trackOpens)}
              onChange={(v) => setDraft({ ...value, trackOpens: v })}
              label="Count opens"
              testId="track-opens"
            />
            <div className="text-sm">
              <div className="font-medium text-slate-800">Count opens</div>
              <div className="text-slate-500">
                Adds an invisible image to each email to see when it is opened. Off by default: some people dislike it
                and many mail apps block it, so open counts are only a hint. Clicks on links are always counted.
              </div>
            </div>
          </div>
          <div className="sm:col-span-2">
            <Button
              variant="primary"
              size="sm"
              onClick={() => void save()}
              loading={busy}
              disabled={!draft}
              data-testid="save-mail-settings"
            >
              Save
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}

type Form = {
  name: string;
  fromName: string;
  fromAddress: string;
  host: string;
  port: string;
  security: 'tls' | 'starttls' | 'none';
  user: string;
  password: string;
  imapOn: boolean;
  imapHost: string;
  imapPort: string;
  imapTls: boolean;
  imapUser: string;
  imapPassword: string;
  dailyCap: string;
  perMinute: string;
  isDefault: boolean;
};
const emptyForm: Form = {
  name: '',
  fromName: '',
  fromAddress: '',
  host: '',
  port: '587',
  security: 'starttls',
  user: '',
  password: '',
  imapOn: false,
  imapHost: '',
  imapPort: '993',
  imapTls: true,
  imapUser: '',
  imapPassword: '',
  dailyCap: '300',
  perMinute: '20',
  isDefault: false,
};
const formOf = (m: Mailbox): Form => ({
  name: m.name,
  fromName: m.fromName,
  fromAddress: m.fromAddress,
  host: m.smtp.host,
  port: String(m.smtp.port),
  security: m.smtp.security,
  user: m.smtp.user ?? '',
  password: '',
  imapOn: Boolean(m.imap),
  imapHost: m.imap?.host ?? '',
  imapPort: String(m.imap?.port ?? 993),
  imapTls: m.imap?.tls ?? true,
  imapUser: m.imap?.user ?? '',
  imapPassword: '',
  dailyCap: String(m.dailyCap),
  perMinute: String(m.perMinute),
  isDefault: m.isDefault,
});

function MailboxDialog({
  mailbox,
  onClose,
  onSaved,
}: {
  mailbox: Mailbox | 'new' | null;
  onClose: () => void;
  onSaved: (m: Mailbox) => void;
}) {
  const existing = mailbox && mailbox !== 'new' ? mailbox : null;
  const [form, setForm] = useState<Form>(emptyForm);
  const [openedFor, setOpenedFor] = useState<Mailbox | 'new' | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (mailbox !== openedFor) {
    setOpenedFor(mailbox);
    setForm(existing ? formOf(existing) : emptyForm);
    setErrors({});
    setError(null);
  }
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const submit = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    const body = {
      name: form.name,
      fromName: form.fromName,
      fromAddress: form.fromAddress,
      userId: existing?.userId ?? null,
      smtp: {
        host: form.host,
        port: Number(form.port),
        security: form.security,
        user: form.user.trim() || null,
        ...(form.password ? { password: form.password } : {}),
      },
      imap: form.imapOn
        ? {
            host: form.imapHost,
            port: Number(form.imapPort),
            tls: form.imapTls,
            user: form.imapUser,
            ...(form.imapPassword ? { password: form.imapPassword } : {}),
          }
        : null,
      dailyCap: Number(form.dailyCap),
      perMinute: Number(form.perMinute),
      isDefault: form.isDefault,
    };
    try {
      onSaved(
        existing
          ? await api.put<Mailbox>(`/api/v1/mail/mailboxes/${existing.id}`, body)
          : await api.post<Mailbox>('/api/v1/mail/mailboxes', body),
      );
    } catch (e) {
      const fe = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fe);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={mailbox !== null}
      onClose={onClose}
      size="lg"
      title={existing ? `Edit ${existing.name}` : 'Add a mailbox'}
      testId="mailbox-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void submit()} loading={busy} data-testid="save-mailbox">
            Save
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            id="mb-name"
            label="Name"
            error={errors.name}
            value={form.name}
            placeholder="Shop"
            onValue={(v) => set({ name: v })}
          />
          <TextField
            id="mb-from-name"
            label="From name"
            error={errors.fromName}
            value={form.fromName}
            placeholder="Anna at The Shop"
            onValue={(v) => set({ fromName: v })}
          />
          <TextField
            id="mb-from"
            label="From address"
            error={errors.fromAddress}
            value={form.fromAddress}
            placeholder="hello@yourshop.com"
            onValue={(v) => set({ fromAddress: v })}
          />
        </div>
        <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-4">
          <legend className="px-1 text-xs font-semibold text-slate-600">SMTP (sending)</legend>
          <div className="sm:col-span-2">
            <TextField
              id="mb-host"
              label="Host"
              error={errors.smtp}
              value={form.host}
              placeholder="smtp.yourprovider.com"
              onValue={(v) => set({ host: v })}
            />
          </div>
          <TextField
            id="mb-port"
            label="Port"
            inputMode="numeric"
            value={form.port}
            onValue={(v) => set({ port: v })}
          />
          <Field label="Security" htmlFor="mb-security" hint="587: STARTTLS · 465: TLS">
            <Select
              id="mb-security"
              data-testid="mb-security"
              value={form.security}
              onChange={(e) => set({ security: e.target.value as Form['security'] })}
            >
              <option value="starttls">STARTTLS</option>
              <option value="tls">TLS</option>
              <option value="none">None</option>
            </Select>
          </Field>
          <div className="sm:col-span-2">
            <TextField
              id="mb-user"
              label="User"
              value={form.user}
              autoComplete="off"
              onValue={(v) => set({ user: v })}
            />
          </div>
          <div className="sm:col-span-2">
            <Field
              label="Password"
              htmlFor="mb-password"
              hint={existing?.smtp.hasPassword ? 'Leave empty to keep the stored password.' : undefined}
            >
              <Input
                id="mb-password"
                data-testid="mb-password"
                type="password"
                value={form.password}
                onChange={(e) => set({ password: e.target.value })}
                autoComplete="new-password"
              />
            </Field>
          </div>
        </fieldset>
        <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
          <legend className="px-1 text-xs font-semibold text-slate-600">IMAP (replies and bounces, optional)</legend>
          <LabelledToggle
            checked={form.imapOn}
            onChange={(v) => set({ imapOn: v, imapUser: form.imapUser || form.user })}
            label="Read replies and bounces from this mailbox"
            testId="mb-imap-on"
          />
          {form.imapOn && (
            <div className="grid gap-4 sm:grid-cols-4">
              <div className="sm:col-span-2">
                <TextField
                  id="mb-imap-host"
                  label="Host"
                  error={errors.imap}
                  value={form.imapHost}
                  placeholder="imap.yourprovider.com"
                  onValue={(v) => set({ imapHost: v })}
                />
              </div>
              <TextField
                id="mb-imap-port"
                label="Port"
                inputMode="numeric"
                value={form.imapPort}
                onValue={(v) => set({ imapPort: v })}
              />
              <div className="pt-7">
                <LabelledToggle checked={form.imapTls} onChange={(v) => set({ imapTls: v })} label="TLS" />
              </div>
              <div className="sm:col-span-2">
                <TextField
                  id="mb-imap-user"
                  label="User"
                  value={form.imapUser}
                  autoComplete="off"
                  onValue={(v) => set({ imapUser: v })}
                />
              </div>
              <div className="sm:col-span-2">
                <Field
                  label="Password"
                  htmlFor="mb-imap-password"
                  hint={existing?.imap?.hasPassword ? 'Leave empty to keep it.' : undefined}
                >
                  <Input
                    id="mb-imap-password"
                    type="password"
                    value={form.imapPassword}
                    onChange={(e) => set({ imapPassword: e.target.value })}
                    autoComplete="new-password"
                  />
                </Field>
              </div>
            </div>
          )}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="At most per 24 hours"
            htmlFor="mb-cap"
            error={errors.dailyCap}
            hint="Rolling window; providers block accounts that send too much."
          >
            <Input
              id="mb-cap"
              inputMode="numeric"
              value={form.dailyCap}
              onChange={(e) => set({ dailyCap: e.target.value })}
            />
          </Field>
          <TextField
            id="mb-rate"
            label="At most per minute"
            error={errors.perMinute}
            hint="Sends are spread out."
            inputMode="numeric"
            value={form.perMinute}
            onValue={(v) => set({ perMinute: v })}
          />
          <div className="pt-7">
            <LabelledToggle
              checked={form.isDefault}
              onChange={(v) => set({ isDefault: v })}
              label="Default for the workspace"
            />
          </div>
        </div>
      </div>
    </Dialog>
  );
}

function TestDialog({ mailbox, onClose }: { mailbox: Mailbox | null; onClose: () => void }) {
  const [to, setTo] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setResult(null);
    onClose();
  };
  const send = async () => {
    if (!mailbox) return;
    setBusy(true);
    setResult(null);
    try {
      const r = await api.post<{ to: string; response: string }>(`/api/v1/mail/mailboxes/${mailbox.id}/test`, { to });
      setResult({ ok: true, message: `Sent to ${r.to}. The server said: ${r.response}` });
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={mailbox !== null}
      onClose={close}
      size="sm"
      title={`Send a test from ${mailbox?.name ?? ''}`}
      testId="mailbox-test-dialog"
      footer={
        <>
          <Button onClick={close}>Close</Button>
          <Button
            variant="primary"
            icon="mail"
            onClick={() => void send()}
            loading={busy}
            disabled={!to.trim()}
            data-testid="send-test"
          >
            Send test
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <TextField
          id="test-to"
          label="Send to"
          value={to}
          placeholder="you@yourshop.com"
          autoFocus
          onValue={(v) => setTo(v)}
        />
        {result && (
          <p
            data-testid="test-result"
            role="status"
            className={
              result.ok
                ? 'rounded-md bg-green-50 px-3 py-2 text-sm break-words text-green-800'
                : 'rounded-md bg-red-50 px-3 py-2 text-sm break-words text-red-700'
            }
          >
            {result.message}
          </p>
        )}
      </div>
    </Dialog>
  );
}
