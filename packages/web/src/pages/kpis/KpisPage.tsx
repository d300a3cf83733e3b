import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { call, client, type ApiResponse } from '../../lib/client';
import { useDocumentTitle } from '../../lib/hooks';
import { isAdmin, useMe } from '../../lib/auth';
import { money } from '../../lib/format';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';
import { RoiSection } from './RoiSection';

type Overview = ApiResponse<'/api/v1/kpis', 'get'>;
export type Metric = Overview['metrics'][number];
type Unit = Metric['unit'];

const tick = { fontSize: 11, fill: '#64748b' };
const tooltipStyle = { borderRadius: 8, border: '1px solid #e2e8f0', fontSize: 12 };

/** A KPI value in the words of its unit. */
export function showValue(unit: Unit, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'days') return `${v.toFixed(1)} days`;
  if (unit === 'money_per_day') return `${money(v)}/day`;
  return money(v);
}

/** KPIs & ROI (docs/kpis.md): each key metric against its target over time, by rep, source and segment; the ROI. */
export function KpisPage() {
  useDocumentTitle('KPIs & ROI');
  const me = useMe();
  const manager = isAdmin(me.user.role) || me.user.role === 'manager';
  const [editing, setEditing] = useState<Metric | null>(null);
  const [selected, setSelected] = useState<Metric['metric']>('win_rate');
  const kpis = useQuery({
    queryKey: ['kpis'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/kpis', { params: { query: { months: 12 } }, signal })),
  });
  const metric = kpis.data?.metrics.find((m) => m.metric === selected);

  return (
    <div data-testid="kpis-page">
      <PageHeader
        title="KPIs & ROI"
        description="Your key sales figures against the targets you set, month by month, and what Pipewise has been worth to you, from your own numbers."
      />
      {kpis.error ? (
        <Card>
          <ErrorState error={kpis.error} onRetry={() => void kpis.refetch()} title="Could not load the KPIs" />
        </Card>
      ) : !kpis.data ? (
        <Skeleton className="h-64" />
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            {kpis.data.metrics.map((m) => (
              <KpiCard
                key={m.metric}
                m={m}
                active={m.metric === selected}
                onSelect={() => setSelected(m.metric)}
                onEdit={manager ? () => setEditing(m) : undefined}
              />
            ))}
          </div>
          {metric && <Breakdowns m={metric} />}
          <p className="mt-3 text-xs text-slate-500">{kpis.data.caveats.join(' ')}</p>
        </>
      )}
      <RoiSection />
      {editing && <TargetDialog m={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function KpiCard({
  m,
  active,
  onSelect,
  onEdit,
}: {
  m: Metric;
  active: boolean;
  onSelect: () => void;
  onEdit?: () => void;
}) {
  // The last complete period; when it has nothing, the period in progress (marked "so far").
  const soFar = (m.lastComplete?.value ?? null) === null && (m.current?.value ?? null) !== null;
  const last = soFar ? m.current : m.lastComplete;
  const data = m.series.map((p) => ({ period: p.period, value: p.value }));
  const verdict =
    last?.meetsTarget === true ? (
      <Badge tone="green">target met</Badge>
    ) : last?.meetsTarget === false ? (
      <Badge tone="amber">below target</Badge>
    ) : null;
  return (
    <Card className={cx('flex flex-col', active && 'ring-2 ring-brand-500')} testId={`kpi-${m.metric}`}>
      <div className="flex items-start justify-between gap-2 px-4 pt-3">
        <button type="button" className="min-w-0 text-left" onClick={onSelect} title="Show the breakdowns below">
          <div className="text-xs font-medium text-slate-500">{m.label}</div>
          <div className="mt-0.5 text-xl font-semibold text-slate-900" data-testid={`kpi-value-${m.metric}`}>
            {showValue(m.unit, last?.value)}
          </div>
          <div className="text-xs text-slate-500">
            {last ? `${last.period}${soFar ? ' so far' : ''} · n ${last.n}` : 'no complete period yet'}
          </div>
        </button>
        {verdict}
      </div>
      <div className="h-24 px-1">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <XAxis dataKey="period" hide />
            <YAxis hide domain={['auto', 'auto']} />
            <Tooltip contentStyle={tooltipStyle} formatter={(v) => showValue(m.unit, v as number)} />
            {m.target && <ReferenceLine y={m.target.target} stroke="#d97706" strokeDasharray="4 3" />}
            <Line type="monotone" dataKey="value" stroke="#4f46e5" strokeWidth={2} dot={false} connectNulls />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="mt-auto flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2 text-xs">
        <span className="text-slate-600" data-testid={`kpi-target-${m.metric}`}>
          {m.target ? `Target ${showValue(m.unit, m.target.target)} a ${m.target.period}` : 'No target'}
        </span>
        {onEdit && (
          <button
            type="button"
            className="font-medium text-brand-700 hover:underline"
            onClick={onEdit}
            data-testid={`kpi-set-target-${m.metric}`}
          >
            {m.target ? 'Change' : 'Set target'}
          </button>
        )}
      </div>
    </Card>
  );
}

function Breakdowns({ m }: { m: Metric }) {
  const [by, setBy] = useState<'rep' | 'source' | 'segment'>('rep');
  const rows = m.breakdowns[by];
  const chart = m.series.map((p) => ({ period: p.period, value: p.value, target: m.target?.target ?? null }));
  return (
    <Card className="mt-4" testId="kpi-detail">
      <CardHeader title={`${m.label} over time`} description={`= ${m.formula}`} />
      <div className="grid gap-4 p-4 lg:grid-cols-5">
        <div className="h-64 lg:col-span-3">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={chart} margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
              <CartesianGrid stroke="#f1f5f9" />
              <XAxis dataKey="period" tick={tick} />
              <YAxis tick={tick} tickFormatter={(v) => showValue(m.unit, v as number)} width={72} />
              <Tooltip contentStyle={tooltipStyle} formatter={(v) => showValue(m.unit, v as number)} />
              <Line
                name={m.label}
                type="monotone"
                dataKey="value"
                stroke="#4f46e5"
                strokeWidth={2}
                connectNulls
                isAnimationActive={false}
              />
              {m.target && (
                <Line
                  name="Target"
                  dataKey="target"
                  stroke="#d97706"
                  strokeDasharray="5 4"
                  dot={false}
                  isAnimationActive={false}
                />
              )}
            </LineChart>
          </ResponsiveContainer>
          {m.target?.period === 'quarter' && (
            <p className="text-xs text-slate-500">The target is per quarter, so the series is by quarter.</p>
          )}
        </div>
        <div className="lg:col-span-2">
          <div className="mb-2 flex items-center gap-1 text-xs">
            <span className="mr-1 text-slate-500">By</span>
            {(['rep', 'source', 'segment'] as const).map((k) => (
              <Button key={k} size="sm" variant={k === by ? 'primary' : 'ghost'} onClick={() => setBy(k)}>
                {k === 'rep' ? 'Rep' : k === 'source' ? 'Source' : 'Segment'}
              </Button>
            ))}
          </div>
          <table className="w-full text-sm" data-testid="kpi-breakdown">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="py-1 font-medium">{by === 'rep' ? 'Rep' : by === 'source' ? 'Source' : 'Segment'}</th>
                <th className="py-1 text-right font-medium">{m.label}</th>
                <th className="py-1 text-right font-medium">n</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={3} className="py-3 text-center text-xs text-slate-500">
                    Nothing in the last 12 months
                  </td>
                </tr>
              )}
              {rows.slice(0, 12).map((r) => (
                <tr key={r.group ?? '(none)'} className="border-t border-slate-100">
                  <td className="py-1.5 text-slate-700">
                    {r.group ?? <span className="text-slate-400">not set</span>}
                  </td>
                  <td className="py-1.5 text-right font-medium text-slate-900">{showValue(m.unit, r.value)}</td>
                  <td className={cx('py-1.5 text-right', r.n < 10 ? 'text-amber-700' : 'text-slate-500')}>{r.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">Last 12 months. Counts under 10 (amber) are too few to compare.</p>
        </div>
      </div>
    </Card>
  );
}

function TargetDialog({ m, onClose }: { m: Metric; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const form = useFormSubmit();
  const rate = m.unit === 'rate';
  const [value, setValue] = useState(
    m.target ? String(rate ? Math.round(m.target.target * 1000) / 10 : m.target.target) : '',
  );
  const [period, setPeriod] = useState<'month' | 'quarter'>(m.target?.period ?? 'month');
  const save = useMutation({
    mutationFn: () =>
      call(
        client.PUT('/api/v1/kpis/targets/{metric}', {
          params: { path: { metric: m.metric } },
          body: { period, target: rate ? Number(value) / 100 : Number(value) },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['kpis'] }),
  });
  const remove = useMutation({
    mutationFn: () => call(client.DELETE('/api/v1/kpis/targets/{metric}', { params: { path: { metric: m.metric } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['kpis'] }),
  });
  const submit = () =>
    form.run(async () => {
      await save.mutateAsync();
      toast('success', `Target for ${m.label.toLowerCase()} saved`);
      onClose();
    });
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Target: ${m.label}`}
      description={m.formula}
      testId="kpi-target-dialog"
      footer={
        <>
          {m.target && (
            <Button
              variant="ghost"
              onClick={() =>
                form.run(async () => {
                  await remove.mutateAsync();
                  onClose();
                })
              }
            >
              Remove target
            </Button>
          )}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" loading={form.busy} onClick={() => void submit()} data-testid="kpi-target-save">
            Save
          </Button>
        </>
      }
    >
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={rate ? 'Target (%)' : m.unit === 'days' ? 'Target (days)' : 'Target'}
          htmlFor="kpi-target"
          error={form.errors.target}
          hint={m.lowerIsBetter ? 'Lower is better: the target is a ceiling.' : 'Higher is better.'}
        >
          <Input
            id="kpi-target"
            type="number"
            min={0}
            step="any"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            invalid={Boolean(form.errors.target)}
          />
        </Field>
        <Field label="Per" htmlFor="kpi-period" error={form.errors.period}>
          <Select id="kpi-period" value={period} onChange={(e) => setPeriod(e.target.value as 'month' | 'quarter')}>
            <option value="month">Month</option>
            <option value="quarter">Quarter</option>
          </Select>
        </Field>
      </div>
      {form.error ? <p className="mt-2 text-sm text-red-600">{(form.error as Error).message}</p> : null}
    </Dialog>
  );
}
