import { call, client } from '../../lib/client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { isAdmin, useMe } from '../../lib/auth';
import { date } from '../../lib/format';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input, TextField, Toggle } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import type { Notice, RecordOfProcessing, Retention, RetentionPreview } from './privacyTypes';

/** Workspace privacy: retention with a dry run, the public notice (settings and preview), the record of processing. */
export function PrivacyPage() {
  useDocumentTitle('Privacy');
  const retention = useQuery({
    queryKey: ['privacy', 'retention'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/privacy/retention', { signal })),
  });
  const notice = useQuery({
    queryKey: ['privacy', 'notice'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/privacy/notice', { signal })),
  });
  const ropa = useQuery({
    queryKey: ['privacy', 'record-of-processing'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/privacy/record-of-processing', { signal })),
  });
  if (retention.error || notice.error)
    return (
      <ErrorState
        error={retention.error ?? notice.error}
        onRetry={() => {
          void retention.refetch();
          void notice.refetch();
        }}
        title="Could not load privacy settings"
      />
    );
  if (!retention.data || !notice.data) return <PageSpinner />;
  return (
    <div className="space-y-6" data-testid="privacy-page">
      <PageHeader
        title="Privacy"
        description="Retention, the public notice about AI and data, and the record of processing. Consent, export and erasure of one person are on their contact page."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <RetentionCard retention={retention.data} onSaved={() => void retention.refetch()} />
        <NoticeSettingsCard
          onSaved={() => {
            void notice.refetch();
            void ropa.refetch();
          }}
        />
      </div>
      <NoticePreview notice={notice.data} />
      {ropa.data && <RopaCard ropa={ropa.data} />}
    </div>
  );
}

function RetentionCard({ retention, onSaved }: { retention: Retention; onSaved: () => void }) {
  const { user: me } = useMe();
  const toast = useToast();
  const p = retention.inactiveContacts;
  const [months, setMonths] = useState(String(p?.months ?? 36));
  const [enabled, setEnabled] = useState(p?.enabled ?? false);
  const [preview, setPreview] = useState<RetentionPreview | null>(null);
  const { errors, error, busy, run } = useFormSubmit();
  const n = Number(months);
  const valid = /^\d+$/.test(months.trim()) && n >= 1 && n <= 240;
  const save = () =>
    run(async () => {
      await api.put('/api/v1/privacy/retention', { months: n, enabled });
      toast('success', 'Retention policy saved');
      onSaved();
    });
  const dryRun = () =>
    run(async () =>
      setPreview(await call(client.GET('/api/v1/privacy/retention/preview', { params: { query: { months: n } } }))),
    );
  const applyNow = () =>
    run(async () => {
      const r = await api.post<{ anonymised: number }>('/api/v1/privacy/retention/run');
      toast('success', `Anonymised ${r.anonymised} contact(s)`);
      setPreview(null);
      onSaved();
    });
  return (
    <Card testId="retention-card">
      <CardHeader
        title="Retention"
        description="Anonymise contacts with no activity, no order and no change for a period. Runs nightly when on."
      />
      <div className="space-y-4 p-5">
        <Field
          label="No activity for (months)"
          htmlFor="retentionMonths"
          error={errors.months ?? (!valid ? 'A whole number of months from 1 to 240' : undefined)}
        >
          <Input
            id="retentionMonths"
            type="number"
            min={1}
            max={240}
            value={months}
            invalid={!valid}
            onChange={(e) => {
              setMonths(e.target.value);
              setPreview(null);
            }}
            data-testid="retention-months"
          />
        </Field>
        <div className="flex items-center gap-3">
          <Toggle checked={enabled} onChange={setEnabled} label="Apply nightly" testId="retention-enabled" />
          <span className="text-sm text-slate-700">Apply nightly</span>
        </div>
        {p?.lastRunAt && (
          <p className="text-xs text-slate-500">
            Last run {date(p.lastRunAt)}: {p.lastRunCount ?? 0} contact(s) anonymised.
          </p>
        )}
        {preview && (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="retention-preview">
            Dry run: <strong>{preview.contacts}</strong> contact(s) have had no activity since{' '}
            {date(preview.inactiveSince)} and would be anonymised.
          </p>
        )}
        {error ? <p className="text-sm text-red-600">{errorMessage(error)}</p> : null}
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => void dryRun()} disabled={!valid} loading={busy} data-testid="retention-dry-run">
            Dry run
          </Button>
          {isAdmin(me.role) && (
            <Button
              variant="primary"
              onClick={() => void save()}
              disabled={!valid}
              loading={busy}
              data-testid="retention-save"
            >
              Save
            </Button>
          )}
          {isAdmin(me.role) && p?.enabled && preview && preview.contacts > 0 && (
            <Button variant="danger" onClick={() => void applyNow()} loading={busy}>
              Anonymise {preview.contacts} now
            </Button>
          )}
        </div>
      </div>
    </Card>
  );
}

function NoticeSettingsCard({ onSaved }: { onSaved: () => void }) {
  const { user: me } = useMe();
  const toast = useToast();
  const settings = useQuery({
    queryKey: ['privacy', 'notice-settings'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/privacy/notice-settings', { signal })),
  });
  const [controller, setController] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  useEffect(() => {
    if (settings.data) {
      setController(settings.data.controller ?? '');
      setContactEmail(settings.data.contactEmail ?? '');
    }
  }, [settings.data]);
  const { errors, error, busy, run } = useFormSubmit();
  const save = () =>
    run(async () => {
      await api.put('/api/v1/privacy/notice-settings', {
        ...settings.data,
        controller: controller.trim() || undefined,
        contactEmail: contactEmail.trim() || undefined,
      });
      toast('success', 'Notice settings saved');
      onSaved();
    });
  return (
    <Card testId="notice-settings-card">
      <CardHeader
        title="Public notice"
        description="Who is responsible for the data and how people reach you; shown in the notice below."
      />
      <div className="space-y-4 p-5">
        <TextField
          id="controller"
          label="Controller (business name)"
          error={errors.controller}
          value={controller}
          disabled={!isAdmin(me.role)}
          onValue={(v) => setController(v)}
        />
        <Field
          label="Privacy contact email"
          htmlFor="contactEmail"
          error={errors.contactEmail ?? (error ? errorMessage(error) : undefined)}
        >
          <Input
            id="contactEmail"
            value={contactEmail}
            onChange={(e) => setContactEmail(e.target.value)}
            disabled={!isAdmin(me.role)}
            data-testid="notice-email"
          />
        </Field>
        {isAdmin(me.role) && (
          <Button variant="primary" onClick={() => void save()} loading={busy} data-testid="notice-save">
            Save
          </Button>
        )}
      </div>
    </Card>
  );
}

function NoticePreview({ notice }: { notice: Notice }) {
  return (
    <Card testId="notice-preview">
      <CardHeader
        title="How we use AI and your data (preview)"
        description="Generated from this workspace's settings and active models; public at /api/public/privacy/{workspace}/notice."
      />
      <div className="space-y-4 p-5 text-sm text-slate-700">
        <p>
          <strong>{notice.controller}</strong> holds the data below.
          {notice.contactEmail && (
            <>
              {' '}
              Questions and requests:{' '}
              <a className="text-blue-700 underline" href={`mailto:${notice.contactEmail}`}>
                {notice.contactEmail}
              </a>
              .
            </>
          )}
        </p>
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">Purpose</th>
              <th className="py-1 pr-4">Data</th>
              <th className="py-1">Legal basis</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {notice.purposes.map((p) => (
              <tr key={p.purpose}>
                <td className="py-1.5 pr-4 font-medium">{p.label}</td>
                <td className="py-1.5 pr-4">{p.data}</td>
                <td className="py-1.5">{p.legalBasis}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <h3 className="mb-1 font-semibold text-slate-800">Models</h3>
          <ul className="list-disc space-y-1 pl-5">
            {notice.models.map((m) => (
              <li key={m.name}>
                <strong>{m.name}</strong>: {m.description}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="mb-1 font-semibold text-slate-800">Your rights</h3>
          <ul className="list-disc pl-5">
            {notice.rights.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}

function RopaCard({ ropa }: { ropa: RecordOfProcessing }) {
  return (
    <Card testId="ropa-card">
      <CardHeader
        title="Record of processing (staff)"
        description={`${ropa.contacts} contacts held · ${ropa.suppressed} blocklist entries (hashed emails and phones of erased people)`}
      />
      <div className="overflow-x-auto p-5">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-4">Purpose</th>
              <th className="py-1 pr-4">Legal basis</th>
              <th className="py-1 pr-4">Categories</th>
              <th className="py-1 pr-4">Recipients</th>
              <th className="py-1">Retention</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ropa.activities.map((a) => (
              <tr key={a.purpose}>
                <td className="py-1.5 pr-4 font-medium">{a.purpose}</td>
                <td className="py-1.5 pr-4">{a.legalBasis}</td>
                <td className="py-1.5 pr-4">{a.categories}</td>
                <td className="py-1.5 pr-4">{a.recipients}</td>
                <td className="py-1.5">{a.retention}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
