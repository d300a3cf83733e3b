import type { ReactNode } from 'react';
import type { ServerList } from '../lib/useServerList';
import { DataTable, type ColumnDef } from './DataTable';
import { Pagination } from './Pagination';
import { ErrorState } from './EmptyState';
import { Card } from './Card';

/** A server-driven table with its toolbar and pagination, for any record list. */
export function TableCard<T extends { id: string }>({
  list,
  columns,
  toolbar,
  onRowClick,
  empty,
  testId,
  maxHeight,
  selection,
  above,
}: {
  list: ServerList<T>;
  columns: ColumnDef<T, any>[];
  toolbar?: ReactNode;
  onRowClick?: (row: T) => void;
  empty?: ReactNode;
  testId?: string;
  maxHeight?: string;
  selection?: { selected: ReadonlySet<string>; onChange: (ids: Set<string>) => void };
  /** A bar between the toolbar and the table (the bulk actions of a selection). */
  above?: ReactNode;
}) {
  return (
    <Card className="overflow-hidden">
      {toolbar && (
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3">{toolbar}</div>
      )}
      {above}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <DataTable
          columns={columns}
          data={list.rows}
          sort={list.sort}
          onSortChange={list.setSort}
          loading={list.loading}
          onRowClick={onRowClick}
          empty={empty}
          testId={testId}
          maxHeight={maxHeight}
          selection={selection}
        />
      )}
      <Pagination
        pageIndex={list.pageIndex}
        pageSize={list.pageSize}
        rowCount={list.rows.length}
        total={list.total}
        hasNext={list.hasNext}
        hasPrev={list.hasPrev}
        onNext={list.next}
        onPrev={list.prev}
        onPageSize={list.setPageSize}
        loading={list.loading}
      />
    </Card>
  );
}
