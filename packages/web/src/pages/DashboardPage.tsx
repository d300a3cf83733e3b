import { Area, AreaChart, CartesianGrid, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from '@tanstack/react-query';
import { useDocumentTitle } from '../lib/hooks';
import { useMe } from '../lib/auth';
import { call, client } from '../lib/client';
import { listParams } from '../lib/queries';
import { isEmptyWorkspace, lifecycleRows, type Stats } from '../lib/stats';
import { date, lifecycleLabels, money, num, relative } from '../lib/format';
import { Card, CardHeader, PageHeader } from '../components/Card';
import { StatCard } from '../components/StatCard';
import { DemoDataCard } from '../components/DemoDataCard';
import { ErrorState, EmptyState } from '../components/EmptyState';
import { ActivityIcon, activityMeta, activitySummary } from '../components/ActivityIcon';
import { Skeleton } from '../components/Spinner';
import { Link } from '../components/Link';
import { Avatar } from '../components/Avatar';

const stageColors = ['#94a3b8', '#38bdf8', '#3b82f6', '#6366f1', '#8b5cf6', '#10b981', '#f43f5e'];

function greeting() {
  const h = new Date().getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

const big = (v: number) => money(v, { compact: v >= 1e6 });

export function DashboardPage() {
  useDocumentTitle('Dashboard');
  const { user, workspace } = useMe();
  const stats = useQuery({
    queryKey: ['stats'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/stats', { signal })),
  });
  const s = stats.data;
  const empty = s ? isEmptyWorkspace(s) : false;

  return (
    <div data-testid="dashboard">
      <PageHeader
        title={`${greeting()}, ${user.name.split(' ')[0]}`}
        description={`Here is how ${workspace.name} is doing.`}
      />
      {stats.error ? (
        <Card>
          <ErrorState error={stats.error} onRetry={() => void stats.refetch()} title="Could not load the dashboard" />
        </Card>
      ) : empty ? (
        <DemoDataCard onLoaded={() => void stats.refetch()} />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
            <StatCard
              testId="stat-contacts"
              label="Contacts"
              icon="contacts"
              loading={!s}
              value={num(s?.contacts)}
              sub={s && `${num(s.lifecycle?.customer ?? 0)} customers · ${num(s.companies)} companies`}
            />
            <StatCard
              testId="stat-pipeline"
              label="Open pipeline"
              icon="deals"
              loading={!s}
              value={s ? big(s.openPipelineValue) : ''}
              sub={s && `${num(s.openDeals)} open deals · ${big(s.weightedPipelineValue)} weighted`}
            />
            <StatCard
              testId="stat-won"
              label="Won, last 30 days"
              icon="target"
              loading={!s}
              value={s ? big(s.wonValueLast30) : ''}
              sub={s && `${num(s.wonLast30)} deals closed won`}
            />
            <StatCard
              testId="stat-revenue"
              label="Revenue, last 30 days"
              icon="dollar"
              loading={!s}
              value={s ? big(s.revenueLast30) : ''}
              sub={s && `${num(s.ordersLast30)} orders · ${num(s.activitiesLast7)} activities this week`}
            />
          </div>
          <div className="mt-4 grid gap-4 xl:grid-cols-3">
            <RevenueChart stats={s} />
            <LifecycleBreakdown stats={s} />
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

function monthLabel(m: string) {
  const d = new Date(`${m.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? m
    : d.toLocaleDateString('en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' });
}

function RevenueChart({ stats }: { stats: Stats | undefined }) {
  // The month in progress is drawn dashed and labelled "so far", so a few days of sales do not read as a collapse.
  const rows = stats?.revenueByMonth ?? [];
  const data = rows.map((r, i) => ({
    ...r,
    label: `${monthLabel(r.month)}${r.partial ? ' (so far)' : ''}`,
    complete: r.partial ? undefined : r.revenue,
    soFar: r.partial || rows[i + 1]?.partial ? r.revenue : undefined,
  }));
  const total = data.reduce((a, r) => a + r.revenue, 0);
  return (
    <Card className="xl:col-span-2" testId="revenue-chart">
      <CardHeader
        title="Revenue by month"
        description={
          !stats
            ? ' '
            : data.length
              ? `${money(total)} from ${num(data.reduce((a, r) => a + r.orders, 0))} orders in the last ${data.length} months`
              : 'Paid orders per month'
        }
      />
      <div className="h-72 px-2 pt-4 pb-2">
        {!stats ? (
          <Skeleton className="mx-4 h-60" />
        ) : data.length === 0 ? (
          <EmptyState
            icon="trend"
            title="No orders yet"
            description="Import your order history to see revenue over time."
          />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <defs>
                <linearGradient id="pwRevenue" x1="0" y1="0" x2="0" y2="1">
                  <stop offset="0%" stopColor="#6366f1" stopOpacity={0.25} />
                  <stop offset="100%" stopColor="#6366f1" stopOpacity={0} />
                </linearGradient>
              </defs>
              <CartesianGrid vertical={false} stroke="#f1f5f9" />
              <XAxis
                dataKey="label"
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 12, fill: '#64748b' }}
                minTickGap={12}
              />
              <YAxis
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 12, fill: '#94a3b8' }}
                tickFormatter={(v: number) => money(v, { compact: true })}
                width={64}
              />
              <Tooltip
                cursor={{ stroke: '#c7d2fe' }}
                contentStyle={{
                  borderRadius: 8,
                  border: '1px solid #e2e8f0',
                  fontSize: 12,
                  boxShadow: '0 4px 12px rgba(15,23,42,.08)',
                }}
                formatter={(v, _n, item) => [
                  `${money(Number(v))} · ${num((item as { payload?: { orders?: number } }).payload?.orders ?? 0)} orders`,
                  'Revenue',
                ]}
              />
              <Area
                type="monotone"
                dataKey="complete"
                name="Revenue"
                stroke="#4f46e5"
                strokeWidth={2}
                fill="url(#pwRevenue)"
              />
              <Line
                type="monotone"
                dataKey="soFar"
                name="This month so far"
                stroke="#4f46e5"
                strokeWidth={2}
                strokeDasharray="5 4"
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

function LifecycleBreakdown({ stats }: { stats: Stats | undefined }) {
  const rows = stats ? lifecycleRows(stats) : [];
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Card testId="lifecycle-breakdown">
      <CardHeader title="Contacts by lifecycle stage" description={stats ? `${num(stats.contacts)} contacts` : ' '} />
      <div className="space-y-3 px-5 py-4">
        {!stats
          ? Array.from({ length: 7 }, (_, i) => <Skeleton key={i} className="h-5" />)
          : rows.map((r, i) => (
              <Link
                key={r.stage}
                to={`/contacts?stage=${r.stage}`}
                className="group block"
                data-testid={`lifecycle-${r.stage}`}
              >
                <div className="mb-1 flex justify-between text-xs">
                  <span className="font-medium text-slate-700 group-hover:text-brand-700">
                    {lifecycleLabels[r.stage] ?? r.stage}
                  </span>
                  <span className="text-slate-500 tabular-nums">{num(r.count)}</span>
                </div>
                <div className="h-1.5 overflow-hidden rounded-full bg-slate-100">
                  <div
                    className="h-full rounded-full"
                    style={{ width: `${(r.count / max) * 100}%`, backgroundColor: stageColors[i % stageColors.length] }}
                  />
                </div>
              </Link>
            ))}
      </div>
    </Card>
  );
}

function RecentActivity() {
  const acts = useQuery({
    queryKey: ['activities', 'recent'],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/activities', { params: { query: { sort: '-occurredAt', limit: '8' } }, signal })),
  });
  return (
    <Card testId="recent-activity">
      <CardHeader title="Recent activity" description="The latest touches across your contacts" />
      {acts.error ? (
        <ErrorState error={acts.error} onRetry={() => void acts.refetch()} />
      ) : !acts.data ? (
        <div className="space-y-3 p-5">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
      ) : acts.data.data.length === 0 ? (
        <EmptyState
          icon="inbox"
          title="No activity yet"
          description="Emails, calls, meetings and web visits appear here."
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {acts.data.data.map((a, i) => (
            <li key={a.id ?? i} className="flex items-center gap-3 px-5 py-2.5">
              <ActivityIcon type={a.type ?? 'note'} />
              <div className="min-w-0 flex-1">
                <div className="truncate text-sm text-slate-800">
                  <span className="font-medium">{activityMeta[a.type ?? 'note'].label}</span>
                  {activitySummary(a, true) && <span className="text-slate-500"> · {activitySummary(a, true)}</span>}
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
  const deals = useQuery({
    queryKey: ['deals', 'closing-soon'],
    queryFn: ({ signal }) =>
      call(
        client.GET('/api/v1/deals', {
          params: {
            query: listParams<{ sort: string }>({
              sort: 'expectedCloseDate',
              limit: 8,
              filters: [
                { field: 'status', op: 'eq', value: 'open' },
                { field: 'expectedCloseDate', op: 'gte', value: new Date().toISOString().slice(0, 10) },
              ],
            }),
          },
          signal,
        }),
      ),
  });
  return (
    <Card testId="closing-soon">
      <CardHeader
        title="Deals closing soon"
        description="Open deals by expected close date"
        actions={
          <Link to="/deals" className="text-xs font-medium text-brand-600 hover:text-brand-700">
            All deals →
          </Link>
        }
      />
      {deals.error ? (
        <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />
      ) : !deals.data ? (
        <div className="space-y-3 p-5">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} className="h-8" />
          ))}
        </div>
      ) : deals.data.data.length === 0 ? (
        <EmptyState
          icon="calendar"
          title="Nothing closing soon"
          description="Open deals with an expected close date appear here."
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {deals.data.data.map((d) => {
            const overdue = d.expectedCloseDate ? d.expectedCloseDate < new Date().toISOString().slice(0, 10) : false;
            return (
              <li key={d.id} className="flex items-center gap-3 px-5 py-2.5">
                <Avatar name={d.ownerName ?? '?'} size="sm" />
                <div className="min-w-0 flex-1">
                  <div className="truncate text-sm font-medium text-slate-800">{d.name}</div>
                  <div className="truncate text-xs text-slate-500">
                    {[d.companyName, d.stageName].filter(Boolean).join(' · ') || '—'}
                  </div>
                </div>
                <div className="text-right">
                  <div className="text-sm font-medium text-slate-800 tabular-nums">{money(d.amount)}</div>
                  <div className={overdue ? 'text-xs font-medium text-red-600' : 'text-xs text-slate-500'}>
                    {overdue ? `Overdue · ${date(d.expectedCloseDate)}` : date(d.expectedCloseDate)}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
