import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../lib/api';
import { useAsync } from '../../lib/hooks';
import { relative } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select, Toggle } from '../../components/Field';
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
  const boxes = useAsync(
    (signal) => api.get<{ data: Mailbox[] }>('/api/v1/mail/mailboxes', undefined, signal).then((r) => r.data),
    [],
  );
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
          <ErrorState error={boxes.error} onRetry={boxes.reload} />
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
          boxes.setData((l) =>
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
  const settings = useAsync((signal) => api.get<MailSettings>('/api/v1/mail/settings', undefined, signal), []);
  const [draft, setDraft] = useState<MailSettings | null>(null);
  const [busy, setBusy] = useState(false);
  const value = draft ?? settings.data;
  const save = async () => {
    if (!value) return;
    setBusy(true);
    try {
      const saved = await api.put<MailSettings>('/api/v1/mail/settings', value);
      settings.setData(() => saved);
      setDraft(null);
      toast('success', 'Mail settings saved');
    } catch (e) {
      toast('error', errorMessage(e));
      settings.reload();
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
          <Field label="Postal address" htmlFor="postal-address" hint="Shown in the footer of marketing email.">
            <Input
              id="postal-address"
              data-testid="postal-address"
              value={value.postalAddress}
              onChange={(e) => setDraft({ ...value, postalAddress: e.target.value })}
              placeholder="1 High Street, Springfield"
            />
          </Field>
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
          <Field label="Name" htmlFor="mb-name" error={errors.name}>
            <Input
              id="mb-name"
              data-testid="mb-name"
              value={form.name}
              onChange={(e) => set({ name: e.target.value })}
              placeholder="Shop"
            />
          </Field>
          <Field label="From name" htmlFor="mb-from-name" error={errors.fromName}>
            <Input
              id="mb-from-name"
              data-testid="mb-from-name"
              value={form.fromName}
              onChange={(e) => set({ fromName: e.target.value })}
              placeholder="Anna at The Shop"
            />
          </Field>
          <Field label="From address" htmlFor="mb-from" error={errors.fromAddress}>
            <Input
              id="mb-from"
              data-testid="mb-from"
              value={form.fromAddress}
              onChange={(e) => set({ fromAddress: e.target.value })}
              placeholder="hello@yourshop.com"
            />
          </Field>
        </div>
        <fieldset className="grid gap-4 rounded-md border border-slate-200 p-4 sm:grid-cols-4">
          <legend className="px-1 text-xs font-semibold text-slate-600">SMTP (sending)</legend>
          <div className="sm:col-span-2">
            <Field label="Host" htmlFor="mb-host" error={errors.smtp}>
              <Input
                id="mb-host"
                data-testid="mb-host"
                value={form.host}
                onChange={(e) => set({ host: e.target.value })}
                placeholder="smtp.yourprovider.com"
              />
            </Field>
          </div>
          <Field label="Port" htmlFor="mb-port">
            <Input
              id="mb-port"
              data-testid="mb-port"
              inputMode="numeric"
              value={form.port}
              onChange={(e) => set({ port: e.target.value })}
            />
          </Field>
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
            <Field label="User" htmlFor="mb-user">
              <Input
                id="mb-user"
                data-testid="mb-user"
                value={form.user}
                onChange={(e) => set({ user: e.target.value })}
                autoComplete="off"
              />
            </Field>
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
                <Field label="Host" htmlFor="mb-imap-host" error={errors.imap}>
                  <Input
                    id="mb-imap-host"
                    value={form.imapHost}
                    onChange={(e) => set({ imapHost: e.target.value })}
                    placeholder="imap.yourprovider.com"
                  />
                </Field>
              </div>
              <Field label="Port" htmlFor="mb-imap-port">
                <Input
                  id="mb-imap-port"
                  inputMode="numeric"
                  value={form.imapPort}
                  onChange={(e) => set({ imapPort: e.target.value })}
                />
              </Field>
              <div className="pt-7">
                <LabelledToggle checked={form.imapTls} onChange={(v) => set({ imapTls: v })} label="TLS" />
              </div>
              <div className="sm:col-span-2">
                <Field label="User" htmlFor="mb-imap-user">
                  <Input
                    id="mb-imap-user"
                    value={form.imapUser}
                    onChange={(e) => set({ imapUser: e.target.value })}
                    autoComplete="off"
                  />
                </Field>
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
          <Field label="At most per minute" htmlFor="mb-rate" error={errors.perMinute} hint="Sends are spread out.">
            <Input
              id="mb-rate"
              inputMode="numeric"
              value={form.perMinute}
              onChange={(e) => set({ perMinute: e.target.value })}
            />
          </Field>
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
        <Field label="Send to" htmlFor="test-to">
          <Input
            id="test-to"
            data-testid="test-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            placeholder="you@yourshop.com"
            autoFocus
          />
        </Field>
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
