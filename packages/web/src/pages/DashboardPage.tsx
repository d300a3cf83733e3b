import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, list } from '../lib/api';
import { useAsync, useDocumentTitle } from '../lib/hooks';
import { useMe } from '../lib/auth';
import { isEmptyWorkspace, readStats, type StageCount } from '../lib/stats';
import { date, lifecycleLabels, money, num, relative } from '../lib/format';
import { lifecycleStages, type Activity, type Deal } from '../lib/types';
import { Card, CardHeader, PageHeader } from '../components/Card';
import { StatCard } from '../components/StatCard';
import { DemoDataCard } from '../components/DemoDataCard';
import { ErrorState, EmptyState } from '../components/EmptyState';
import { ActivityIcon, activityMeta } from '../components/ActivityIcon';
import { Skeleton } from '../components/Spinner';
import { Link } from '../components/Link';
import { Avatar } from '../components/Avatar';

const stageColors = ['#94a3b8', '#38bdf8', '#3b82f6', '#6366f1', '#8b5cf6', '#10b981', '#f43f5e'];

function greeting() {
  const h = new Date().getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const { user, workspace } = useMe();
  const stats = useAsync(async (signal) => readStats(await api.get<unknown>('/api/v1/stats', undefined, signal)), []);
  const s = stats.data;
  const empty = s ? isEmptyWorkspace(s) : false;

  return (
    <div data-testid="dashboard">
      <PageHeader title={`${greeting()}, ${user.name.split(' ')[0]}`} description={`Here is how ${workspace.name} is doing.`} />
      {stats.error ? (
        <Card>
          <ErrorState error={stats.error} onRetry={stats.reload} title="Could not load the dashboard" />
        </Card>
      ) : empty ? (
        <DemoDataCard onLoaded={stats.reload} />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
            <StatCard testId="stat-contacts" label="Contacts" icon="contacts" loading={!s} value={num(s?.contacts)} sub={s?.customers !== undefined ? `${num(s.customers)} customers` : undefined} />
            <StatCard testId="stat-companies" label="Companies" icon="companies" loading={!s} value={num(s?.companies)} sub={s?.orders !== undefined ? `${num(s.orders)} orders` : undefined} />
            <StatCard testId="stat-open-deals" label="Open pipeline" icon="deals" loading={!s} value={money(s?.openPipelineAmount, { compact: (s?.openPipelineAmount ?? 0) >= 1e6 })} sub={s?.openDeals !== undefined ? `${num(s.openDeals)} open deals` : undefined} />
            <StatCard
              testId="stat-won"
              label={s?.wonAmount !== undefined ? 'Won' : 'Revenue'}
              icon="dollar"
              loading={!s}
              value={money(s?.wonAmount ?? s?.revenue, { compact: (s?.wonAmount ?? s?.revenue ?? 0) >= 1e6 })}
              sub={s?.wonDeals !== undefined ? `${num(s.wonDeals)} deals won` : s?.revenue !== undefined && s.wonAmount !== undefined ? `${money(s.revenue, { compact: true })} order revenue` : undefined}
            />
          </div>
          <div className="mt-4 grid gap-4 xl:grid-cols-3">
            <PipelineChart stages={s?.dealsByStage} loading={!s} />
            <LifecycleBreakdown fromStats={s?.contactsByStage} total={s?.contacts} loading={!s} />
          </div>
          <div className="mt-4 grid gap-4 xl:grid-cols-2">
            <RecentActivity />
            <ClosingSoon />
          </div>
        </>
      )}
    </div>
  );
}

function PipelineChart({ stages, loading }: { stages: StageCount[] | undefined; loading: boolean }) {
  // Fall back to grouping open deals when the stats carry no per-stage figures.
  const fallback = useAsync(
    async (signal) => {
      if (loading || (stages && stages.length > 0)) return null;
      const res = await list<Deal>('deals', { filters: [{ field: 'status', op: 'eq', value: 'open' }], limit: 500 }, signal);
      const map = new Map<string, StageCount>();
      for (const d of res.data) {
        const k = d.stageName ?? d.stageId;
        const e = map.get(k) ?? { key: k, label: k, count: 0, amount: 0 };
        e.count++;
        e.amount = (e.amount ?? 0) + (d.amount ?? 0);
        map.set(k, e);
      }
      return [...map.values()];
    },
    [loading, stages?.length],
  );
  const data = (stages && stages.length > 0 ? stages : fallback.data ?? []).map((x) => ({ ...x, value: x.amount ?? x.count }));
  const useAmount = data.some((d) => d.amount !== undefined && d.amount > 0);

  return (
    <Card className="xl:col-span-2" testId="pipeline-chart">
      <CardHeader title="Open pipeline by stage" description={useAmount ? 'Amount of open deals in each stage' : 'Open deals in each stage'} actions={<Link to="/deals" className="text-xs font-medium text-brand-600 hover:text-brand-700">View board →</Link>} />
      <div className="h-72 px-2 pt-4 pb-2">
        {loading || (fallback.loading && data.length === 0) ? (
          <Skeleton className="mx-4 h-60" />
        ) : data.length === 0 ? (
          <EmptyState icon="deals" title="No open deals" description="Deals you create or import show up here by stage." />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid vertical={false} stroke="#f1f5f9" />
              <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#64748b' }} interval={0} />
              <YAxis tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: '#94a3b8' }} tickFormatter={(v: number) => (useAmount ? money(v, { compact: true }) : num(v, { compact: true }))} width={64} />
              <Tooltip
                cursor={{ fill: '#f8fafc' }}
                contentStyle={{ borderRadius: 8, border: '1px solid #e2e8f0', fontSize: 12, boxShadow: '0 4px 12px rgba(15,23,42,.08)' }}
                formatter={(_v, _n, item) => {
                  const p = (item as { payload?: StageCount }).payload;
                  return [`${money(p?.amount ?? 0)} · ${num(p?.count ?? 0)} deals`, 'Pipeline'];
                }}
              />
              <Bar dataKey={useAmount ? 'amount' : 'count'} radius={[6, 6, 0, 0]} maxBarSize={56}>
                {data.map((d, i) => (
                  <Cell key={d.key} fill={i === data.length - 1 ? '#4f46e5' : '#818cf8'} fillOpacity={0.55 + (0.45 * (i + 1)) / data.length} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

function LifecycleBreakdown({ fromStats, total, loading }: { fromStats: StageCount[] | undefined; total: number | undefined; loading: boolean }) {
  const counts = useAsync(
    async (signal) => {
      if (loading) return null;
      if (fromStats && fromStats.length > 0) return fromStats;
      // One cheap count per stage (limit=1&count=true) when the stats do not break contacts down.
      return Promise.all(
        lifecycleStages.map(async (st) => {
          const r = await list('contacts', { filters: [{ field: 'lifecycleStage', op: 'eq', value: st }], limit: 1, count: true }, signal);
          return { key: st, label: lifecycleLabels[st] ?? st, count: r.total ?? 0 };
        }),
      );
    },
    [loading, fromStats?.length],
  );
  const rows = (counts.data ?? []).map((r) => ({ ...r, label: lifecycleLabels[r.key] ?? r.label }));
  const max = Math.max(1, ...rows.map((r) => r.count));
  const sum = total ?? rows.reduce((a, r) => a + r.count, 0);
  return (
    <Card testId="lifecycle-breakdown">
      <CardHeader title="Contacts by lifecycle stage" description={`${num(sum)} contacts`} />
      <div className="space-y-3 px-5 py-4">
        {!counts.data
          ? Array.from({ length: 7 }, (_, i) => <Skeleton key={i} className="h-5" />)
          : rows.map((r, i) => (
              <Link key={r.key} to={`/contacts?stage=${r.key}`} className="group block">
                <div className="mb-1 flex justify-between text-xs">
                  <span className="font-medium text-slate-700 group-hover:text-brand-700">{r.label}</span>
                  <span className="text-slate-500 tabular-nums">{num(r.count)}</span>
                </div>
                <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
                  <div className="h-full rounded-full" style={{ width: `${(r.count / max) * 100}%`, backgroundColor: stageColors[i % stageColors.length] }} />
                </div>
              </Link>
            ))}
      </div>
    </Card>
  );
}

function RecentActivity() {
  const acts = useAsync((signal) => list<Activity>('activities', { sort: '-occurredAt', limit: 8 }, signal), []);
  return (
    <Card testId="recent-activity">
      <CardHeader title="Recent activity" description="The latest touches across your contacts" />
      {acts.error ? (
        <ErrorState error={acts.error} onRetry={acts.reload} />
      ) : !acts.data ? (
        <div className="space-y-3 p-5">{Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-8" />)}</div>
      ) : acts.data.data.length === 0 ? (
        <EmptyState icon="inbox" title="No activity yet" description="Emails, calls, meetings and web visits appear here." />
      ) : (
        <ul className="divide-y divide-slate-100">
          {acts.data.data.map((a) => (
            <li key={a.id} className="flex items-center gap-3 px-5 py-2.5">
              <ActivityIcon type={a.type} />
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm text-slate-800">
                  <span className="font-medium">{activityMeta[a.type]?.label ?? a.type}</span>
                  {a.subject && <span className="text-slate-500"> · {a.subject}</span>}
                </div>
                {a.contactId && (
                  <Link to={`/contacts/${a.contactId}`} className="text-xs text-slate-500 hover:text-brand-700">
                    {a.contactName ?? 'Open contact'}
                  </Link>
                )}
              </div>
              <span className="shrink-0 text-xs text-slate-400" title={a.occurredAt}>
                {relative(a.occurredAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function ClosingSoon() {
  const deals = useAsync((signal) => list<Deal>('deals', { sort: 'expectedCloseDate', limit: 8, filters: [{ field: 'status', op: 'eq', value: 'open' }, { field: 'expectedCloseDate', op: 'isnull', value: 'false' }] }, signal), []);
  return (
    <Card testId="closing-soon">
      <CardHeader title="Deals closing soon" description="Open deals by expected close date" actions={<Link to="/deals" className="text-xs font-medium text-brand-600 hover:text-brand-700">All deals →</Link>} />
      {deals.error ? (
        <ErrorState error={deals.error} onRetry={deals.reload} />
      ) : !deals.data ? (
        <div className="space-y-3 p-5">{Array.from({ length: 5 }, (_, i) => <Skeleton key={i} className="h-8" />)}</div>
      ) : deals.data.data.length === 0 ? (
        <EmptyState icon="calendar" title="Nothing closing soon" description="Open deals with an expected close date appear here." />
      ) : (
        <ul className="divide-y divide-slate-100">
          {deals.data.data.map((d) => {
            const overdue = d.expectedCloseDate ? d.expectedCloseDate < new Date().toISOString().slice(0, 10) : false;
            return (
              <li key={d.id} className="flex items-center gap-3 px-5 py-2.5">
                <Avatar name={d.ownerName ?? '?'} size="sm" />
                <div className="min-w-0 flex-1">
                  <div className="truncate text-sm font-medium text-slate-800">{d.name}</div>
                  <div className="truncate text-xs text-slate-500">{[d.companyName, d.stageName].filter(Boolean).join(' · ') || '—'}</div>
                </div>
                <div className="text-right">
                  <div className="text-sm font-medium text-slate-800 tabular-nums">{money(d.amount)}</div>
                  <div className={overdue ? 'text-xs font-medium text-red-600' : 'text-xs text-slate-500'}>{overdue ? `Overdue · ${date(d.expectedCloseDate)}` : date(d.expectedCloseDate)}</div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
