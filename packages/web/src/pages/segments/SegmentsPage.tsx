import * as Tabs from '@radix-ui/react-tabs';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { useMe, canWriteRecords } from '../../lib/auth';
import { date, money, num } from '../../lib/format';
import { Card, PageHeader } from '../../components/Card';
import { TrustPanel } from '../../components/TrustPanel';
import { StatCard } from '../../components/StatCard';
import { Button } from '../../components/Button';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Skeleton } from '../../components/Spinner';
import { cx } from '../../components/cx';
import { RfmGrid } from './RfmGrid';
import { SegmentCards } from './SegmentCards';
import { MembersCard } from './MembersCard';
import { ClusterProfiles, ClusterScatter, SweepChart } from './ClusterCharts';
import { MovesCard } from './MovesCard';
import { RuleSegmentsCard } from './RuleSegmentsCard';
import { BoughtTogetherCard, EvaluationCard } from './RecommendationsTab';
import { ComputeDialog } from './ComputeDialog';
import type { MemberFilter, SegmentsLatest } from './segmentTypes';

const tabs = [
  { id: 'rfm', label: 'RFM segments' },
  { id: 'clusters', label: 'Clusters' },
  { id: 'rules', label: 'Rule segments' },
  { id: 'moves', label: 'Movements' },
  { id: 'recommendations', label: 'Recommendations' },
] as const;
type Tab = (typeof tabs)[number]['id'];

export function SegmentsPage() {
  useDocumentTitle('Segments');
  const { user } = useMe();
  const latest = useQuery({
    queryKey: ['segments'],
    queryFn: ({ signal }) => api.get<SegmentsLatest>('/api/v1/segments', undefined, signal),
  });
  const [tab, setTab] = useState<Tab>('rfm');
  const [filter, setFilter] = useState<MemberFilter | null>(null);
  const [computing, setComputing] = useState(false);
  const canEdit = canWriteRecords(user.role);
  const run = latest.data?.run;
  const s = run?.summary;
  const pickSegment = (name: string) => setFilter({ segment: name, label: name });

  return (
    <div data-testid="segments-page">
      <PageHeader
        title="Segments"
        description={
          run
            ? s?.measuredFrom === 'data_end'
              ? `${num(run.customers)} customers, measured from the end of the data (${date(run.asOf)}), not from today: the newest order is older than 90 days`
              : `${num(run.customers)} customers scored on ${date(run.asOf)} from orders and won deals`
            : 'Who your customers are, from what they bought'
        }
        actions={
          canEdit && (
            <Button variant="primary" icon="refresh" onClick={() => setComputing(true)} data-testid="compute-segments">
              Compute segments
            </Button>
          )
        }
      />
      <TrustPanel area="segments" />
      {latest.error ? (
        <Card>
          <ErrorState error={latest.error} onRetry={() => void latest.refetch()} title="Could not load segments" />
        </Card>
      ) : !latest.data ? (
        <div className="grid grid-cols-4 gap-4">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
      ) : !run || !s ? (
        <Card>
          <EmptyState
            icon="layers"
            title="No segments yet"
            description={latest.data.message ?? ''}
            action={
              canEdit && (
                <Button variant="primary" onClick={() => setComputing(true)}>
                  Compute segments
                </Button>
              )
            }
            testId="segments-empty"
          />
        </Card>
      ) : (
        <>
          {s.warnings.length > 0 && (
            <div
              className="mb-4 space-y-1 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
              data-testid="segments-warnings"
            >
              {s.warnings.map((w) => (
                <p key={w} className="flex gap-2">
                  <Icon name="info" className="mt-0.5 size-4 shrink-0" />
                  {w}
                </p>
              ))}
            </div>
          )}
          {s.customers === 0 ? (
            <Card>
              <EmptyState icon="cart" title="No customers to segment" description={s.warnings[0] ?? 'No orders yet.'} />
            </Card>
          ) : (
            <>
              <div className="grid grid-cols-2 gap-4 xl:grid-cols-4">
                <StatCard
                  label="Customers"
                  icon="users"
                  value={num(s.customers)}
                  sub={`${num(s.singleOrderCustomers)} with a single order`}
                />
                <StatCard
                  label="Revenue (net of returns)"
                  icon="dollar"
                  value={money(s.revenue, { compact: s.revenue >= 1e6 })}
                  sub={s.returnsNetted ? `${money(s.returnsNetted)} returns netted` : 'no returns'}
                />
                <StatCard
                  label="Lifetime value, next 3 years"
                  icon="trend"
                  value={money(s.totalClv, { compact: s.totalClv >= 1e6 })}
                  sub="from each customer's own buying rhythm"
                />
                <StatCard
                  label="At churn risk"
                  icon="alert"
                  value={num(s.churnRisk)}
                  sub="gap since last order > 3× their usual gap"
                  testId="stat-churn"
                />
              </div>
              <Tabs.Root
                value={tab}
                onValueChange={(v) => {
                  setTab(v as Tab);
                  setFilter(null);
                }}
              >
                <Tabs.List className="mt-6 mb-4 flex gap-1 border-b border-slate-200" aria-label="Segment views">
                  {tabs.map((t) => (
                    <Tabs.Trigger
                      key={t.id}
                      value={t.id}
                      data-testid={`segments-tab-${t.id}`}
                      className={cx(
                        '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
                        tab === t.id
                          ? 'border-brand-600 text-brand-700'
                          : 'border-transparent text-slate-500 hover:text-slate-800',
                      )}
                    >
                      {t.label}
                    </Tabs.Trigger>
                  ))}
                </Tabs.List>
                <Tabs.Content value="rfm" className="focus:outline-none">
                  <div className="space-y-4">
                    <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
                      <div className="space-y-4">
                        <RfmGrid grid={s.grid} onPick={pickSegment} selected={filter?.segment} />
                        <Card className="px-5 py-3">
                          <button
                            type="button"
                            className="text-sm font-medium text-brand-700 hover:underline"
                            onClick={() => setFilter({ churnRisk: true, label: 'at churn risk' })}
                            data-testid="churn-list"
                          >
                            List the {num(s.churnRisk)} customers at churn risk →
                          </button>
                        </Card>
                      </div>
                      <SegmentCards segments={s.segments} selected={filter?.segment} onPick={pickSegment} />
                    </div>
                    {filter && <MembersCard key={JSON.stringify(filter)} filter={filter} />}
                  </div>
                </Tabs.Content>
                <Tabs.Content value="clusters" className="focus:outline-none">
                  <div className="space-y-4">
                    <div className="grid gap-4 xl:grid-cols-3">
                      <ClusterScatter profiles={s.clusters.profiles} />
                      <SweepChart sweep={s.clusters.sweep} bestK={s.clusters.bestK} />
                    </div>
                    {s.clusters.profiles.length > 0 && (
                      <ClusterProfiles
                        profiles={s.clusters.profiles}
                        features={s.clusters.features}
                        canEdit={user.role !== 'viewer' && user.role !== 'rep'}
                        onRenamed={() => void latest.refetch()}
                        onPick={(p) => setFilter({ cluster: p.cluster, label: p.name })}
                      />
                    )}
                    {filter && <MembersCard key={JSON.stringify(filter)} filter={filter} />}
                  </div>
                </Tabs.Content>
                <Tabs.Content value="rules" className="focus:outline-none">
                  <div className="space-y-4">
                    <RuleSegmentsCard
                      canEdit={canEdit}
                      selected={filter?.rule}
                      onPick={(r) => setFilter({ rule: r.id, label: r.name })}
                    />
                    {filter && <MembersCard key={JSON.stringify(filter)} filter={filter} />}
                  </div>
                </Tabs.Content>
                <Tabs.Content value="moves" className="focus:outline-none">
                  <MovesCard segmentNames={s.segments.map((x) => x.name)} />
                </Tabs.Content>
                <Tabs.Content value="recommendations" className="focus:outline-none">
                  <div className="grid gap-4 xl:grid-cols-2">
                    <EvaluationCard evaluation={s.evaluation} />
                    <BoughtTogetherCard />
                  </div>
                </Tabs.Content>
              </Tabs.Root>
            </>
          )}
        </>
      )}
      {computing && (
        <ComputeDialog
          onClose={() => setComputing(false)}
          onDone={() => {
            setComputing(false);
            void latest.refetch();
          }}
        />
      )}
    </div>
  );
}
