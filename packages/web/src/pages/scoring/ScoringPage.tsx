import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { call, client } from '../../lib/client';
import { useDocumentTitle } from '../../lib/hooks';
import { useBackgroundJob, type JobStart } from '../../lib/jobs';
import { isAdmin, useMe } from '../../lib/auth';
import { navigate, useLocation } from '../../lib/router';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { TrustPanel } from '../../components/TrustPanel';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { HorizonDialog } from './HorizonDialog';
import { FairnessSettings } from './FairnessSettings';
import { Link } from '../../components/Link';
import { ModelReport } from './ModelReport';
import { TierBadge } from './TierBadge';
import {
  familyLabel,
  fmt,
  targetLabel,
  type ModelSummary,
  type ScoringStatus,
  type TargetStatus,
} from './scoringTypes';

/** Models per target, their evaluation reports, promotion by an admin, rollback and history (docs/scoring.md). */
export function ScoringPage() {
  useDocumentTitle('Scoring');
  const me = useMe();
  const admin = isAdmin(me.user.role);
  const manager = admin || me.user.role === 'manager';
  const toast = useToast();
  const { search } = useLocation();
  const selected = new URLSearchParams(search).get('model');
  const [publish, setPublish] = useState<ModelSummary | null>(null);
  const [acknowledge, setAcknowledge] = useState<ModelSummary | null>(null);
  const [editHorizon, setEditHorizon] = useState(false);
  // GET /api/v1/scoring declares no response schema yet (scoring.routes.ts `anyObject`): typed by scoringTypes.ts.
  const status = useQuery({
    queryKey: ['scoring'],
    queryFn: ({ signal }) => api.get<ScoringStatus>('/api/v1/scoring', undefined, signal),
  });
  const s = status.data;
  const shown = selected ?? s?.targets.find((t) => t.active)?.active?.id ?? s?.models[0]?.id ?? null;

  const queryClient = useQueryClient();
  const [doneMessage, setDoneMessage] = useState('');
  // A job changes models, scores and tiers: everything under ['scoring'] (status, reports, score cards) is re-read.
  const background = useBackgroundJob({
    invalidate: [['scoring']],
    onDone: () => toast('success', doneMessage),
    onFailed: (j) => toast('error', j.error ?? 'The job failed'),
  });
  const job = background.running ? (background.job ?? { message: null, progress: 0 }) : null;
  const runJob = (start: () => Promise<JobStart>, done: string) => {
    setDoneMessage(done);
    background.start(start, {
      onError: (e) => {
        toast('error', e.message);
        void status.refetch();
      },
    });
  };
  const promote = (
    m: ModelSummary,
    body: { override?: boolean; note?: string; acknowledgeFairness?: boolean; fairnessReason?: string } = {},
  ) =>
    runJob(
      () => call(client.POST('/api/v1/scoring/models/{id}/promote', { params: { path: { id: m.id } }, body })),
      `Version ${m.version} is active; open records are re-scored`,
    );
  const rollback = (t: TargetStatus) =>
    runJob(
      () => call(client.POST('/api/v1/scoring/rollback', { body: { target: t.target } })),
      'Rolled back to the previous version',
    );

  return (
    <div data-testid="scoring-page">
      <PageHeader
        title="Scoring"
        description={`Who is most likely to buy: lead scores (customer within ${s?.horizonDays ?? 90} days) and deal scores (won), trained on your own data and tested on your newest records.`}
        actions={
          manager ? (
            <>
              <Link
                to="/model-health"
                className="text-sm font-medium text-brand-700 hover:underline"
                data-testid="scoring-health-link"
              >
                Model health
              </Link>
              <Button
                icon="refresh"
                onClick={() =>
                  runJob(() => call(client.POST('/api/v1/scoring/run', { body: {} })), 'Open leads and deals re-scored')
                }
                disabled={job !== null}
                data-testid="score-now"
              >
                Score now
              </Button>
              <Button
                variant="primary"
                icon="sparkles"
                onClick={() =>
                  runJob(
                    () => call(client.POST('/api/v1/scoring/train', { body: {} })),
                    'New candidate models trained: review and promote them below',
                  )
                }
                loading={job !== null}
                data-testid="train-now"
              >
                Train models
              </Button>
            </>
          ) : undefined
        }
      />
      <TrustPanel area="scores" />
      {job && (
        <Card className="mb-4 px-5 py-3" testId="scoring-progress">
          <div className="mb-1.5 flex justify-between text-xs text-slate-600">
            <span>{job.message || 'Working…'}</span>
            <span className="tabular-nums">{Math.round((job.progress ?? 0) * 100)}%</span>
          </div>
          <ProgressBar value={job.progress ?? null} />
        </Card>
      )}
      {status.error ? (
        <Card>
          <ErrorState error={status.error} onRetry={() => void status.refetch()} title="Could not load scoring" />
        </Card>
      ) : !s ? (
        <Skeleton className="h-48" />
      ) : (
        <>
          <div className="mb-4 grid gap-4 lg:grid-cols-2">
            {s.targets.map((t) => (
              <TargetCard
                key={t.target}
                t={t}
                canRollback={admin && s.models.some((m) => m.target === t.target && m.state === 'retired')}
                onRollback={() => rollback(t)}
                busy={job !== null}
                horizon={
                  t.target === 'contact_conversion'
                    ? { days: s.horizonDays, onEdit: admin ? () => setEditHorizon(true) : null }
                    : null
                }
              />
            ))}
          </div>
          <Card className="mb-4" testId="models-table">
            <CardHeader
              title="Models and history"
              description="Every trained version. Candidates need an admin's approval before they score anything; rollback re-activates the previous version."
            />
            {s.models.length === 0 ? (
              <EmptyState
                compact
                icon="sparkles"
                title="No model yet"
                description={
                  manager
                    ? 'Train the first models: it takes a few seconds on a small workspace.'
                    : 'A manager or admin trains the first models.'
                }
              />
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead className="border-b border-slate-100 text-left text-xs text-slate-500">
                    <tr>
                      {[
                        'Target',
                        'Version',
                        'State',
                        'Model',
                        'Examples',
                        'AUC',
                        'Brier',
                        'Trained',
                        'Approved by',
                        '',
                      ].map((h) => (
                        <th key={h} className="px-3 py-2 font-medium whitespace-nowrap first:pl-5">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {s.models.map((m) => (
                      <tr
                        key={m.id}
                        className={m.id === shown ? 'bg-brand-50/40' : 'hover:bg-slate-50'}
                        data-testid="model-row"
                      >
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 whitespace-nowrap text-slate-700">
                          {m.target === 'deal_won' ? 'Deals (won)' : 'Leads (customer)'}
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5">
                          <button
                            type="button"
                            className="font-medium text-brand-700 hover:underline"
                            onClick={() => navigate(`/scoring?model=${m.id}`)}
                          >
                            v{m.version}
                          </button>
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 whitespace-nowrap">
                          <Badge tone={m.state === 'active' ? 'green' : m.state === 'candidate' ? 'indigo' : 'gray'}>
                            {m.state}
                          </Badge>
                          {!m.ready && (
                            <Badge tone="amber" className="ml-1">
                              not ready
                            </Badge>
                          )}
                          {m.fairnessPassed === false && (
                            <Badge tone={m.fairnessAcknowledged ? 'amber' : 'red'} className="ml-1">
                              {m.fairnessAcknowledged ? 'audit acknowledged' : 'fairness audit failed'}
                            </Badge>
                          )}
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 whitespace-nowrap text-slate-700">
                          {familyLabel[m.family] ?? m.family}
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 whitespace-nowrap tabular-nums text-slate-600">
                          {m.snapshot.examples.toLocaleString()}{' '}
                          <span className="text-xs text-slate-400">({m.snapshot.positives} yes)</span>
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 tabular-nums">{fmt(m.auc)}</td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 tabular-nums">{fmt(m.brier, 4)}</td>
                        <td className="px-3 py-2.5 whitespace-nowrap text-slate-600">
                          {new Date(m.trainedAt).toLocaleDateString()}
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 whitespace-nowrap text-slate-600">
                          {m.approvedBy ?? '—'}
                        </td>
                        <td className="px-3 py-2.5 first:pl-5 last:pr-5 text-right">
                          {admin &&
                            m.state !== 'active' &&
                            (m.fairnessPassed === false && !m.fairnessAcknowledged ? (
                              <Button
                                size="sm"
                                onClick={() => setAcknowledge(m)}
                                disabled={job !== null}
                                data-testid="promote-acknowledge"
                              >
                                Review audit…
                              </Button>
                            ) : m.ready ? (
                              <Button
                                size="sm"
                                variant={m.state === 'candidate' ? 'primary' : 'secondary'}
                                onClick={() => promote(m)}
                                disabled={job !== null}
                                data-testid="promote"
                              >
                                {m.state === 'candidate' ? 'Approve & activate' : 'Re-activate'}
                              </Button>
                            ) : (
                              <Button
                                size="sm"
                                onClick={() => setPublish(m)}
                                disabled={job !== null}
                                data-testid="promote-override"
                              >
                                Publish anyway…
                              </Button>
                            ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
          <FairnessSettings admin={admin} />
          {shown && <ModelReport key={shown} id={shown} />}
        </>
      )}
      {editHorizon && s && (
        <HorizonDialog
          current={s.horizonDays}
          onClose={() => setEditHorizon(false)}
          onSaved={(days) => {
            setEditHorizon(false);
            toast('success', `Leads now count as converted within ${days} days: train models to use it`);
            void queryClient.invalidateQueries({ queryKey: ['scoring'] });
          }}
        />
      )}
      {acknowledge && (
        <AcknowledgeDialog
          model={acknowledge}
          onClose={() => setAcknowledge(null)}
          onConfirm={(reason) => {
            const m = acknowledge;
            setAcknowledge(null);
            void promote(m, {
              acknowledgeFairness: true,
              fairnessReason: reason,
              ...(m.ready ? {} : { override: true, note: reason }),
            });
          }}
        />
      )}
      {publish && (
        <PublishDialog
          model={publish}
          onClose={() => setPublish(null)}
          onConfirm={(note) => {
            setPublish(null);
            void promote(publish, { override: true, note });
          }}
        />
      )}
    </div>
  );
}

function TargetCard({
  t,
  canRollback,
  onRollback,
  busy,
  horizon,
}: {
  t: TargetStatus;
  canRollback: boolean;
  onRollback: () => void;
  busy: boolean;
  horizon: { days: number; onEdit: (() => void) | null } | null;
}) {
  const total = Object.values(t.tiers).reduce((a, b) => a + b, 0);
  // The title states what the active model predicts; a changed setting shows as the next training's horizon.
  const modelDays = t.active?.horizonDays ?? horizon?.days;
  const within = horizon ? ` within ${modelDays} days` : '';
  const next = horizon && modelDays !== horizon.days ? ` · next training: ${horizon.days} days` : '';
  return (
    <Card testId={`target-${t.target}`}>
      <CardHeader
        title={`${targetLabel[t.target]}${within}`}
        description={`${t.active ? `Active: version ${t.active.version} · ${familyLabel[t.active.family] ?? t.active.family} · since ${new Date(t.active.activatedAt).toLocaleDateString()}` : 'No active model: nothing is scored yet'}${next}`}
        actions={
          canRollback || horizon?.onEdit ? (
            <>
              {horizon?.onEdit && (
                <Button
                  size="sm"
                  variant="ghost"
                  icon="edit"
                  onClick={horizon.onEdit}
                  disabled={busy}
                  data-testid="edit-horizon"
                >
                  Change days
                </Button>
              )}
              {canRollback && (
                <Button
                  size="sm"
                  variant="ghost"
                  icon="refresh"
                  onClick={onRollback}
                  disabled={busy}
                  data-testid={`rollback-${t.target}`}
                >
                  Roll back
                </Button>
              )}
            </>
          ) : undefined
        }
      />
      <div className="px-5 py-4">
        {t.fallback && (
          <p className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900" data-testid="fallback-note">
            {t.fallback}
          </p>
        )}
        <div className="flex items-center gap-4">
          {(['A', 'B', 'C', 'D'] as const).map((tier) => (
            <div key={tier} className="flex items-center gap-2">
              <TierBadge tier={tier} />
              <span className="text-sm tabular-nums text-slate-700">{t.tiers[tier].toLocaleString()}</span>
            </div>
          ))}
          <span className="ml-auto text-xs text-slate-500">
            {total.toLocaleString()} open {t.entity}s scored
          </span>
        </div>
        <p className="mt-2 text-xs text-slate-500" data-testid="tier-note">
          Tiers are quartiles: A is the top quarter of open {t.entity}s by score, D the bottom quarter. They rank
          records; the percentage is the chance itself.
        </p>
      </div>
    </Card>
  );
}

function PublishDialog({
  model,
  onClose,
  onConfirm,
}: {
  model: ModelSummary;
  onClose: () => void;
  onConfirm: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Publish version ${model.version} anyway?`}
      description="This model did not pass the publishing bar. Say why it should score records regardless."
      testId="publish-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={note.trim().length < 3}
            onClick={() => onConfirm(note.trim())}
            data-testid="publish-confirm"
          >
            Publish anyway
          </Button>
        </>
      }
    >
      <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-amber-900">
        {model.notReadyReasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <Field label="Why publish it" htmlFor="publish-note">
        <Input
          id="publish-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="e.g. Rules are better than nothing until we have 40 customers"
          data-testid="publish-note"
        />
      </Field>
    </Dialog>
  );
}

/** A failed fairness audit blocks promotion; an admin may let the model through with a reason, which is audited. */
function AcknowledgeDialog({
  model,
  onClose,
  onConfirm,
}: {
  model: ModelSummary;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Version ${model.version} failed its fairness audit`}
      description="Read the audit in the model's report below. Promoting it anyway needs a reason; it is kept in the audit log and on the model card."
      testId="acknowledge-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={reason.trim().length < 10}
            onClick={() => onConfirm(reason.trim())}
            data-testid="acknowledge-confirm"
          >
            Acknowledge and promote
          </Button>
        </>
      }
    >
      {!model.ready && (
        <ul className="mb-4 list-disc space-y-1 pl-5 text-sm text-amber-900">
          {model.notReadyReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <Field label="Why is this acceptable (at least 10 characters)" htmlFor="acknowledge-reason">
        <Input
          id="acknowledge-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. The proxy is the sales region, reviewed with the data protection officer"
          data-testid="acknowledge-reason"
        />
      </Field>
    </Dialog>
  );
}
