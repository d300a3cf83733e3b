import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryClient } from '../../lib/queryClient';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { Button } from '../../components/Button';
import { Toggle } from '../../components/Field';
import { PageSpinner } from '../../components/Spinner';
import type { ConsentPurpose, PurposeState } from './privacyTypes';

type Prefs = { workspaceName: string; purposes: PurposeState[] };

/** The person's own preference centre, reached by the signed link in every email: no sign-in. */
export function PreferencesPage({ token }: { token: string }) {
  useDocumentTitle('Your preferences');
  const prefs = useQuery({
    queryKey: ['public', 'preferences', token],
    queryFn: ({ signal }) => api.get<Prefs>(`/api/public/preferences/${encodeURIComponent(token)}`, undefined, signal),
    placeholderData: keepPreviousData,
  });
  const [choices, setChoices] = useState<Partial<Record<ConsentPurpose, boolean>>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (prefs.error)
    return (
      <Shell>
        <p className="text-sm text-red-700">{errorMessage(prefs.error)}</p>
      </Shell>
    );
  if (!prefs.data) return <PageSpinner />;
  const p = prefs.data;
  const value = (x: PurposeState) => choices[x.purpose] ?? x.state === 'granted';
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      // Only what the person switched: a purpose they never touched stays as it was (no consent is not a refusal).
      const changed = p.purposes.filter(
        (x) => choices[x.purpose] !== undefined && choices[x.purpose] !== (x.state === 'granted'),
      );
      if (changed.length === 0) return setSaved(true);
      const next = await api.post<Prefs>(`/api/public/preferences/${encodeURIComponent(token)}`, {
        choices: changed.map((x) => ({ purpose: x.purpose, state: value(x) ? 'granted' : 'denied' })),
      });
      queryClient.setQueryData<typeof prefs.data>(['public', 'preferences', token], () => next);
      setChoices({});
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Shell>
      <h1 className="text-xl font-semibold text-slate-900">Your choices with {p.workspaceName}</h1>
      <p className="mt-1 text-sm text-slate-600">
        Switch on what you agree to. You can come back and change this at any time.
      </p>
      <ul className="mt-5 space-y-4">
        {p.purposes.map((x) => (
          <li key={x.purpose} className="rounded-md border border-slate-200 p-4" data-testid={`pref-${x.purpose}`}>
            <div className="flex items-center justify-between gap-3">
              <span className="font-medium text-slate-800">{x.label}</span>
              <Toggle
                checked={value(x)}
                onChange={(v) => {
                  setChoices((c) => ({ ...c, [x.purpose]: v }));
                  setSaved(false);
                }}
                label={x.label}
                testId={`pref-toggle-${x.purpose}`}
              />
            </div>
            <p className="mt-1 text-sm text-slate-600">{x.wording}</p>
          </li>
        ))}
      </ul>
      {error && <p className="mt-3 text-sm text-red-700">{error}</p>}
      <div className="mt-5 flex items-center gap-3">
        <Button variant="primary" onClick={() => void save()} loading={busy} data-testid="pref-save">
          Save my choices
        </Button>
        {saved && (
          <span className="text-sm text-green-700" data-testid="pref-saved">
            Saved. Thank you.
          </span>
        )}
      </div>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-full justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-lg rounded-lg bg-white p-8 shadow-sm">{children}</div>
    </div>
  );
}
