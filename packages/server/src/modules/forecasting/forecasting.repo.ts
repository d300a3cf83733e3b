import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { forecastPoints, forecastRuns, type ForecastKind } from './forecasting.schema';

export type RunInput = {
  kind: ForecastKind;
  key: string;
  source: string;
  metric: string;
  grain: string;
  scope: { type: string; id: string | null; label: string };
  horizon: number;
  method: string;
  reason: string;
  warnings: string[];
  trainedThrough: string;
  maseScale: number | null;
  detail?: Record<string, unknown>;
  requestedBy: string;
  createdAt: Date;
};
export type PointInput = { period: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number };
export type Accuracy = {
  mape: number | null;
  mase: number | null;
  bias: number | null;
  periods: number;
  computedAt: string;
};

/** Stored forecasts: one row per origin (what was forecast, trained through when), replaced if shown again. */
export function createForecastStore(db: Db) {
  return {
    async save(ws: string, run: RunInput, points: readonly PointInput[]): Promise<string> {
      return db.transaction(async (tx) => {
        await tx
          .delete(forecastRuns)
          .where(
            and(
              eq(forecastRuns.workspaceId, ws),
              eq(forecastRuns.kind, run.kind),
              eq(forecastRuns.key, run.key),
              eq(forecastRuns.trainedThrough, run.trainedThrough),
            ),
          );
        const [row] = await tx
          .insert(forecastRuns)
          .values({ ...run, workspaceId: ws, detail: run.detail ?? {} })
          .returning({ id: forecastRuns.id });
        const id = row!.id;
        if (points.length) {
          for (let i = 0; i < points.length; i += 500) {
            await tx.insert(forecastPoints).values(
              points.slice(i, i + 500).map((p, j) => ({
                runId: id,
                workspaceId: ws,
                periodStart: p.period,
                step: i + j + 1,
                mean: p.mean,
                lo80: p.lo80,
                hi80: p.hi80,
                lo95: p.lo95,
                hi95: p.hi95,
              })),
            );
          }
        }
        return id;
      });
    },

    /** Runs with a period that has ended but has no actual yet. */
    runsAwaitingActuals: (ws: string, before: string) =>
      db
        .selectDistinct({
          id: forecastRuns.id,
          kind: forecastRuns.kind,
          source: forecastRuns.source,
          metric: forecastRuns.metric,
          grain: forecastRuns.grain,
          scope: forecastRuns.scope,
          detail: forecastRuns.detail,
        })
        .from(forecastRuns)
        .innerJoin(forecastPoints, eq(forecastPoints.runId, forecastRuns.id))
        .where(
          and(eq(forecastRuns.workspaceId, ws), isNull(forecastPoints.actual), lt(forecastPoints.periodStart, before)),
        ),

    points: (ws: string, runIds: readonly string[]) =>
      runIds.length
        ? db
            .select()
            .from(forecastPoints)
            .where(and(eq(forecastPoints.workspaceId, ws), inArray(forecastPoints.runId, [...runIds])))
            .orderBy(forecastPoints.runId, forecastPoints.step)
        : Promise.resolve([]),

    async setActuals(ws: string, runId: string, actuals: ReadonlyMap<string, number>, accuracy: Accuracy | null) {
      await db.transaction(async (tx) => {
        for (const [period, actual] of actuals) {
          await tx
            .update(forecastPoints)
            .set({ actual })
            .where(
              and(
                eq(forecastPoints.workspaceId, ws),
                eq(forecastPoints.runId, runId),
                eq(forecastPoints.periodStart, period),
              ),
            );
        }
        await tx
          .update(forecastRuns)
          .set({ accuracy })
          .where(and(eq(forecastRuns.workspaceId, ws), eq(forecastRuns.id, runId)));
      });
    },

    exists: async (ws: string, kind: ForecastKind, key: string, trainedThrough: string) =>
      (
        await db
          .select({ id: forecastRuns.id })
          .from(forecastRuns)
          .where(
            and(
              eq(forecastRuns.workspaceId, ws),
              eq(forecastRuns.kind, kind),
              eq(forecastRuns.key, key),
              eq(forecastRuns.trainedThrough, trainedThrough),
            ),
          )
          .limit(1)
      ).length > 0,

    run: async (ws: string, id: string) =>
      (
        await db
          .select()
          .from(forecastRuns)
          .where(and(eq(forecastRuns.workspaceId, ws), sql`${forecastRuns.id}::text = ${id}`))
      )[0] ?? null,

    runs: (ws: string, opts: { kind?: ForecastKind; limit: number; withActuals?: boolean }) =>
      db
        .select()
        .from(forecastRuns)
        .where(
          and(
            eq(forecastRuns.workspaceId, ws),
            opts.kind ? eq(forecastRuns.kind, opts.kind) : undefined,
            opts.withActuals ? sql`${forecastRuns.accuracy} is not null` : undefined,
          ),
        )
        .orderBy(desc(forecastRuns.trainedThrough), desc(forecastRuns.createdAt))
        .limit(opts.limit),
  };
}
export type ForecastStore = ReturnType<typeof createForecastStore>;
