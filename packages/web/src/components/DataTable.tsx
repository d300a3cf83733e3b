import { useMemo, useRef, type ReactNode } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Icon } from './Icon';
import { Skeleton } from './Spinner';
import { cx } from './cx';

export type { ColumnDef } from '@tanstack/react-table';

/** Column metadata read by DataTable: `sortable` (the id is the API sort field), width and alignment. */
export type ColumnMeta = { width?: string; align?: 'left' | 'right'; className?: string };

const ROW_HEIGHT = 44;

export function sortToState(sort: string | undefined): SortingState {
  if (!sort) return [];
  return sort.startsWith('-') ? [{ id: sort.slice(1), desc: true }] : [{ id: sort, desc: false }];
}

/**
 * A table in TanStack's manual mode: the server sorts and pages, this only renders the current page.
 * Rows are virtualised so a 500-row page stays smooth.
 */
export function DataTable<T extends { id: string }>({
  columns,
  data,
  sort,
  onSortChange,
  loading,
  onRowClick,
  empty,
  testId = 'data-table',
  maxHeight = 'calc(100vh - 290px)',
  selection,
}: {
  columns: ColumnDef<T, any>[];
  data: T[];
  sort?: string;
  onSortChange?: (sort: string) => void;
  loading?: boolean;
  onRowClick?: (row: T) => void;
  empty?: ReactNode;
  testId?: string;
  maxHeight?: string;
  /** Row checkboxes (and one in the header for the whole page) when given. */
  selection?: { selected: ReadonlySet<string>; onChange: (ids: Set<string>) => void };
}) {
  const sorting = useMemo(() => sortToState(sort), [sort]);
  const table = useReactTable({
    data,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting },
    getRowId: (r) => r.id,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const s = next[0];
      if (s && onSortChange) onSortChange(s.desc ? `-${s.id}` : s.id);
    },
  });

  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const colCount = table.getVisibleLeafColumns().length + (selection ? 1 : 0);
  const allOnPage = selection && data.length > 0 && data.every((r) => selection.selected.has(r.id));
  const toggle = (id: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selection.onChange(next);
  };
  const checkCell = 'w-10 border-b px-3';
  const showSkeleton = loading && data.length === 0;

  return (
    <div className="relative">
      {loading && data.length > 0 && (
        <div className="absolute inset-x-0 top-0 z-20 h-0.5 overflow-hidden bg-brand-100">
          <div className="pw-indeterminate h-full w-1/3 bg-brand-600" />
        </div>
      )}
      <div ref={scrollRef} className="overflow-auto pw-scroll" style={{ maxHeight }} data-testid={testId}>
        <table className="w-full table-fixed border-separate border-spacing-0 text-sm">
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {selection && (
                  <th
                    scope="col"
                    style={{ width: 40 }}
                    className={cx(checkCell, 'sticky top-0 z-10 border-slate-200 bg-slate-50/95 backdrop-blur')}
                  >
                    <input
                      type="checkbox"
                      aria-label="Select every row on this page"
                      data-testid="select-all"
                      checked={Boolean(allOnPage)}
                      onChange={() => selection.onChange(allOnPage ? new Set() : new Set(data.map((r) => r.id)))}
                      className="size-4 rounded border-slate-300 text-brand-600"
                    />
                  </th>
                )}
                {hg.headers.map((h) => {
                  const meta = h.column.columnDef.meta as ColumnMeta | undefined;
                  const canSort = h.column.getCanSort() && Boolean(onSortChange);
                  const dir = h.column.getIsSorted();
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      style={{ width: meta?.width }}
                      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                      className={cx(
                        'sticky top-0 z-10 border-b border-slate-200 bg-slate-50/95 px-4 py-2.5 text-xs font-medium text-slate-500 backdrop-blur',
                        meta?.align === 'right' ? 'text-right' : 'text-left',
                      )}
                    >
                      {canSort ? (
                        <button
                          type="button"
                          data-testid={`sort-${h.column.id}`}
                          onClick={() =>
                            onSortChange?.(
                              dir === 'asc' ? `-${h.column.id}` : dir === 'desc' ? h.column.id : h.column.id,
                            )
                          }
                          className={cx(
                            'group inline-flex items-center gap-1 hover:text-slate-900',
                            dir && 'text-slate-900',
                            meta?.align === 'right' && 'flex-row-reverse',
                          )}
                        >
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <Icon
                            name={dir === 'asc' ? 'chevronUp' : dir === 'desc' ? 'chevronDown' : 'sort'}
                            className={cx(
                              'size-3.5',
                              dir ? 'text-brand-600' : 'text-slate-300 group-hover:text-slate-400',
                            )}
                          />
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {showSkeleton &&
              Array.from({ length: 8 }, (_, i) => (
                <tr key={`sk-${i}`}>
                  {Array.from({ length: colCount }, (_, j) => (
                    <td key={j} className="border-b border-slate-100 px-4 py-3">
                      <Skeleton className={cx('h-3.5', j === 0 ? 'w-3/4' : 'w-1/2')} />
                    </td>
                  ))}
                </tr>
              ))}
            {!loading && data.length === 0 && empty && (
              <tr>
                <td colSpan={colCount}>{empty}</td>
              </tr>
            )}
            {padTop > 0 && (
              <tr aria-hidden>
                <td colSpan={colCount} style={{ height: padTop }} />
              </tr>
            )}
            {items.map((vi) => {
              const row = rows[vi.index];
              if (!row) return null;
              return (
                <tr
                  key={row.id}
                  data-testid="table-row"
                  data-row-id={row.id}
                  style={{ height: ROW_HEIGHT }}
                  onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                  onKeyDown={onRowClick ? (e) => e.key === 'Enter' && onRowClick(row.original) : undefined}
                  tabIndex={onRowClick ? 0 : undefined}
                  className={cx(
                    'group outline-none focus-visible:bg-brand-50/60',
                    onRowClick && 'cursor-pointer',
                    loading && 'opacity-60',
                    selection?.selected.has(row.id) && 'bg-brand-50/60',
                  )}
                >
                  {selection && (
                    <td className={cx(checkCell, 'border-slate-100')} onClick={(e) => e.stopPropagation()}>
                      <input
                        type="checkbox"
                        aria-label="Select row"
                        data-testid="select-row"
                        checked={selection.selected.has(row.id)}
                        onChange={() => toggle(row.id)}
                        className="size-4 rounded border-slate-300 text-brand-600"
                      />
                    </td>
                  )}
                  {row.getVisibleCells().map((cell) => {
                    const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
                    const raw = cell.getValue();
                    return (
                      <td
                        key={cell.id}
                        title={typeof raw === 'string' && raw.length > 18 ? raw : undefined}
                        className={cx(
                          'truncate border-b border-slate-100 px-4 text-slate-700 group-hover:bg-slate-50/80',
                          meta?.align === 'right' && 'text-right tabular-nums',
                          meta?.className,
                        )}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={colCount} style={{ height: padBottom }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
