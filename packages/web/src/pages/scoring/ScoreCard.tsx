import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../lib/api';
import { call, client } from '../../lib/client';
import { useFormMutation } from '../../lib/useFormSubmit';
import { canWriteRecords, useMe } from '../../lib/auth';
import { Card, CardHeader } from '../../components/Card';
import { Link } from '../../components/Link';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { TierBadge } from './TierBadge';
import type { Explained, Factor } from './scoringTypes';
import { probability as formatProbability } from '../../lib/format';

function FactorList({ factors, sign }: { factors: Factor[]; sign: '+' | '−' }) {
  if (factors.length === 0) return <p className="text-xs text-slate-400">None</p>;
  return (
    <ul className="space-y-1">
      {factors.map((f) => (
        <li key={f.feature} className="flex items-start gap-2 text-sm text-slate-700" data-testid="score-factor">
          <span className={sign === '+' ? 'font-semibold text-emerald-600' : 'font-semibold text-red-500'}>{sign}</span>
          <span>{f.label}</span>
        </li>
      ))}
    </ul>
  );
}

type Entity = 'contact' | 'deal';

const words: Record<Entity, { title: string; chance: string; notScored: string }> = {
  contact: {
    title: 'Lead score',
    chance: 'Chance to become a customer',
    notScored: 'Only open leads are scored (customers, and people who refused profiling, are not).',
  },
  deal: {
    title: 'Deal score',
    chance: 'Chance to win',
    notScored:
      'Not scored yet: new and changed deals are scored within 10 minutes (or with "Score now" on the Scoring page).',
  },
};

/** Tier, chance to convert (a lead) or to win (a deal), the factors behind it, and a rep's override. */
export function ScoreCard({ entity, id, onChanged }: { entity: Entity; id: string; onChanged?: () => void }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  // The route's response schema is loose (scoring.routes.ts `anyObject`): typed by scoringTypes.ts.
  const res = useQuery({
    queryKey: ['scoring', 'scores', entity, id],
    queryFn: ({ signal }) => api.get<Explained>(`/api/v1/scoring/scores/${entity}/${id}`, undefined, signal),
  });
  const w = words[entity];
  const e = res.data;
  const s = e?.score;
  return (
    <Card testId="score-card">
      <CardHeader
        title={w.title}
        description={s ? `${w.chance} · model v${e?.model?.version}` : ' '}
        actions={
          <>
            <Link
              to={`/model-health?target=${entity === 'deal' ? 'deal_won' : 'contact_conversion'}`}
              className="text-xs font-medium text-brand-700 hover:underline"
              data-testid="score-health-link"
            >
              Model health
            </Link>
            {s && canWriteRecords(me.user.role) && (
              <Button size="sm" variant="ghost" icon="edit" onClick={() => setOpen(true)} data-testid="score-override">
                Override
              </Button>
            )}
          </>
        }
      />
      {res.error ? (
        <ErrorState error={res.error} onRetry={() => void res.refetch()} title="Could not load the score" />
      ) : !e ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-6" />
          <Skeleton className="h-5" />
        </div>
      ) : !s ? (
        <EmptyState
          compact
          icon="target"
          title="Not scored"
          description={
            e.model
              ? w.notScored
              : 'No scoring model is active yet: an admin trains and promotes one on the Scoring page.'
          }
        />
      ) : (
        <div className="space-y-4 px-5 py-4">
          <div className="flex items-center gap-3">
            <span className="text-3xl font-semibold text-slate-900 tabular-nums">
              {formatProbability(s.probability)}
            </span>
            <TierBadge tier={s.tier} overridden={s.override !== null} />
          </div>
          {s.override && (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-800" data-testid="score-override-note">
              Tier set to {s.override.tier} by {s.override.by} (model said {s.modelTier}): {s.override.reason}
            </p>
          )}
          <div>
            <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Raising it</h3>
            <FactorList factors={s.factors.positive} sign="+" />
          </div>
          <div>
            <h3 className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Lowering it</h3>
            <FactorList factors={s.factors.negative} sign="−" />
          </div>
          {e.fallback && <p className="text-xs text-slate-500">{e.fallback}</p>}
        </div>
      )}
      {s && (
        <OverrideDialog
          open={open}
          onClose={() => setOpen(false)}
          entity={entity}
          id={id}
          current={s.override?.tier ?? null}
          onDone={() => {
            setOpen(false);
            void queryClient.invalidateQueries({ queryKey: ['scoring', 'scores'] });
            onChanged?.();
          }}
        />
      )}
    </Card>
  );
}

function OverrideDialog({
  open,
  onClose,
  entity,
  id,
  current,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  entity: Entity;
  id: string;
  current: string | null;
  onDone: () => void;
}) {
  const [tier, setTier] = useState(current ?? 'A');
  const [reason, setReason] = useState('');
  const toast = useToast();
  const override = useFormMutation({
    mutationFn: (t: 'A' | 'B' | 'C' | 'D' | null) =>
      call(
        client.POST('/api/v1/scoring/scores/{entity}/{id}/override', {
          params: { path: { entity, id } },
          body: { tier: t, reason: reason.trim() },
        }),
      ),
    onSuccess: (_, t) => {
      toast('success', t ? `Tier set to ${t}` : 'Override cleared');
      onDone();
    },
  });
  const busy = override.busy;
  const error = override.mutation.error ? errorMessage(override.mutation.error) : undefined;
  const save = (t: string | null) => override.submit(t as 'A' | 'B' | 'C' | 'D' | null);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Override the score"
      description={`Your judgement wins on this ${entity}; the reason is kept as feedback for the next model.`}
      testId="override-dialog"
      footer={
        <>
          {current && (
            <Button variant="danger" onClick={() => save(null)} loading={busy} disabled={reason.trim().length < 3}>
              Clear override
            </Button>
          )}
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => save(tier)}
            loading={busy}
            disabled={reason.trim().length < 3}
            data-testid="override-save"
          >
            Save
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label="Tier" htmlFor="override-tier">
          <Select id="override-tier" value={tier} onChange={(ev) => setTier(ev.target.value)}>
            {['A', 'B', 'C', 'D'].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Reason"
          htmlFor="override-reason"
          error={error}
          hint="At least 3 characters, e.g. “Met at the trade fair, budget approved”."
        >
          <textarea
            id="override-reason"
            value={reason}
            onChange={(ev) => setReason(ev.target.value)}
            rows={3}
            className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
            data-testid="override-reason"
          />
        </Field>
      </div>
    </Dialog>
  );
}
