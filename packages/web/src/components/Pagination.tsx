import { num } from '../lib/format';
import { Button } from './Button';

export const pageSizes = [25, 50, 100, 200];

export function Pagination({
  pageIndex,
  pageSize,
  rowCount,
  total,
  hasNext,
  hasPrev,
  onNext,
  onPrev,
  onPageSize,
  loading,
}: {
  pageIndex: number;
  pageSize: number;
  rowCount: number;
  total: number | undefined;
  hasNext: boolean;
  hasPrev: boolean;
  onNext: () => void;
  onPrev: () => void;
  onPageSize: (n: number) => void;
  loading?: boolean;
}) {
  const from = rowCount === 0 ? 0 : pageIndex * pageSize + 1;
  const to = pageIndex * pageSize + rowCount;
  return (
    <div
      className="flex items-center justify-between gap-4 border-t border-slate-200 px-4 py-2.5 text-sm text-slate-600"
      data-testid="pagination"
    >
      <label className="flex items-center gap-2 text-xs text-slate-500">
        Rows per page
        <select
          data-testid="page-size"
          value={pageSize}
          onChange={(e) => onPageSize(Number(e.target.value))}
          className="h-7 rounded-md border-0 bg-white py-0 pr-7 pl-2 text-xs text-slate-700 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
        >
          {pageSizes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-center gap-3">
        <span className="text-xs tabular-nums" data-testid="page-range">
          {from}–{to}
          {total !== undefined && (
            <>
              {' '}
              of{' '}
              <span className="font-medium text-slate-800" data-testid="total-count">
                {num(total)}
              </span>
            </>
          )}
        </span>
        <div className="flex gap-1">
          <Button
            size="sm"
            icon="chevronLeft"
            onClick={onPrev}
            disabled={!hasPrev || loading}
            aria-label="Previous page"
            data-testid="page-prev"
          />
          <Button
            size="sm"
            icon="chevronRight"
            onClick={onNext}
            disabled={!hasNext || loading}
            aria-label="Next page"
            data-testid="page-next"
          />
        </div>
      </div>
    </div>
  );
}
