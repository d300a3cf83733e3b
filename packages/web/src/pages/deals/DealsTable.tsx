import { useEffect, useMemo, useState } from 'react';
import { canWriteRecords, useMe } from '../../lib/auth';
import { createColumnHelper } from '@tanstack/react-table';
import { useServerList } from '../../lib/useServerList';
import { date, money, num } from '../../lib/format';
import type { Deal, Pipeline } from '../../lib/types';
import { TableCard } from '../../components/TableCard';
import { BulkActions } from '../../components/BulkActions';
import { SearchInput } from '../../components/SearchInput';
import { EmptyState } from '../../components/EmptyState';
import { Badge, DealStatusBadge } from '../../components/Badge';
import { Avatar } from '../../components/Avatar';
import type { Filter } from '../../lib/api';
import { TierBadge, useScores } from '../scoring/TierBadge';

const col = createColumnHelper<Deal>();

export function DealsTable({
  pipeline,
  ownerFilter,
  onOpen,
  refreshKey,
  scoresVersion,
}: {
  pipeline: Pipeline;
  ownerFilter: Filter | null;
  onOpen: (d: Deal) => void;
  refreshKey: number;
  scoresVersion: number;
}) {
  const base = useMemo(
    () => [{ field: 'pipelineId', op: 'eq' as const, value: pipeline.id }, ...(ownerFilter ? [ownerFilter] : [])],
    [pipeline.id, ownerFilter],
  );
  const list = useServerList<Deal>('deals', { defaultSort: '-updatedAt', baseFilters: base });
  const { reload } = list;
  const canWrite = canWriteRecords(useMe().user.role);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const chosen = list.rows.filter((r) => selected.has(r.id));

  const scores = useScores(
    'deal',
    list.rows.filter((d) => d.status === 'open').map((d) => d.id),
    scoresVersion,
  );
  useEffect(() => {
    if (refreshKey > 0) reload();
  }, [refreshKey, reload]);
  const columns = useMemo(
    () => [
      col.accessor('name', {
        header: 'Deal',
        meta: { width: '22%' },
        cell: (c) => <span className="font-medium text-slate-900">{c.getValue()}</span>,
      }),
      col.accessor('companyName', {
        header: 'Company',
        enableSorting: false,
        meta: { width: '15%' },
        cell: (c) => c.getValue() ?? c.row.original.contactName ?? <span className="text-slate-400">—</span>,
      }),
      col.accessor('stageName', {
        header: 'Stage',
        enableSorting: false,
        meta: { width: '12%' },
        cell: (c) => <Badge>{c.getValue() ?? '—'}</Badge>,
      }),
      col.accessor('amount', {
        header: 'Amount',
        meta: { width: '10%', align: 'right' },
        cell: (c) => money(c.getValue(), { currency: c.row.original.currency }),
      }),
      col.accessor('expectedCloseDate', {
        header: 'Close date',
        meta: { width: '12%' },
        cell: (c) => date(c.getValue()),
      }),
      col.accessor('ownerName', {
        header: 'Owner',
        enableSorting: false,
        meta: { width: '13%' },
        cell: (c) =>
          c.getValue() ? (
            <span className="flex items-center gap-2">
              <Avatar name={c.getValue()} size="xs" />
              {c.getValue()}
            </span>
          ) : (
            <span className="text-slate-400">Unassigned</span>
          ),
      }),
      col.accessor('status', {
        header: 'Status',
        meta: { width: '8%' },
        cell: (c) => <DealStatusBadge status={c.getValue()} />,
      }),
      col.display({
        id: 'score',
        header: 'Score',
        meta: { width: '8%' },
        cell: (c) => {
          const sc = scores.get(c.row.original.id);
          return sc ? (
            <TierBadge tier={sc.tier} probability={sc.probability} overridden={sc.overridden} />
          ) : (
            <span className="text-slate-400">—</span>
          );
        },
      }),
    ],
    [scores],
  );
  return (
    <TableCard
      list={{ ...list, rows: list.rows.filter((r) => !hidden.has(r.id)) }}
      columns={columns}
      selection={canWrite ? { selected, onChange: setSelected } : undefined}
      above={
        <BulkActions
          resource="deals"
          rows={chosen}
          onClear={() => setSelected(new Set())}
          onChanged={reload}
          onHide={(ids) => setHidden((h) => new Set([...h, ...ids]))}
          onRestore={() => setHidden(new Set())}
          stages={pipeline.stages}
        />
      }
      testId="deals-table"
      maxHeight="calc(100vh - 350px)"
      onRowClick={onOpen}
      toolbar={
        <>
          <SearchInput value={list.q} onChange={list.setQuery} placeholder="Search deals…" testId="deals-search" />
          {list.total !== undefined && (
            <span className="ml-auto">
              <Badge>{num(list.total)} deals</Badge>
            </span>
          )}
        </>
      }
      empty={
        <EmptyState
          icon="deals"
          title="No deals in this pipeline"
          description="Create a deal or import your pipeline."
        />
      }
    />
  );
}
