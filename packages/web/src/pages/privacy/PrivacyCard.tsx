import { call, client } from '../../lib/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { queryClient } from '../../lib/queryClient';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { canWriteRecords, isAdmin, useMe } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { ConsentBadge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select, TextField } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { legalBases, type Consent, type ConsentState, type PurposeState } from './privacyTypes';

const basisLabel = (b: string | null) => (b ? b.replace(/_/g, ' ') : '');
const sourceLabel = (s: string) =>
  s.startsWith('staff:') || s.startsWith('user:')
    ? 'staff'
    : s.startsWith('api_key:')
      ? 'API key'
      : s.replace(/_/g, ' ');

/** The contact this card is about: only what it needs, so any contact shape the page holds will do. */
type ContactRef = { id: string; email?: string | null };

/** Contact page side card: consent per purpose with its history, the access export and erasure. */
export function PrivacyCard({ contact }: { contact: ContactRef }) {
  const { user: me } = useMe();
  const consent = useQuery({
    queryKey: ['privacy', 'consent', contact.id],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/contacts/{id}/privacy/consent', { params: { path: { id: contact.id } }, signal })),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<PurposeState | null>(null);
  const [erasing, setErasing] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const c = consent.data;
  return (
    <Card testId="privacy-card">
      <CardHeader title="Privacy" description="Consent per purpose, access and erasure" />
      {consent.error ? (
        <ErrorState error={consent.error} onRetry={() => void consent.refetch()} title="Could not load consent" />
      ) : !c ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-5" />
          <Skeleton className="h-5" />
        </div>
      ) : (
        <>
          <ul className="divide-y divide-slate-100">
            {c.purposes.map((p) => (
              <li
                key={p.purpose}
                className="flex items-center justify-between gap-2 px-5 py-2"
                data-testid={`consent-${p.purpose}`}
              >
                <span className="text-sm text-slate-700">{p.label}</span>
                <span className="flex items-center gap-2">
                  <ConsentBadge state={p.state} />
                  {canWriteRecords(me.role) && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setEditing(p)}
                      data-testid={`consent-change-${p.purpose}`}
                    >
                      Change
                    </Button>
                  )}
                </span>
              </li>
            ))}
          </ul>
          <div className="border-t border-slate-100 px-5 py-2">
            <button
              type="button"
              className="text-xs font-medium text-slate-600 hover:text-slate-900"
              onClick={() => setShowHistory((v) => !v)}
              data-testid="consent-history-toggle"
            >
              {showHistory ? 'Hide' : 'Show'} history ({c.history.length})
            </button>
            {showHistory && (
              <ol className="mt-2 space-y-1.5" data-testid="consent-history">
                {[...c.history].reverse().map((h, i) => (
                  <li key={i} className="text-xs text-slate-600">
                    <span className="tabular-nums text-slate-500">{dateTime(h.occurredAt)}</span> ·{' '}
                    {h.purpose.replace(/_/g, ' ')} <strong>{h.state}</strong> by {sourceLabel(h.source)}
                    {h.legalBasis && <> ({basisLabel(h.legalBasis)})</>}
                    {h.reason && <>: “{h.reason}”</>}
                    {h.wording && <div className="text-slate-400">Shown: “{h.wording}”</div>}
                  </li>
                ))}
              </ol>
            )}
          </div>
        </>
      )}
      <div className="flex flex-wrap gap-2 border-t border-slate-100 px-5 py-3">
        {me.role !== 'rep' && me.role !== 'viewer' && (
          <a
            href={`/api/v1/contacts/${contact.id}/privacy/export`}
            download
            data-testid="privacy-export"
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
          >
            Export data (zip)
          </a>
        )}
        {isAdmin(me.role) && (
          <Button size="sm" variant="danger" onClick={() => setErasing(true)} data-testid="privacy-erase">
            Erase…
          </Button>
        )}
      </div>
      {editing && (
        <ConsentDialog
          contactId={contact.id}
          purpose={editing}
          onClose={() => setEditing(null)}
          onSaved={(next) => {
            queryClient.setQueryData<typeof consent.data>(['privacy', 'consent', contact.id], () => next);
            setEditing(null);
          }}
        />
      )}
      {erasing && <EraseDialog contact={contact} onClose={() => setErasing(false)} />}
    </Card>
  );
}

function ConsentDialog({
  contactId,
  purpose,
  onClose,
  onSaved,
}: {
  contactId: string;
  purpose: PurposeState;
  onClose: () => void;
  onSaved: (c: Consent) => void;
}) {
  const [state, setState] = useState<ConsentState>(purpose.state === 'granted' ? 'denied' : 'granted');
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState<string>('consent');
  const { errors, error, busy, run } = useFormSubmit();
  const save = () =>
    run(async () =>
      onSaved(
        await api.post<Consent>(`/api/v1/contacts/${contactId}/privacy/consent`, {
          purpose: purpose.purpose,
          state,
          reason,
          legalBasis,
        }),
      ),
    );
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Change consent: ${purpose.label}`}
      description={`Shown to the person: “${purpose.wording}”`}
      testId="consent-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={busy} onClick={() => void save()} data-testid="consent-save">
            Save
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field label="New state" htmlFor="consentState" error={errors.state}>
          <Select
            id="consentState"
            value={state}
            onChange={(e) => setState(e.target.value as ConsentState)}
            data-testid="consent-state"
          >
            <option value="granted">Granted</option>
            <option value="denied">Denied</option>
            <option value="unknown">Unknown</option>
          </Select>
        </Field>
        <Field label="Legal basis" htmlFor="legalBasis" error={errors.legalBasis}>
          <Select id="legalBasis" value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)}>
            {legalBases.map((b) => (
              <option key={b} value={b}>
                {basisLabel(b)}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Reason (kept in the history)"
          htmlFor="consentReason"
          error={errors.reason ?? (error ? errorMessage(error) : undefined)}
        >
          <Input
            id="consentReason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. asked on the phone on 3 June"
            data-testid="consent-reason"
          />
        </Field>
      </div>
    </Dialog>
  );
}

function EraseDialog({ contact, onClose }: { contact: ContactRef; onClose: () => void }) {
  const toast = useToast();
  const expected = contact.email || contact.id;
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const { errors, error, busy, run } = useFormSubmit();
  const erase = () =>
    run(async () => {
      await api.post(`/api/v1/contacts/${contact.id}/privacy/erase`, { confirm: typed, reason: reason || undefined });
      toast('success', 'The contact was erased everywhere; their email and phone are blocklisted');
      navigate('/contacts');
    });
  return (
    <Dialog
      open
      onClose={onClose}
      title="Erase this person everywhere?"
      testId="erase-dialog"
      description="Removes their record, activities, consent history, scores and segment memberships, and redacts them from emails, imports and the audit log. Order totals stay, without their name. This cannot be undone."
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={busy}
            disabled={typed.trim().toLowerCase() !== expected.toLowerCase()}
            onClick={() => void erase()}
            data-testid="erase-confirm"
          >
            Erase
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <Field
          label={`Type ${contact.email ? 'their email' : 'the contact id'} to confirm: ${expected}`}
          htmlFor="eraseConfirm"
          error={errors.confirm ?? (error ? errorMessage(error) : undefined)}
        >
          <Input
            id="eraseConfirm"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            data-testid="erase-input"
          />
        </Field>
        <TextField
          id="eraseReason"
          label="Reason (recorded in the audit log)"
          value={reason}
          placeholder="e.g. erasure request by email, ticket 1234"
          onValue={(v) => setReason(v)}
        />
      </div>
    </Dialog>
  );
}
