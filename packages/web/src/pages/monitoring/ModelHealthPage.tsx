import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useDocumentTitle } from '../../lib/hooks';
import { useBackgroundJob } from '../../lib/jobs';
import { call, client } from '../../lib/client';
import { isAdmin, useMe } from '../../lib/auth';
import { navigate, useLocation } from '../../lib/router';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Link } from '../../components/Link';
import { StatCard } from '../../components/StatCard';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { fmt, pct, targetLabel } from '../scoring/scoringTypes';
import type { Drift, Health, TargetHealth } from './monitoringTypes';

const tooltipStyle = { borderRadius: 8, border: '1px solid #e2e8f0', fontSize: 12 };
const tick = { fontSize: 12, fill: '#64748b' };
const percent = (v: number) => `${Math.round(v * 100)}%`;
const COLORS = ['#4f46e5', '#0d9488', '#d97706', '#db2777', '#64748b'];

/** Model health (docs/monitoring.md): every model version against the outcomes that arrived, drift, alerts. */
export function ModelHealthPage() {
  useDocumentTitle('Model health');
  const me = useMe();
  const manager = isAdmin(me.user.role) || me.user.role === 'manager';
  const toast = useToast();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const target = params.get('target') === 'deal_won' ? 'deal_won' : 'contact_conversion';
  const period = params.get('period') === 'week' ? 'week' : 'month';
  const queryClient = useQueryClient();
  const res = useQuery({
    queryKey: ['monitoring', period],
    queryFn: ({ signal }) => call(client.GET('/api/v1/monitoring', { params: { query: { period } }, signal })),
    placeholderData: keepPreviousData,
  });
  const drift = useQuery({
    queryKey: ['monitoring', 'drift', target],
    queryFn: ({ signal }) => call(client.GET('/api/v1/monitoring/drift', { params: { query: { target } }, signal })),
    placeholderData: keepPreviousData,
  });
  const h = res.data;
  const t = h?.targets.find((x) => x.target === target);
  const go = (patch: Record<string, string>) =>
    navigate(`/model-health?${new URLSearchParams({ target, period, ...patch }).toString()}`);

  const check = useBackgroundJob({
    invalidate: [['monitoring']],
    onDone: () => toast('success', 'Scores logged, outcomes filled in and drift checked'),
    onFailed: (j) => toast('error', j.error ?? 'The check failed'),
  });
  const job = check.running ? (check.job ?? { message: null, progress: 0 }) : null;
  const refresh = () =>
    check.start(() => call(client.POST('/api/v1/monitoring/refresh')), {
      onError: (e) => {
        toast('error', e.message);
        void queryClient.invalidateQueries({ queryKey: ['monitoring'] });
      },
    });

  return (
    <div data-testid="model-health-page">
      <PageHeader
        title="Model health"
        description={`How each scoring model did once outcomes arrived, whether its inputs drifted since training, and what it suggests. Alerts look at the outcomes of the last ${h?.windowDays ?? 90} days.`}
        actions={
          <>
            <Link to="/scoring" className="text-sm font-medium text-brand-700 hover:underline">
              Scoring
            </Link>
            {manager && (
              <Button
                variant="primary"
                icon="refresh"
                onClick={refresh}
                loading={job !== null}
                data-testid="health-refresh"
              >
                Check now
              </Button>
            )}
          </>
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-2">
        {(['contact_conversion', 'deal_won'] as const).map((x) => (
          <Button
            key={x}
            size="sm"
            variant={x === target ? 'primary' : 'secondary'}
            onClick={() => go({ target: x })}
            data-testid={`health-target-${x}`}
          >
            {targetLabel[x]}
          </Button>
        ))}
        <span className="ml-auto text-xs text-slate-500">Time axis</span>
        {(['month', 'week'] as const).map((p) => (
          <Button key={p} size="sm" variant={p === period ? 'primary' : 'ghost'} onClick={() => go({ period: p })}>
            {p === 'month' ? 'Months' : 'Weeks'}
          </Button>
        ))}
      </div>
      {res.error ? (
        <Card>
          <ErrorState error={res.error} onRetry={() => void res.refetch()} title="Could not load model health" />
        </Card>
      ) : !h || !t ? (
        <Skeleton className="h-64" />
      ) : (
        <TargetHealthView t={t} drift={drift.data ?? null} forecasts={h.forecasts} />
      )}
      {h && <ChurnHitRate c={h.churn} />}
    </div>
  );
}

function TargetHealthView({
  t,
  drift,
  forecasts,
}: {
  t: TargetHealth;
  drift: Drift | null;
  forecasts: Health['forecasts'];
}) {
  const versions = [...new Set(t.overTime.map((p) => p.modelVersion))];
  const periods = [...new Set(t.overTime.map((p) => p.period))].sort();
  const series = periods.map((period) =>
    Object.fromEntries([
      ['period', period],
      ...t.overTime
        .filter((p) => p.period === period)
        .flatMap((p) => [
          [`auc_v${p.modelVersion}`, p.auc],
          [`brier_v${p.modelVersion}`, p.brier],
        ]),
    ]),
  );
  const w = t.window ?? t.overall;
  return (
    <div className="space-y-4" data-testid={`health-${t.target}`}>
      <Card testId="health-summary">
        <CardHeader
          title={
            <span className="flex items-center gap-2">
              {targetLabel[t.target]}{' '}
              {t.active ? (
                <Badge tone="green">version {t.active.version} active</Badge>
              ) : (
                <Badge>no active model</Badge>
              )}
              {t.alerts.length === 0 ? (
                <Badge tone="teal">no alerts</Badge>
              ) : (
                <Badge tone="red">
                  {t.alerts.length} alert{t.alerts.length > 1 ? 's' : ''}
                </Badge>
              )}
            </span>
          }
          description={`${t.logged.toLocaleString()} scores logged · ${t.resolved.toLocaleString()} with a known outcome · promotion bar AUC ${t.promotionBar}${t.driftCheckedAt ? ` · drift checked ${new Date(t.driftCheckedAt).toLocaleString()}` : ' · drift not checked yet'}`}
        />
        {t.alerts.length > 0 && (
          <ul
            className="space-y-1 border-b border-slate-100 bg-red-50/60 px-5 py-3 text-sm text-red-900"
            data-testid="health-alerts"
          >
            {t.alerts.map((a) => (
              <li key={a.message}>• {a.message}</li>
            ))}
          </ul>
        )}
        {t.suggestion && (
          <div className="flex flex-wrap items-center gap-4 px-5 py-3 text-sm" data-testid="health-suggestion">
            <span className="text-slate-700">Suggested: {t.suggestion}</span>
            {t.candidate && t.active && (
              <span className="text-xs text-slate-600 tabular-nums">
                active v{t.active.version}: test AUC {fmt(t.active.auc)}, Brier {fmt(t.active.brier, 4)} · candidate v
                {t.candidate.version}: test AUC {fmt(t.candidate.auc)}, Brier {fmt(t.candidate.brier, 4)}
              </span>
            )}
            <Link
              to={t.candidate ? `/scoring?model=${t.candidate.id}` : '/scoring'}
              className="font-medium text-brand-700 hover:underline"
            >
              {t.candidate ? 'Review the candidate' : 'Go to Scoring'}
            </Link>
          </div>
        )}
      </Card>
      {!t.active && t.logged === 0 ? (
        <Card>
          <EmptyState
            icon="gauge"
            title="Nothing to monitor yet"
            description="Once a model is active and its scores are logged (nightly, or Check now), its outcomes show here as they arrive."
          />
        </Card>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-5">
            <StatCard
              label="AUC on outcomes"
              value={fmt(w?.auc ?? null)}
              sub={`bar ${t.promotionBar} · ${w ? `${w.n} outcomes` : 'no outcomes yet'}`}
              icon="trend"
              testId="health-auc"
            />
            <StatCard label="Brier score" value={fmt(w?.brier ?? null, 4)} sub="lower is better" icon="gauge" />
            <StatCard
              label="Calibration gap"
              value={w ? `${fmt(w.calibrationError * 100, 1)} pts` : '—'}
              sub="predicted vs observed, by decile"
              icon="target"
            />
            <StatCard
              label="Tier A lift"
              value={w?.topTierLift ? `${fmt(w.topTierLift, 1)}×` : '—'}
              sub={`over the base rate ${pct(w?.baseRate)}`}
              icon="sparkles"
            />
            <StatCard
              label="Overrides"
              value={t.overrides.overrides ? `${t.overrides.overrideRight} / ${t.overrides.overrides}` : '—'}
              sub={
                t.overrides.overrides
                  ? `the rep was right; the model ${t.overrides.modelRight}`
                  : 'no override with an outcome yet'
              }
              icon="users"
              testId="health-overrides"
            />
          </div>
          <div className="grid gap-4 xl:grid-cols-3">
            <Card className="xl:col-span-2" testId="health-over-time">
              <CardHeader
                title="AUC and Brier over time"
                description="Per model version, by when the records were scored; outcomes fill in as they arrive."
              />
              <div className="h-64 px-2 pt-3 pb-2">
                {series.length === 0 ? (
                  <EmptyState
                    compact
                    icon="info"
                    title="No outcomes yet"
                    description="Scores need outcomes (a conversion, a won or lost deal) before they can be judged."
                  />
                ) : (
                  <ResponsiveContainer width="100%" height="100%">
                    <ComposedChart data={series} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                      <CartesianGrid stroke="#f1f5f9" />
                      <XAxis dataKey="period" tick={tick} tickLine={false} />
                      <YAxis domain={[0, 1]} tick={tick} tickLine={false} axisLine={false} width={40} />
                      <Tooltip contentStyle={tooltipStyle} formatter={(v) => fmt(Number(v))} />
                      <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
                      <ReferenceLine
                        y={t.promotionBar}
                        stroke="#dc2626"
                        strokeDasharray="4 4"
                        label={{ value: 'bar', fontSize: 11, fill: '#dc2626', position: 'right' }}
                      />
                      {versions.map((v, i) => (
                        <Line
                          key={`a${v}`}
                          dataKey={`auc_v${v}`}
                          name={`AUC v${v}`}
                          stroke={COLORS[i % COLORS.length]}
                          strokeWidth={2}
                          dot={{ r: 3 }}
                          connectNulls
                          isAnimationActive={false}
                        />
                      ))}
                      {versions.map((v, i) => (
                        <Line
                          key={`b${v}`}
                          dataKey={`brier_v${v}`}
                          name={`Brier v${v}`}
                          stroke={COLORS[i % COLORS.length]}
                          strokeDasharray="3 3"
                          dot={false}
                          connectNulls
                          isAnimationActive={false}
                        />
                      ))}
                    </ComposedChart>
                  </ResponsiveContainer>
                )}
              </div>
            </Card>
            <Card testId="health-tiers">
              <CardHeader
                title="Conversion by tier"
                description={w ? `Of the outcomes judged · base rate ${pct(w.baseRate)}` : 'No outcomes yet'}
              />
              <div className="h-64 px-2 pt-3 pb-2">
                {!w || w.tiers.length === 0 ? (
                  <EmptyState compact icon="info" title="No outcomes yet" />
                ) : (
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart data={w.tiers} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                      <CartesianGrid stroke="#f1f5f9" vertical={false} />
                      <XAxis dataKey="tier" tick={tick} tickLine={false} />
                      <YAxis
                        domain={[0, 1]}
                        tickFormatter={percent}
                        tick={tick}
                        tickLine={false}
                        axisLine={false}
                        width={44}
                      />
                      <Tooltip contentStyle={tooltipStyle} formatter={(v) => percent(Number(v))} />
                      <ReferenceLine y={w.baseRate} stroke="#94a3b8" strokeDasharray="4 4" />
                      <Bar
                        dataKey="conversion"
                        name="Conversion"
                        fill="#4f46e5"
                        radius={[4, 4, 0, 0]}
                        isAnimationActive={false}
                      />
                    </BarChart>
                  </ResponsiveContainer>
                )}
              </div>
            </Card>
          </div>
          <div className="grid gap-4 xl:grid-cols-3">
            <Card testId="health-calibration">
              <CardHeader
                title="Calibration by decile"
                description="Mean predicted vs observed rate in each tenth of the scores"
              />
              <div className="h-64 px-2 pt-3 pb-2">
                {!w || w.calibration.length === 0 ? (
                  <EmptyState compact icon="info" title="No outcomes yet" />
                ) : (
                  <ResponsiveContainer width="100%" height="100%">
                    <LineChart data={w.calibration} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                      <CartesianGrid stroke="#f1f5f9" />
                      <XAxis dataKey="decile" tick={tick} tickLine={false} />
                      <YAxis
                        domain={[0, 1]}
                        tickFormatter={percent}
                        tick={tick}
                        tickLine={false}
                        axisLine={false}
                        width={44}
                      />
                      <Tooltip contentStyle={tooltipStyle} formatter={(v) => percent(Number(v))} />
                      <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
                      <Line
                        dataKey="predicted"
                        name="Predicted"
                        stroke="#94a3b8"
                        strokeDasharray="4 4"
                        isAnimationActive={false}
                      />
                      <Line
                        dataKey="observed"
                        name="Observed"
                        stroke="#4f46e5"
                        strokeWidth={2}
                        isAnimationActive={false}
                      />
                    </LineChart>
                  </ResponsiveContainer>
                )}
              </div>
            </Card>
            <Card className="xl:col-span-2" testId="health-drift">
              <CardHeader
                title="Input drift since training"
                description={
                  drift?.checkedAt
                    ? `Version ${drift.modelVersion}, checked ${new Date(drift.checkedAt).toLocaleString()}: ${drift.features.filter((f) => f.drifted).length} of ${drift.features.length} inputs drifted. KS / chi-squared / z-test (p < 0.05) up to 1,000 training rows, normed Wasserstein / Jensen-Shannon (≥ 0.1) above; PSI ≥ 0.1.`
                    : 'Not checked yet: Check now, or wait for the nightly check.'
                }
              />
              {drift && drift.features.length > 0 && (
                <div className="max-h-72 overflow-auto">
                  <table className="w-full text-xs">
                    <thead className="sticky top-0 bg-white text-left text-slate-500">
                      <tr>
                        {['Input', 'Test', 'Statistic', 'p', 'PSI', 'Rows (training → now)'].map((x) => (
                          <th key={x} className="px-3 py-2 font-medium first:pl-5">
                            {x}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100 tabular-nums">
                      {[...drift.features]
                        .sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.psi - a.psi)
                        .map((f) => (
                          <tr key={f.feature} className={f.drifted ? 'bg-amber-50/60' : ''} data-testid="drift-row">
                            <td className="px-3 py-1.5 first:pl-5 text-slate-800">
                              {f.feature}
                              {f.drifted && (
                                <Badge tone="amber" className="ml-2">
                                  drifted
                                </Badge>
                              )}
                            </td>
                            <td className="px-3 py-1.5 text-slate-600">{f.test.replace(/_/g, ' ')}</td>
                            <td className="px-3 py-1.5">{fmt(f.statistic)}</td>
                            <td className="px-3 py-1.5">{f.pValue === null ? '—' : fmt(f.pValue, 4)}</td>
                            <td className="px-3 py-1.5">{fmt(f.psi)}</td>
                            <td className="px-3 py-1.5 text-slate-600">
                              {f.referenceRows} → {f.currentRows}
                            </td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          </div>
        </>
      )}
      <Card testId="health-forecasts">
        <CardHeader
          title="Forecast accuracy"
          description="Every stored forecast with actuals: MASE (below 1 beats the naive forecast) and how often actuals fell inside the 80% and 95% ranges."
        />
        {forecasts.length === 0 ? (
          <EmptyState compact icon="trend" title="No forecast with actuals yet" />
        ) : (
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                {['Forecast', 'Method', 'Trained through', 'Periods', 'MASE', 'In 80% range', 'In 95% range'].map(
                  (x) => (
                    <th key={x} className="px-3 py-2 font-medium first:pl-5">
                      {x}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {forecasts.slice(0, 12).map((f) => (
                <tr key={f.id}>
                  <td className="px-3 py-1.5 first:pl-5">
                    {f.metric} ({f.grain})
                  </td>
                  <td className="px-3 py-1.5">{f.method}</td>
                  <td className="px-3 py-1.5">{f.trainedThrough}</td>
                  <td className="px-3 py-1.5">{f.periods}</td>
                  <td className="px-3 py-1.5">{fmt(f.mase, 2)}</td>
                  <td className="px-3 py-1.5">{pct(f.coverage80)}</td>
                  <td className="px-3 py-1.5">{pct(f.coverage95)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

/** Segments' churn-risk flag judged after the fact, beside the base rate. */
function ChurnHitRate({ c }: { c: Health['churn'] }) {
  return (
    <Card className="mt-4" testId="health-churn">
      <CardHeader
        title="Segments: churn-risk flags"
        description={`Of the customers flagged "at risk" ${c.days} days ago or more, how many have not bought since, against all customers at that time.`}
      />
      {c.hitRate === null ? (
        <p className="px-5 py-4 text-sm text-slate-600">{c.message ?? 'No customer was flagged at risk then.'}</p>
      ) : (
        <div className="grid gap-4 p-5 sm:grid-cols-3">
          <StatCard
            label="Flagged, no purchase since"
            value={pct(c.hitRate)}
            icon="users"
            sub={`${c.flaggedNotBought} of ${c.flagged} flagged on ${c.flaggedAt?.slice(0, 10)}`}
          />
          <StatCard
            label="All customers, no purchase since"
            value={pct(c.baseRate)}
            icon="contacts"
            sub={`${c.customers} customers`}
          />
          <StatCard
            label="The flag picks out lapsing customers"
            value={c.lift === null ? 'n/a' : `${fmt(c.lift, 2)}×`}
            icon="target"
            sub="1× would be no better than picking customers at random"
          />
        </div>
      )}
    </Card>
  );
}
