import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { Card, CardHeader } from '../../components/Card';
import { Badge } from '../../components/Badge';
import { StatCard } from '../../components/StatCard';
import { ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { CalibrationChart, ComparisonChart, GainsChart } from './ReportCharts';
import { FairnessAuditCard } from './FairnessAudit';
import { familyLabel, fmt, pct, targetLabel, type ModelDetail } from './scoringTypes';

/** The evaluation report of one model version: figures, charts, confusion matrix, readiness and model card. */
export function ModelReport({ id }: { id: string }) {
  // The route's response schema is loose (scoring.routes.ts `anyObject`): typed by scoringTypes.ts.
  const res = useQuery({
    queryKey: ['scoring', 'models', id],
    queryFn: ({ signal }) => api.get<ModelDetail>(`/api/v1/scoring/models/${id}`, undefined, signal),
  });
  const m = res.data;
  if (res.error)
    return (
      <Card>
        <ErrorState error={res.error} onRetry={() => void res.refetch()} title="Could not load the report" />
      </Card>
    );
  if (!m)
    return (
      <Card className="p-5">
        <Skeleton className="h-40" />
      </Card>
    );
  const r = m.report;
  const t = r.test;
  return (
    <div className="space-y-4" data-testid="model-report">
      <Card>
        <CardHeader
          title={
            <span className="flex items-center gap-2">
              {targetLabel[m.target]} · version {m.version}{' '}
              <Badge tone={m.state === 'active' ? 'green' : m.state === 'candidate' ? 'indigo' : 'gray'}>
                {m.state}
              </Badge>
              {m.ready ? <Badge tone="teal">ready to publish</Badge> : <Badge tone="amber">not ready to publish</Badge>}
            </span>
          }
          description={`${familyLabel[m.family] ?? m.family} · trained ${new Date(m.trainedAt).toLocaleString()} by ${m.trainedBy} · snapshot ${m.snapshot.id} (${m.snapshot.examples} examples, ${m.snapshot.from?.slice(0, 10)} to ${m.snapshot.to?.slice(0, 10)})`}
        />
        {(m.notReadyReasons.length > 0 || r.fallback) && (
          <div
            className="space-y-1 border-b border-slate-100 bg-amber-50/60 px-5 py-3 text-sm text-amber-900"
            data-testid="not-ready"
          >
            {m.notReadyReasons.map((x) => (
              <p key={x}>• {x}</p>
            ))}
            {r.fallback && <p>• {r.fallback}</p>}
          </div>
        )}
        <p className="px-5 py-3 text-xs leading-relaxed text-slate-500">{r.reason}</p>
      </Card>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-5">
        <StatCard
          label="ROC AUC"
          value={fmt(t?.auc ?? null)}
          sub={`rules ${fmt(r.baseline?.auc ?? null)}${r.previous ? ` · v${r.previous.version} ${fmt(r.previous.auc)}` : ''}`}
          icon="trend"
        />
        <StatCard
          label="PR AUC"
          value={fmt(t?.prAuc ?? null)}
          sub={t ? `base rate ${pct(t.positives / Math.max(1, t.n))}` : 'not tested'}
          icon="target"
        />
        <StatCard
          label="Brier score"
          value={fmt(t?.brier ?? null, 4)}
          sub={`lower is better · rules ${fmt(r.baseline?.brier ?? null, 4)}`}
          icon="gauge"
        />
        <StatCard
          label="Lift at top 10%"
          value={t?.liftAt10 ? `${fmt(t.liftAt10, 1)}×` : '—'}
          sub="vs calling at random"
          icon="sparkles"
        />
        <StatCard
          label="Test rows"
          value={t ? t.n.toLocaleString() : '—'}
          sub={
            r.testWindow ? `${r.testWindow.from.slice(0, 10)} to ${r.testWindow.to.slice(0, 10)}` : 'too few outcomes'
          }
          icon="database"
        />
      </div>
      <div className="grid gap-4 xl:grid-cols-3">
        <CalibrationChart report={r} />
        <GainsChart report={r} />
        <ComparisonChart report={r} version={m.version} />
      </div>
      <div className="grid gap-4 xl:grid-cols-3">
        <Card testId="confusion-matrix">
          <CardHeader
            title="Confusion matrix"
            description={
              t
                ? `At the F1-best threshold ${pct(t.confusion.threshold)} · precision ${pct(t.confusion.precision)}, recall ${pct(t.confusion.recall)}`
                : 'Not tested'
            }
          />
          {t ? (
            <table className="m-5 w-[calc(100%-2.5rem)] text-center text-sm">
              <thead>
                <tr className="text-xs text-slate-500">
                  <th />
                  <th className="pb-2 font-medium">Predicted yes</th>
                  <th className="pb-2 font-medium">Predicted no</th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                <tr>
                  <th className="pr-3 text-right text-xs font-medium text-slate-500">Actually yes</th>
                  <td className="rounded-tl-md bg-emerald-50 py-3 font-semibold text-emerald-800">{t.confusion.tp}</td>
                  <td className="rounded-tr-md bg-red-50 py-3 text-red-700">{t.confusion.fn}</td>
                </tr>
                <tr>
                  <th className="pr-3 text-right text-xs font-medium text-slate-500">Actually no</th>
                  <td className="rounded-bl-md bg-red-50 py-3 text-red-700">{t.confusion.fp}</td>
                  <td className="rounded-br-md bg-emerald-50 py-3 font-semibold text-emerald-800">{t.confusion.tn}</td>
                </tr>
              </tbody>
            </table>
          ) : (
            <p className="px-5 py-4 text-sm text-slate-500">Too few outcomes in the newest 20% to count.</p>
          )}
        </Card>
        <Card className="xl:col-span-2" testId="model-card">
          <CardHeader title="Model card" description={m.card.evaluation} />
          <dl className="grid gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-xs font-medium text-slate-500">Intended use</dt>
              <dd className="text-slate-700">{m.card.intendedUse}</dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-500">Not for</dt>
              <dd className="text-slate-700">{m.card.notFor}</dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-xs font-medium text-slate-500">Data used</dt>
              <dd className="text-slate-700">{m.card.data}</dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-500">Never used as features</dt>
              <dd>
                <ul className="list-disc pl-4 text-slate-700">
                  {m.card.excludedAttributes.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </dd>
            </div>
            <div>
              <dt className="text-xs font-medium text-slate-500">Limits</dt>
              <dd>
                <ul className="list-disc pl-4 text-slate-700">
                  {m.card.limits.map((x) => (
                    <li key={x}>{x}</li>
                  ))}
                </ul>
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-xs font-medium text-slate-500">Fairness audit</dt>
              <dd className="text-slate-700">
                {(m.card.fairness?.summary ?? ['Not audited (trained before fairness audits).']).join(' · ')}
              </dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-xs font-medium text-slate-500">Features ({m.features.length})</dt>
              <dd className="mt-1 flex flex-wrap gap-1">
                {m.features.map((f) => (
                  <Badge key={f}>{f}</Badge>
                ))}
              </dd>
            </div>
          </dl>
        </Card>
      </div>
      <FairnessAuditCard model={m} />
    </div>
  );
}
