import { useState } from 'react';
import { api, ApiError } from '../../lib/api';
import { isAdmin, useAuth, useMe } from '../../lib/auth';
import type { Workspace } from '../../lib/types';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input, Select, Toggle } from '../../components/Field';
import { InlineError } from '../../components/EmptyState';
import { useToast } from '../../components/Toast';

const currencies = [
  'USD',
  'EUR',
  'GBP',
  'CAD',
  'AUD',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'JPY',
  'INR',
  'BRL',
  'MXN',
  'ZAR',
  'NZD',
  'SGD',
];
const countries: [string, string][] = [
  ['US', 'United States'],
  ['CA', 'Canada'],
  ['GB', 'United Kingdom'],
  ['IE', 'Ireland'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['CH', 'Switzerland'],
  ['AT', 'Austria'],
  ['SE', 'Sweden'],
  ['NO', 'Norway'],
  ['DK', 'Denmark'],
  ['FI', 'Finland'],
  ['PL', 'Poland'],
  ['PT', 'Portugal'],
  ['AU', 'Australia'],
  ['NZ', 'New Zealand'],
  ['JP', 'Japan'],
  ['IN', 'India'],
  ['SG', 'Singapore'],
  ['BR', 'Brazil'],
  ['MX', 'Mexico'],
  ['ZA', 'South Africa'],
];

export function WorkspaceSettings() {
  const { user, workspace } = useMe();
  const { updateWorkspace } = useAuth();
  const toast = useToast();
  const admin = isAdmin(user.role);
  const [form, setForm] = useState({ name: workspace.name, ...workspace.settings });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dirty =
    form.name !== workspace.name ||
    (Object.keys(workspace.settings) as (keyof Workspace['settings'])[]).some((k) => form[k] !== workspace.settings[k]);

  const save = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const { name, ...settings } = form;
      const ws = await api.patch<Workspace | { workspace: Workspace }>('/api/v1/workspace', {
        name: name.trim(),
        settings,
      });
      const next = 'workspace' in ws ? ws.workspace : ws;
      updateWorkspace({ ...workspace, ...next, settings: { ...workspace.settings, ...next.settings } });
      toast('success', 'Workspace settings saved');
    } catch (e) {
      const fe = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fe);
      if (Object.keys(fe).length === 0) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card testId="workspace-settings">
      <CardHeader
        title="Workspace"
        description={admin ? 'Applies to everyone in the workspace.' : 'Only admins can change these settings.'}
      />
      <div className="max-w-xl space-y-5 px-5 py-5">
        <InlineError error={error} />
        <Field label="Workspace name" htmlFor="ws-name" error={errors.name}>
          <Input
            id="ws-name"
            data-testid="ws-name"
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            disabled={!admin}
            invalid={!!errors.name}
          />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field
            label="Default country"
            htmlFor="ws-country"
            error={errors.settings}
            hint="Used to read phone numbers without a country code."
          >
            <Select
              id="ws-country"
              data-testid="ws-country"
              value={form.defaultCountry}
              onChange={(e) => setForm((f) => ({ ...f, defaultCountry: e.target.value }))}
              disabled={!admin}
            >
              {!countries.some(([c]) => c === form.defaultCountry) && (
                <option value={form.defaultCountry}>{form.defaultCountry}</option>
              )}
              {countries.map(([c, n]) => (
                <option key={c} value={c}>
                  {n}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Currency" htmlFor="ws-currency">
            <Select
              id="ws-currency"
              data-testid="ws-currency"
              value={form.currency}
              onChange={(e) => setForm((f) => ({ ...f, currency: e.target.value }))}
              disabled={!admin}
            >
              {!currencies.includes(form.currency) && <option value={form.currency}>{form.currency}</option>}
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <div className="flex items-start justify-between gap-6 rounded-lg bg-slate-50 px-4 py-3 ring-1 ring-slate-200 ring-inset">
          <div>
            <div className="text-sm font-medium text-slate-800">Reps see unassigned records</div>
            <p className="mt-0.5 text-xs text-slate-500">
              When on, sales reps can see and work contacts, companies and deals that have no owner, as well as their
              own.
            </p>
          </div>
          <Toggle
            label="Reps see unassigned records"
            testId="ws-reps-see-unassigned"
            checked={form.repsSeeUnassigned}
            onChange={(v) => setForm((f) => ({ ...f, repsSeeUnassigned: v }))}
            disabled={!admin}
          />
        </div>
      </div>
      {admin && (
        <div className="flex justify-end gap-2 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
          <Button onClick={() => setForm({ name: workspace.name, ...workspace.settings })} disabled={!dirty || busy}>
            Reset
          </Button>
          <Button
            variant="primary"
            onClick={() => void save()}
            loading={busy}
            disabled={!dirty || !form.name.trim()}
            data-testid="ws-save"
          >
            Save changes
          </Button>
        </div>
      )}
    </Card>
  );
}
