import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api';
import { call, client } from '../../lib/client';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Input, Select } from '../../components/Field';
import { useToast } from '../../components/Toast';
import type { SensitiveAttribute } from './scoringTypes';

type Row = { key: string; bands: string; useAsInput: boolean };
const toRow = (a: SensitiveAttribute): Row => ({
  key: a.key,
  bands: a.bands?.join(', ') ?? '',
  useAsInput: a.useAsInput ?? false,
});

/**
 * Sensitive attributes (gender, age band, nationality, any custom field): excluded from the model's inputs unless
 * kept on purpose, and audited before every promotion. Admins edit them; everyone sees them.
 */
export function FairnessSettings({ admin }: { admin: boolean }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const res = useQuery({
    queryKey: ['scoring', 'fairness'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/scoring/fairness', { signal })),
  });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const current = rows ?? (res.data?.attributes ?? []).map(toRow);
  const candidates = (res.data?.candidates ?? []).filter((c) => !current.some((r) => r.key === c));
  const update = (i: number, patch: Partial<Row>) => setRows(current.map((r, k) => (k === i ? { ...r, ...patch } : r)));

  const save = async () => {
    setError(null);
    const attributes: SensitiveAttribute[] = [];
    for (const r of current) {
      const bands = r.bands.trim() ? r.bands.split(',').map((b) => Number(b.trim())) : undefined;
      if (bands?.some((b) => !Number.isFinite(b))) {
        setError(`Bands of ${r.key} must be numbers separated by commas, e.g. 30, 61`);
        return;
      }
      attributes.push({ key: r.key, ...(bands ? { bands } : {}), ...(r.useAsInput ? { useAsInput: true } : {}) });
    }
    setSaving(true);
    try {
      await call(client.PUT('/api/v1/scoring/fairness', { body: { attributes } }));
      toast('success', 'Sensitive attributes saved: the next training leaves them out and audits them');
      setRows(null);
      await queryClient.invalidateQueries({ queryKey: ['scoring', 'fairness'] });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card className="mb-4" testId="fairness-settings">
      <CardHeader
        title="Fairness: sensitive attributes"
        description="Named attributes are left out of the model's inputs and audited before a model is promoted: selection rate per group at the tier cut-offs (80% rule), true-positive rate, calibration, and inputs that act as proxies."
        actions={
          admin ? (
            <Button
              size="sm"
              variant="primary"
              onClick={() => void save()}
              loading={saving}
              disabled={rows === null}
              data-testid="fairness-save"
            >
              Save
            </Button>
          ) : undefined
        }
      />
      <div className="space-y-2 px-5 py-4 text-sm">
        {current.length === 0 && (
          <p className="text-slate-500" data-testid="fairness-empty">
            None named yet{admin ? ': add gender, age, nationality or any custom field below.' : '.'}
          </p>
        )}
        {current.map((r, i) => (
          <div key={r.key} className="flex flex-wrap items-center gap-3" data-testid="fairness-row">
            <span className="w-48 truncate font-medium text-slate-800">{r.key}</span>
            <label className="flex items-center gap-1 text-xs text-slate-600">
              bands
              <Input
                className="w-28"
                value={r.bands}
                onChange={(e) => update(i, { bands: e.target.value })}
                placeholder="e.g. 30, 61"
                disabled={!admin}
                aria-label={`bands of ${r.key}`}
                data-testid="fairness-bands"
              />
            </label>
            <label className="flex items-center gap-1 text-xs text-slate-600">
              <input
                type="checkbox"
                checked={r.useAsInput}
                onChange={(e) => update(i, { useAsInput: e.target.checked })}
                disabled={!admin}
              />{' '}
              keep as a model input
            </label>
            {admin && (
              <Button
                size="sm"
                variant="ghost"
                icon="trash"
                onClick={() => setRows(current.filter((_, k) => k !== i))}
                aria-label={`remove ${r.key}`}
              >
                Remove
              </Button>
            )}
          </div>
        ))}
        {admin && (
          <div className="flex items-center gap-2 pt-2">
            <Select
              value={pick}
              onChange={(e) => setPick(e.target.value)}
              className="w-64"
              aria-label="attribute to add"
              data-testid="fairness-pick"
            >
              <option value="">Choose an input or custom field…</option>
              {candidates.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </Select>
            <Button
              size="sm"
              icon="plus"
              disabled={!pick}
              onClick={() => {
                setRows([...current, { key: pick, bands: '', useAsInput: false }]);
                setPick('');
              }}
              data-testid="fairness-add"
            >
              Add
            </Button>
          </div>
        )}
        {error && (
          <p className="text-xs text-red-700" data-testid="fairness-error">
            {error}
          </p>
        )}
      </div>
    </Card>
  );
}
