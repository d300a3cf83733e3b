import { useMemo, useState } from 'react';
import type { ColumnDef } from '@tanstack/react-table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { date, money, percent } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { StatCard } from '../../components/StatCard';
import { DataTable, type ColumnMeta } from '../../components/DataTable';
import { Badge } from '../../components/Badge';
import { Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import type { PipelineDeal, QuarterView } from './types';

const treatment: Record<PipelineDeal['closeDateTreatment'], string> = {
  as_planned: '',
  overdue_moved_to_this_month: 'overdue → this month',
  missing_spread_over_window: 'no date → spread',
  after_window: 'after the window',
};

export function QuarterCards({ q }: { q: QuarterView | undefined }) {
  return (
    <div className="grid grid-cols-2 gap-4 xl:grid-cols-4" data-testid="quarter-view">
      <StatCard
        label={`Booked so far, ${q?.quarter.label ?? ''}`}
        icon="dollar"
        loading={!q}
        value={q ? money(q.booked) : ''}
        sub={q && `Orders from ${date(q.quarter.from)}`}
      />
      <StatCard
        label="Run-rate, rest of quarter"
        icon="trend"
        loading={!q}
        value={q ? money(q.runRate.mean) : ''}
        sub={q && `80%: ${money(q.runRate.lo80, { compact: true })} – ${money(q.runRate.hi80, { compact: true })}`}
      />
      <StatCard
        label="Open pipeline closing this quarter"
        icon="deals"
        loading={!q}
        value={q ? money(q.pipeline.mostLikely) : ''}
        sub={
          q &&
          `commit ${money(q.pipeline.commit, { compact: true })} · best ${money(q.pipeline.bestCase, { compact: true })}`
        }
      />
      <StatCard
        label="Quarter outlook"
        icon="target"
        loading={!q}
        value={q ? money(q.total.mostLikely) : ''}
        sub={
          q &&
          `${money(q.total.low, { compact: true })} – ${money(q.total.high, { compact: true })} · with pipeline ${money(q.total.withPipeline, { compact: true })}`
        }
      />
    </div>
  );
}

export function PipelineSection() {
  const [months, setMonths] = useState(3);
  const [sort, setSort] = useState('-contribution');
  const p = useQuery({
    queryKey: ['forecasts', 'pipeline', months],
    queryFn: ({ signal }) => call(client.GET('/api/v1/forecasts/pipeline', { params: { query: { months } }, signal })),
    placeholderData: keepPreviousData,
  });
  const deals = useMemo(() => {
    const key = sort.replace(/^-/, '') as keyof PipelineDeal;
    const dir = sort.startsWith('-') ? -1 : 1;
    return [...(p.data?.deals ?? [])].sort((a, b) => {
      const x = a[key] ?? '';
      const y = b[key] ?? '';
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
  }, [p.data, sort]);
  const columns = useMemo<ColumnDef<PipelineDeal, any>[]>(
    () => [
      {
        id: 'name',
        header: 'Deal',
        accessorKey: 'name',
        meta: { width: '21%' } satisfies ColumnMeta,
        cell: (c) => <span className="font-medium text-slate-800">{c.row.original.name}</span>,
      },
      { id: 'stage', header: 'Stage', accessorKey: 'stage', meta: { width: '11%' } satisfies ColumnMeta },
      {
        id: 'owner',
        header: 'Owner',
        accessorKey: 'owner',
        meta: { width: '11%' } satisfies ColumnMeta,
        cell: (c) => c.row.original.owner ?? '—',
      },
      {
        id: 'expectedCloseDate',
        header: 'Expected close',
        accessorKey: 'expectedCloseDate',
        meta: { width: '27%' } satisfies ColumnMeta,
        cell: (c) => {
          const d = c.row.original;
          return (
            <span>
              {d.expectedCloseDate ? date(d.expectedCloseDate) : '—'}
              {treatment[d.closeDateTreatment] && (
                <Badge tone={d.closeDateTreatment === 'after_window' ? 'gray' : 'amber'} className="ml-2">
                  {treatment[d.closeDateTreatment]}
                </Badge>
              )}
            </span>
          );
        },
      },
      {
        id: 'amount',
        header: 'Amount',
        accessorKey: 'amount',
        meta: { align: 'right' } satisfies ColumnMeta,
        cell: (c) => <span className="tabular-nums">{money(c.row.original.amount)}</span>,
      },
      {
        id: 'probability',
        header: 'Win probability',
        accessorKey: 'probability',
        meta: { align: 'right' } satisfies ColumnMeta,
        cell: (c) => (
          <span className="tabular-nums">
            {percent(c.row.original.probability)}{' '}
            <span className="text-xs text-slate-400">
              {c.row.original.probabilitySource === 'score' ? 'score' : 'stage'}
            </span>
          </span>
        ),
      },
      {
        id: 'contribution',
        header: 'Contribution',
        accessorKey: 'contribution',
        meta: { align: 'right' } satisfies ColumnMeta,
        cell: (c) => <span className="font-medium tabular-nums">{money(c.row.original.contribution)}</span>,
      },
    ],
    [],
  );
  const d = p.data;
  return (
    <Card testId="pipeline-forecast">
      <CardHeader
        title="Pipeline forecast"
        description={
          d
            ? `Open deals × win probability × amount, expected to close ${date(d.window.from)} – ${date(d.window.to)}`
            : ' '
        }
        actions={
          <Select
            value={String(months)}
            onChange={(e) => setMonths(Number(e.target.value))}
            aria-label="Months"
            data-testid="pipeline-months"
          >
            {[1, 2, 3, 6, 12].map((m) => (
              <option key={m} value={m}>
                {m === 1 ? 'This month' : `Next ${m} months`}
              </option>
            ))}
          </Select>
        }
      />
      {p.error ? (
        <ErrorState error={p.error} onRetry={() => void p.refetch()} />
      ) : (
        <>
          <div className="grid grid-cols-3 gap-4 p-5">
            <StatCard
              testId="pipeline-commit"
              label="Commit"
              icon="target"
              loading={!d}
              value={d ? money(d.commit) : ''}
              sub="9 in 10 chances of at least this (P10)"
            />
            <StatCard
              testId="pipeline-likely"
              label="Most likely"
              icon="trend"
              loading={!d}
              value={d ? money(d.mostLikely) : ''}
              sub="Σ probability × amount"
            />
            <StatCard
              testId="pipeline-best"
              label="Best case"
              icon="deals"
              loading={!d}
              value={d ? money(d.bestCase) : ''}
              sub={d && `every one of ${d.counts.inWindow} open deals won`}
            />
          </div>
          {d && d.notes.length > 0 && (
            <ul className="mx-5 mb-4 list-disc space-y-1 pl-5 text-xs text-slate-600" data-testid="pipeline-notes">
              {d.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {d && d.deals.length === 0 ? (
            <EmptyState
              icon="deals"
              title="No open deals"
              description="Open deals with an amount and an expected close date make up the pipeline forecast."
            />
          ) : (
            <DataTable
              columns={columns}
              data={deals}
              sort={sort}
              onSortChange={setSort}
              loading={!d}
              testId="pipeline-deals"
              maxHeight="420px"
            />
          )}
        </>
      )}
    </Card>
  );
}
