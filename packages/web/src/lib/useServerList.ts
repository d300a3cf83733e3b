import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { list, type Filter, type ListResponse } from './api';

export type ServerListOptions = {
  defaultSort?: string;
  pageSize?: number;
  /** Filters always applied (e.g. pipelineId on the deals table); not shown as user filters. */
  baseFilters?: Filter[];
  initialQuery?: string;
  initialFilters?: Filter[];
};

/**
 * Server-side list state for one resource: sort, search, filters, cursor pagination and the total.
 * Only one page is ever in memory, so it scales to any table size; `count=true` is asked on the first page only.
 */
export function useServerList<T>(resource: string, opts: ServerListOptions = {}) {
  const [sort, setSortState] = useState(opts.defaultSort ?? '-updatedAt');
  const [q, setQState] = useState(opts.initialQuery ?? '');
  const [filters, setFilters] = useState<Record<string, Filter>>(() =>
    Object.fromEntries((opts.initialFilters ?? []).map((f) => [f.field, f])),
  );
  const [pageSize, setPageSizeState] = useState(opts.pageSize ?? 50);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const [tick, setTick] = useState(0);

  const [page, setPage] = useState<ListResponse<T> | undefined>(undefined);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);

  const baseKey = JSON.stringify(opts.baseFilters ?? []);
  const allFilters = useMemo(
    () => [...(JSON.parse(baseKey) as Filter[]), ...Object.values(filters)],
    [baseKey, filters],
  );
  const queryKey = JSON.stringify([resource, sort, q, allFilters, pageSize]);
  const lastQueryKey = useRef<string>('');

  // A new query (not a page turn) starts from the first page.
  useEffect(() => {
    setCursors([null]);
    setPageIndex(0);
  }, [queryKey]);

  useEffect(() => {
    const ctrl = new AbortController();
    const cursor = cursors[pageIndex] ?? null;
    const first = pageIndex === 0;
    const isNewQuery = lastQueryKey.current !== queryKey;
    if (isNewQuery && pageIndex !== 0) return; // wait for the reset above
    setLoading(true);
    setError(undefined);
    list<T>(resource, { sort, q, filters: allFilters, limit: pageSize, cursor, count: first }, ctrl.signal).then(
      (res) => {
        if (ctrl.signal.aborted) return;
        lastQueryKey.current = queryKey;
        setPage(res);
        if (first) setTotal(res.total);
        setCursors((cs) => {
          const next = cs.slice(0, pageIndex + 1);
          next[pageIndex + 1] = res.nextCursor;
          return next;
        });
        setLoading(false);
      },
      (e: unknown) => {
        if (ctrl.signal.aborted || (e as Error)?.name === 'AbortError') return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
    // cursors is read, not a trigger: it is updated by this effect itself.
  }, [queryKey, pageIndex, tick]);

  const hasNext = Boolean(cursors[pageIndex + 1]);

  return {
    rows: page?.data ?? [],
    total,
    loading,
    error,
    sort,
    q,
    filters,
    pageSize,
    pageIndex,
    hasNext,
    hasPrev: pageIndex > 0,
    setSort: useCallback((s: string) => setSortState(s), []),
    setQuery: useCallback((s: string) => setQState(s), []),
    setPageSize: useCallback((n: number) => setPageSizeState(n), []),
    setFilter: useCallback((field: string, filter: Filter | null) => {
      setFilters((f) => {
        const next = { ...f };
        if (filter && filter.value !== '') next[field] = filter;
        else delete next[field];
        return next;
      });
    }, []),
    clearFilters: useCallback(() => setFilters({}), []),
    next: useCallback(() => setPageIndex((i) => i + 1), []),
    prev: useCallback(() => setPageIndex((i) => Math.max(0, i - 1)), []),
    reload: useCallback(() => setTick((t) => t + 1), []),
    /** Replaces a row in place (after an edit) without refetching. */
    setRows: useCallback((fn: (rows: T[]) => T[]) => setPage((p) => (p ? { ...p, data: fn(p.data) } : p)), []),
  };
}

export type ServerList<T> = ReturnType<typeof useServerList<T>>;
