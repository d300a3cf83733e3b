import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { useMe } from '../../lib/auth';
import { money, num } from '../../lib/format';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { StatCard } from '../../components/StatCard';
import { Button } from '../../components/Button';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Skeleton } from '../../components/Spinner';
import { cx } from '../../components/cx';
import { WorklistItemRow } from './WorklistItemRow';
import { TeamLoadCard } from './TeamLoadCard';
import type { Worklist, WorklistItem } from './todayTypes';

const filters: { id: WorklistItem['kind'] | 'all'; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'new_lead', label: 'New leads' },
  { id: 'follow_up', label: 'Follow-ups' },
  { id: 'deal_at_risk', label: 'Deals at risk' },
  { id: 'churn_risk', label: 'Churn risk' },
  { id: 'upsell', label: 'Upsell' },
];

/** "Today": the caller's prioritised worklist; managers also see the team's load and can open any rep's list. */
export function TodayPage() {
  useDocumentTitle('Today');
  const { user } = useMe();
  const isManager = ['manager', 'admin', 'owner'].includes(user.role);
  const [viewing, setViewing] = useState<string | undefined>(undefined);
  const [kind, setKind] = useState<(typeof filters)[number]['id']>('all');
  // Owners and managers may look at the whole team's list; they land on it when their own list is empty.
  const [team, setTeam] = useState<boolean | null>(isManager ? null : false);
  const showTeam = team === true && !viewing;
  const query = useQuery({
    queryKey: ['worklist', showTeam ? 'team' : (viewing ?? 'me')],
    queryFn: ({ signal }) =>
      api.get<Worklist>('/api/v1/worklist', showTeam ? { team: 'true' } : { userId: viewing }, signal),
  });
  const list = { data: query.data, error: query.error, reload: () => void query.refetch() };
  useEffect(() => {
    if (team === null && !showTeam && !viewing && query.data) setTeam(query.data.items.length === 0);
  }, [team, showTeam, viewing, query.data]);
  const w = list.data;
  const items = (w?.items ?? []).filter((i) => kind === 'all' || i.kind === kind);
  const own = !viewing && !showTeam;
  const total = (w?.items ?? []).reduce((s, i) => s + i.expectedValue, 0);

  return (
    <div data-testid="today-page">
      <PageHeader
        title={own ? 'Today' : showTeam ? "Today: your team's list" : `Today: ${w?.user.name ?? ''}`}
        description={
          w
            ? `${num(w.items.length)} things to do, most valuable and most urgent first. New leads should hear from you within ${w.settings.responseTargetHours} h.`
            : 'Who to contact and why'
        }
        actions={
          isManager ? (
            <div className="inline-flex rounded-md bg-white p-0.5 shadow-xs ring-1 ring-slate-300" role="tablist">
              {[
                { id: 'mine', label: 'My list', on: own },
                { id: 'team', label: 'Team', on: showTeam },
              ].map((t) => (
                <button
                  key={t.id}
                  type="button"
                  role="tab"
                  aria-selected={t.on}
                  data-testid={`today-${t.id}`}
                  onClick={() => {
                    setViewing(undefined);
                    setTeam(t.id === 'team');
                  }}
                  className={cx(
                    'rounded px-3 py-1 text-sm font-medium',
                    t.on ? 'bg-slate-900 text-white' : 'text-slate-600 hover:text-slate-900',
                  )}
                >
                  {t.label}
                </button>
              ))}
            </div>
          ) : (
            !own && (
              <Button icon="chevronLeft" onClick={() => setViewing(undefined)}>
                My list
              </Button>
            )
          )
        }
      />
      <div className={cx('grid gap-4', isManager && 'xl:grid-cols-[minmax(0,1fr)_380px]')}>
        <div className="min-w-0 space-y-4">
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <StatCard
              label="Overdue"
              icon="alert"
              loading={!w}
              value={num(w?.items.filter((i) => i.urgency === 'overdue').length)}
              sub="past a target or a date"
            />
            <StatCard
              label="Deals at risk"
              icon="deals"
              loading={!w}
              value={num(w?.counts.deal_at_risk)}
              sub="stalled or past close date"
            />
            <StatCard
              label="New leads"
              icon="user"
              loading={!w}
              value={num(w?.counts.new_lead)}
              sub="not contacted yet"
            />
            <StatCard
              label="Value on the list"
              icon="dollar"
              loading={!w}
              value={money(total, { compact: total >= 1e6 })}
              sub="sum of expected values"
            />
          </div>
          <Card testId="worklist">
            <CardHeader
              title="Worklist"
              description={
                w ? `${showTeam ? 'Everyone on the team' : `For ${w.user.name}`}; times in ${w.timezone}` : ' '
              }
              actions={
                <div className="flex flex-wrap gap-1">
                  {filters.map((f) => (
                    <button
                      key={f.id}
                      type="button"
                      onClick={() => setKind(f.id)}
                      className={cx(
                        'rounded-md px-2 py-1 text-xs font-medium',
                        kind === f.id ? 'bg-brand-600 text-white' : 'text-slate-600 hover:bg-slate-100',
                      )}
                    >
                      {f.label}
                      {f.id !== 'all' && w ? ` ${w.counts[f.id] ?? 0}` : ''}
                    </button>
                  ))}
                </div>
              }
            />
            {w && w.notes.length > 0 && (
              <div className="border-b border-slate-100 px-5 py-2 text-xs text-slate-500">
                {w.notes.map((n) => (
                  <p key={n} className="flex gap-1.5">
                    <Icon name="info" className="mt-0.5 size-3.5 shrink-0" />
                    {n}
                  </p>
                ))}
              </div>
            )}
            {list.error ? (
              <ErrorState error={list.error} onRetry={list.reload} title="Could not load the worklist" />
            ) : !w ? (
              <div className="space-y-3 p-5">
                {Array.from({ length: 5 }, (_, i) => (
                  <Skeleton key={i} className="h-14" />
                ))}
              </div>
            ) : items.length === 0 ? (
              <EmptyState
                icon="check"
                title={w.items.length ? 'Nothing of this kind' : 'All clear'}
                description={
                  w.items.length
                    ? 'Pick another filter.'
                    : 'No new leads waiting, no follow-ups due, no deals at risk. Items appear as leads arrive and deals move.'
                }
                testId="worklist-empty"
              />
            ) : (
              <ul className="divide-y divide-slate-100">
                {items.map((i) => (
                  <WorklistItemRow
                    key={`${i.assigneeId ?? ''}:${i.key}`}
                    item={i}
                    readOnly={showTeam ? i.assigneeId !== user.id : !own}
                    onOutcome={list.reload}
                  />
                ))}
              </ul>
            )}
          </Card>
        </div>
        {isManager && (
          <div>
            <TeamLoadCard viewing={viewing} onView={setViewing} />
          </div>
        )}
      </div>
    </div>
  );
}
