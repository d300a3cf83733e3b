import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, errorMessage } from '../../lib/api';
import { call, client, type paths } from '../../lib/client';
import { useDocumentTitle } from '../../lib/hooks';
import { useMe } from '../../lib/auth';
import { atLeast } from '../../lib/types';
import { useUsers } from '../../lib/users';
import { useBackgroundJob } from '../../lib/jobs';
import { money, num } from '../../lib/format';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { TrustPanel } from '../../components/TrustPanel';
import { Button } from '../../components/Button';
import { Field, Input, Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { ForecastChart } from './ForecastChart';
import { PipelineSection, QuarterCards } from './PipelineSection';
import { AccuracySection } from './AccuracySection';
import { methodInWords } from './methodWords';
import { periodLabel, type AccuracyRun, type Grain, type SeriesForecast } from './types';

type SeriesQuery = NonNullable<paths['/api/v1/forecasts/series']['get']['parameters']['query']>;

type Params = {
  metric: string;
  by: Grain;
  horizon: number;
  source: string;
  scope: 'all' | 'product' | 'category' | 'rep';
  value: string;
};
const maxHorizon: Record<Grain, number> = { day: 730, week: 260, month: 120, quarter: 40 };
const defaultHorizon: Record<Grain, number> = { day: 28, week: 13, month: 6, quarter: 4 };

export function ForecastPage() {
  useDocumentTitle('Forecast');
  const { user } = useMe();
  const toast = useToast();
  const [p, setP] = useState<Params>({
    metric: 'revenue',
    by: 'month',
    horizon: 6,
    source: 'orders',
    scope: 'all',
    value: '',
  });
  const [horizonText, setHorizonText] = useState('6');
  const query = {
    metric: p.metric,
    by: p.by,
    horizon: p.horizon,
    source: p.source,
    ...(p.scope !== 'all' && p.value ? { [p.scope]: p.value } : {}),
  };
  const f = useQuery({
    queryKey: ['forecasts', 'series', query],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/forecasts/series', { params: { query: query as SeriesQuery }, signal })),
    placeholderData: keepPreviousData,
  });
  const quarter = useQuery({
    queryKey: ['forecasts', 'quarter'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/forecasts/quarter', { signal })),
  });
  // Each forecast shown is stored, so the accuracy table is read again when a new one is made.
  const acc = useQuery({
    queryKey: ['forecasts', 'accuracy', f.data?.runId],
    queryFn: ({ signal }) => api.get<{ data: AccuracyRun[] }>('/api/v1/forecasts/accuracy', { limit: 60 }, signal),
  });
  const set = (patch: Partial<Params>) => setP((prev) => ({ ...prev, ...patch }));
  const canRecompute = atLeast(user.role, 'manager');

  const recomputeJob = useBackgroundJob({
    invalidate: [['forecasts']],
    onDone: () => toast('success', 'Forecasts and accuracy recomputed'),
    onFailed: () => toast('error', 'Recompute failed'),
  });
  const recomputing = recomputeJob.running;
  const recompute = () =>
    recomputeJob.start(() => call(client.POST('/api/v1/forecasts/recompute')), {
      onError: (e) => toast('error', errorMessage(e)),
    });

  return (
    <div data-testid="forecast-page">
      <PageHeader
        title="Forecast"
        description="How much you will sell, how sure that is, and which deals make up the number."
        actions={
          canRecompute && (
            <Button icon="refresh" onClick={recompute} loading={recomputing} data-testid="forecast-recompute">
              Recompute now
            </Button>
          )
        }
      />
      <TrustPanel area="forecasts" />
      <QuarterCards q={quarter.data} />
      <Card className="mt-4" testId="series-forecast">
        <CardHeader
          title="Sales forecast"
          description={
            f.data
              ? `${f.data.scope.label} · ${f.data.metric} from ${f.data.source === 'orders' ? 'orders' : 'won deals'}, by ${f.data.grain}`
              : ' '
          }
        />
        <Controls p={p} set={set} horizonText={horizonText} setHorizonText={setHorizonText} error={f.error} />
        <div className="h-80 px-2 pt-2 pb-2">
          {f.error ? (
            <ErrorState error={f.error} onRetry={() => void f.refetch()} title="Could not forecast this" />
          ) : !f.data ? (
            <Skeleton className="mx-4 h-72" />
          ) : f.data.forecast.length === 0 ? (
            <EmptyState icon="trend" title="Nothing to forecast yet" description={f.data.reason} />
          ) : (
            <ForecastChart f={f.data} />
          )}
        </div>
        {!f.error && f.data && f.data.forecast.length > 0 && <Explanation f={f.data} />}
      </Card>
      <div className="mt-4">
        <PipelineSection />
      </div>
      <div className="mt-4">
        <AccuracySection acc={acc} />
      </div>
    </div>
  );
}

function Controls({
  p,
  set,
  horizonText,
  setHorizonText,
  error,
}: {
  p: Params;
  set: (x: Partial<Params>) => void;
  horizonText: string;
  setHorizonText: (s: string) => void;
  error: unknown;
}) {
  const users = useUsers();
  const categories = useQuery({
    queryKey: ['forecasts', 'categories'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/forecasts/categories', { signal })),
  });
  const products = useQuery({
    queryKey: ['products', 'picker'],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/products', { params: { query: { limit: '200', sort: 'name' } }, signal })),
  });
  const field = (error as { details?: { field?: string } } | undefined)?.details?.field;
  const horizonError = field?.endsWith('horizon') ? errorMessage(error) : undefined;
  const commitHorizon = () => {
    const n = Number(horizonText);
    set({ horizon: Number.isFinite(n) ? n : NaN });
  };
  return (
    <div
      className="grid grid-cols-2 gap-3 border-b border-slate-100 px-5 py-4 md:grid-cols-6"
      data-testid="forecast-controls"
    >
      <Field label="Measure">
        <Select value={p.metric} onChange={(e) => set({ metric: e.target.value })} data-testid="fc-metric">
          <option value="revenue">Revenue</option>
          <option value="orders">{p.source === 'deals' ? 'Deals won' : 'Orders'}</option>
          {p.source === 'orders' && <option value="units">Units</option>}
        </Select>
      </Field>
      <Field label="From">
        <Select
          value={p.source}
          onChange={(e) =>
            set({
              source: e.target.value,
              metric: e.target.value === 'deals' && p.metric === 'units' ? 'revenue' : p.metric,
              scope: e.target.value === 'deals' && p.scope !== 'rep' ? 'all' : p.scope,
              value: e.target.value === 'deals' && p.scope !== 'rep' ? '' : p.value,
            })
          }
          data-testid="fc-source"
        >
          <option value="orders">Orders</option>
          <option value="deals">Won deals</option>
        </Select>
      </Field>
      <Field label="By">
        <Select
          value={p.by}
          onChange={(e) => {
            const by = e.target.value as Grain;
            setHorizonText(String(defaultHorizon[by]));
            set({ by, horizon: defaultHorizon[by] });
          }}
          data-testid="fc-by"
        >
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
          <option value="quarter">Quarter</option>
        </Select>
      </Field>
      <Field label={`Horizon (${p.by}s, up to ${maxHorizon[p.by]})`} error={horizonError}>
        <Input
          value={horizonText}
          inputMode="numeric"
          onChange={(e) => setHorizonText(e.target.value)}
          onBlur={commitHorizon}
          onKeyDown={(e) => e.key === 'Enter' && commitHorizon()}
          invalid={!!horizonError}
          data-testid="fc-horizon"
        />
      </Field>
      <Field label="For">
        <Select
          value={p.scope}
          onChange={(e) => set({ scope: e.target.value as Params['scope'], value: '' })}
          data-testid="fc-scope"
        >
          <option value="all">Whole business</option>
          {p.source === 'orders' && <option value="product">One product</option>}
          {p.source === 'orders' && <option value="category">One category</option>}
          <option value="rep">One rep</option>
        </Select>
      </Field>
      <Field
        label={p.scope === 'all' ? ' ' : p.scope === 'rep' ? 'Rep' : p.scope === 'product' ? 'Product' : 'Category'}
      >
        <Select
          value={p.value}
          disabled={p.scope === 'all'}
          aria-label={p.scope === 'all' ? 'Product, category or rep' : undefined}
          onChange={(e) => set({ value: e.target.value })}
          data-testid="fc-scope-value"
        >
          <option value="">{p.scope === 'all' ? '—' : 'Choose…'}</option>
          {p.scope === 'product' &&
            products.data?.data.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          {p.scope === 'category' &&
            categories.data?.data.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          {p.scope === 'rep' &&
            users.map((u) => (
              <option key={u.id} value={u.email ?? ''} disabled={!u.email}>
                {u.name}
              </option>
            ))}
        </Select>
      </Field>
    </div>
  );
}

function Explanation({ f }: { f: SeriesForecast }) {
  const fmt = (v: number) => (f.metric === 'revenue' ? money(v) : num(v));
  const next = f.forecast[0]!;
  return (
    <div className="grid gap-4 border-t border-slate-100 px-5 py-4 lg:grid-cols-3" data-testid="forecast-explanation">
      <div className="lg:col-span-2">
        <div className="text-sm text-slate-800">
          <span className="font-medium">{periodLabel(next.period, f.grain)}:</span> about{' '}
          <span className="font-semibold">{fmt(next.mean)}</span>, 80% likely between {fmt(next.lo80)} and{' '}
          {fmt(next.hi80)} (95%: {fmt(next.lo95)} – {fmt(next.hi95)}).
        </div>
        <div className="mt-2 text-sm text-slate-700">
          <span className="font-medium">How:</span> {methodInWords(f.method)}.{' '}
          <span className="text-slate-500">{f.reason}</span>
        </div>
        <div className="mt-1 text-xs text-slate-400">Model: {f.method}</div>
      </div>
      <ul className="list-disc space-y-1 pl-5 text-xs text-slate-600">
        {f.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        {f.warnings.map((w) => (
          <li key={w} className="text-amber-700">
            {w}
          </li>
        ))}
      </ul>
    </div>
  );
}
