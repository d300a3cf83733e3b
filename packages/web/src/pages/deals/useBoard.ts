import { useCallback, useEffect, useState } from 'react';
import { api, list, type Filter } from '../../lib/api';
import type { Deal, Pipeline, Stage } from '../../lib/types';

export type Column = { stage: Stage; deals: Deal[]; total: number; amount: number; loaded: boolean };

const PER_STAGE = 100;

/** Loads a pipeline's board one stage at a time (each column asks the server for its first deals and its count). */
export function useBoard(pipeline: Pipeline | undefined, ownerId: string) {
  const [columns, setColumns] = useState<Column[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!pipeline) return;
    const ctrl = new AbortController();
    const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
    setColumns(stages.map((stage) => ({ stage, deals: [], total: 0, amount: 0, loaded: false })));
    setLoading(true);
    setError(null);
    // Column counts and sums come from the server over every deal of the stage, not from the cards loaded.
    const totalsQuery = ownerId ? { ownerId: ownerId === '__none' ? 'none' : ownerId } : {};
    const totals = api
      .get<{ data: { stageId: string; deals: number; amount: number }[] }>(
        `/api/v1/pipelines/${pipeline.id}/totals`,
        totalsQuery,
        ctrl.signal,
      )
      .then((r) => new Map(r.data.map((t) => [t.stageId, t])));
    Promise.all(
      stages.map(async (stage) => {
        const filters: Filter[] = [{ field: 'stageId', op: 'eq', value: stage.id }];
        if (ownerId)
          filters.push(
            ownerId === '__none'
              ? { field: 'ownerId', op: 'isnull', value: 'true' }
              : { field: 'ownerId', op: 'eq', value: ownerId },
          );
        const res = await list<Deal>(
          'deals',
          { filters, limit: PER_STAGE, count: true, sort: stage.kind === 'open' ? 'expectedCloseDate' : '-updatedAt' },
          ctrl.signal,
        );
        const server = (await totals).get(stage.id);
        const col: Column = {
          stage,
          deals: res.data,
          total: server?.deals ?? res.total ?? res.data.length,
          amount: server?.amount ?? 0,
          loaded: true,
        };
        if (!ctrl.signal.aborted) setColumns((cs) => cs.map((c) => (c.stage.id === stage.id ? col : c)));
        return col;
      }),
    ).then(
      () => !ctrl.signal.aborted && setLoading(false),
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [pipeline, ownerId, tick]);

  /** Moves a card at once, then asks the server; puts it back if the server says no. */
  const moveDeal = useCallback(async (dealId: string, toStageId: string): Promise<void> => {
    let before: Column[] = [];
    let moved: Deal | undefined;
    setColumns((cs) => {
      before = cs;
      const from = cs.find((c) => c.deals.some((d) => d.id === dealId));
      moved = from?.deals.find((d) => d.id === dealId);
      if (!from || !moved || from.stage.id === toStageId) return cs;
      const to = cs.find((c) => c.stage.id === toStageId);
      const amt = moved.amount ?? 0;
      const optimistic: Deal = { ...moved, stageId: toStageId, stageName: to?.stage.name ?? moved.stageName };
      return cs.map((c) =>
        c.stage.id === from.stage.id
          ? { ...c, deals: c.deals.filter((d) => d.id !== dealId), total: c.total - 1, amount: c.amount - amt }
          : c.stage.id === toStageId
            ? { ...c, deals: [optimistic, ...c.deals], total: c.total + 1, amount: c.amount + amt }
            : c,
      );
    });
    if (!moved || moved.stageId === toStageId) return;
    try {
      const res = await api.post<Deal | { deal: Deal }>(`/api/v1/deals/${dealId}/move`, { stageId: toStageId });
      const updated = res && 'deal' in res ? res.deal : (res as Deal | undefined);
      if (updated && updated.id)
        setColumns((cs) =>
          cs.map((c) => ({ ...c, deals: c.deals.map((d) => (d.id === dealId ? { ...d, ...updated } : d)) })),
        );
    } catch (e) {
      setColumns(before);
      throw e;
    }
  }, []);

  const addDeal = useCallback((deal: Deal) => {
    setColumns((cs) =>
      cs.map((c) =>
        c.stage.id === deal.stageId
          ? { ...c, deals: [deal, ...c.deals], total: c.total + 1, amount: c.amount + (deal.amount ?? 0) }
          : c,
      ),
    );
  }, []);

  /** Puts an edited deal where it now belongs (its stage may have changed elsewhere). */
  const updateDeal = useCallback((deal: Deal) => {
    setColumns((cs) => {
      const old = cs.flatMap((c) => c.deals).find((d) => d.id === deal.id);
      return cs.map((c) => {
        const had = c.deals.some((d) => d.id === deal.id);
        const belongs = c.stage.id === deal.stageId;
        if (had && belongs)
          return {
            ...c,
            deals: c.deals.map((d) => (d.id === deal.id ? deal : d)),
            amount: c.amount - (old?.amount ?? 0) + (deal.amount ?? 0),
          };
        if (had)
          return {
            ...c,
            deals: c.deals.filter((d) => d.id !== deal.id),
            total: c.total - 1,
            amount: c.amount - (old?.amount ?? 0),
          };
        if (belongs)
          return { ...c, deals: [deal, ...c.deals], total: c.total + 1, amount: c.amount + (deal.amount ?? 0) };
        return c;
      });
    });
  }, []);

  return {
    columns,
    loading,
    error,
    reload: useCallback(() => setTick((t) => t + 1), []),
    moveDeal,
    addDeal,
    updateDeal,
  };
}
