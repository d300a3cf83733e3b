import { bias, mape } from '@pipewise/ml/forecasting/index';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/http';
import { AppError, forbidden } from '../../platform/errors';
import { seesEverything } from '../auth/access';
import { addPeriods, dayKey, periodStart, seasonOf, type Grain } from './periods';
import { buildSeries, forecastSeries, checkHorizon, type ForecastPoint, type Series } from './series';
import { pipelineForecast, type PipelineForecast } from './pipeline';
import { createForecastingQueries, type Metric, type Scope, type Source } from './forecasting-series.repo';
import { createForecastStore, type Accuracy } from './forecasting.repo';

export type SeriesRequest = {
  source: Source;
  metric: Metric;
  grain: Grain;
  horizon: number;
  product?: string;
  category?: string;
  rep?: string;
};
export type ScopeInfo = { type: 'all' | 'product' | 'category' | 'rep'; id: string | null; label: string };

export type SeriesForecastResponse = {
  runId: string | null;
  source: Source;
  metric: Metric;
  grain: Grain;
  scope: ScopeInfo;
  horizon: number;
  seasonalPeriod: number;
  history: { period: string; value: number }[];
  current: { period: string; value: number; partial: true } | null;
  forecast: ForecastPoint[];
  method: string;
  reason: string;
  warnings: string[];
  notes: string[];
};

const round = (x: number) => Math.round(x * 100) / 100;

/** Forecasts shown in the product: time series from orders or won deals, the pipeline, the quarter view, and their accuracy. */
export function createForecastingService(deps: {
  db: Db;
  clock: Clock;
  /** Every workspace's id, for the nightly work (the workspaces service's `list`). */
  listWorkspaces: () => Promise<string[]>;
}) {
  const q = createForecastingQueries(deps.db);
  const store = createForecastStore(deps.db);
  const now = () => deps.clock.now();

  /** Turns the request's product/category/rep into a scope, refusing combinations that have no meaning. */
  async function resolveScope(actor: Actor, r: SeriesRequest): Promise<{ scope: Scope; info: ScopeInfo }> {
    const ws = actor.workspaceId;
    const given = [r.product && 'product', r.category && 'category', r.rep && 'rep'].filter(Boolean) as string[];
    if (given.length > 1)
      throw new AppError('validation', `Give at most one of product, category or rep (got ${given.join(' and ')})`, {
        field: given[1],
      });
    if (r.source === 'deals' && r.metric === 'units')
      throw new AppError(
        'validation',
        'Won deals have no units: use metric revenue or orders with source deals, or source orders for units',
        { field: 'metric' },
      );
    if (r.source === 'deals' && (r.product || r.category))
      throw new AppError(
        'validation',
        'Deals are not linked to products: forecast products and categories from orders (source orders)',
        { field: r.product ? 'product' : 'category' },
      );
    // Reps see only their own deals and their own customers' orders, so a rep's forecast is always their own.
    if (!seesEverything(actor)) {
      if (!actor.userId) throw forbidden('A rep API key has no deals or customers of its own to forecast');
      const me = await q.userById(ws, actor.userId);
      if (r.rep && r.rep.toLowerCase() !== me?.email.toLowerCase())
        throw forbidden('Reps can forecast only their own deals and customers');
      if (r.product || r.category)
        throw forbidden('Reps forecast their own customers as a whole, not a product or category of the business');
      return {
        scope: { type: 'rep', userId: actor.userId },
        info: { type: 'rep', id: actor.userId, label: me?.name ?? 'me' },
      };
    }
    if (r.product) {
      const p = await q.product(ws, r.product);
      if (!p) throw new AppError('validation', `No product ${r.product} in this workspace`, { field: 'product' });
      return { scope: { type: 'product', id: p.id }, info: { type: 'product', id: p.id, label: p.name } };
    }
    if (r.category) {
      if (!(await q.categoryExists(ws, r.category)))
        throw new AppError('validation', `No product has the category "${r.category}"`, {
          field: 'category',
          categories: await q.categories(ws),
        });
      return {
        scope: { type: 'category', name: r.category },
        info: { type: 'category', id: r.category, label: r.category },
      };
    }
    if (r.rep) {
      const u = await q.userByEmail(ws, r.rep);
      if (!u) throw new AppError('validation', `No user with the email ${r.rep} in this workspace`, { field: 'rep' });
      return { scope: { type: 'rep', userId: u.id }, info: { type: 'rep', id: u.id, label: u.name } };
    }
    return { scope: { type: 'all' }, info: { type: 'all', id: null, label: 'Whole business' } };
  }

  const scopeOf = (info: ScopeInfo): Scope =>
    info.type === 'product'
      ? { type: 'product', id: info.id! }
      : info.type === 'category'
        ? { type: 'category', name: info.id! }
        : info.type === 'rep'
          ? { type: 'rep', userId: info.id! }
          : { type: 'all' };

  async function loadSeries(ws: string, source: Source, metric: Metric, grain: Grain, scope: Scope): Promise<Series> {
    const points =
      source === 'orders'
        ? await q.orderSeries(ws, metric, scope)
        : await q.wonDealSeries(ws, metric, scope.type === 'rep' ? scope.userId : null);
    return buildSeries(points, grain, now());
  }

  /** What was forecast, for how far ahead: the same key and origin shown twice is stored once. */
  const keyOf = (source: string, metric: string, grain: string, info: ScopeInfo, horizon: number) =>
    `${source}:${metric}:${grain}:${info.type}:${info.id ?? ''}:${horizon}`;

  async function series(actor: Actor, r: SeriesRequest, requestedBy = actor.name): Promise<SeriesForecastResponse> {
    checkHorizon(r.horizon, r.grain);
    const { scope, info } = await resolveScope(actor, r);
    const s = await loadSeries(actor.workspaceId, r.source, r.metric, r.grain, scope);
    const base = {
      source: r.source,
      metric: r.metric,
      grain: r.grain,
      scope: info,
      horizon: r.horizon,
      seasonalPeriod: seasonOf[r.grain],
      history: s.periods.map((period, i) => ({ period, value: round(s.values[i]!) })),
      current: s.current ? { ...s.current, value: round(s.current.value), partial: true as const } : null,
    };
    if (!s.periods.length) {
      const what = r.source === 'orders' ? 'orders' : 'won deals';
      return {
        ...base,
        runId: null,
        forecast: [],
        method: 'none',
        reason: `There are no ${what} before the current ${r.grain} for ${info.label.toLowerCase()} yet, so there is nothing to forecast from. Import or add ${what} and try again.`,
        warnings: s.warnings,
        notes: s.notes,
      };
    }
    const f = forecastSeries(s, r.grain, r.horizon);
    const warnings = [...s.warnings, ...f.warnings];
    const runId = await store.save(
      actor.workspaceId,
      {
        kind: 'series',
        key: keyOf(r.source, r.metric, r.grain, info, r.horizon),
        source: r.source,
        metric: r.metric,
        grain: r.grain,
        scope: info,
        horizon: r.horizon,
        method: f.method,
        reason: f.reason,
        warnings,
        trainedThrough: s.periods[s.periods.length - 1]!,
        maseScale: f.maseScale,
        requestedBy,
        createdAt: now(),
      },
      f.points,
    );
    return {
      ...base,
      runId,
      forecast: f.points.map((p) => ({
        period: p.period,
        mean: round(p.mean),
        lo80: round(p.lo80),
        hi80: round(p.hi80),
        lo95: round(p.lo95),
        hi95: round(p.hi95),
      })),
      method: f.method,
      reason: f.reason,
      warnings,
      notes: s.notes,
    };
  }

  async function pipeline(
    actor: Actor,
    months: number,
    requestedBy = actor.name,
  ): Promise<PipelineForecast & { runId: string }> {
    if (!Number.isInteger(months) || months < 1 || months > 24)
      throw new AppError('validation', `months must be a whole number from 1 to 24 (got ${months})`, {
        field: 'months',
      });
    const ownerId = seesEverything(actor) ? null : (actor.userId ?? '00000000-0000-0000-0000-000000000000');
    const p = pipelineForecast(await q.openDeals(actor.workspaceId, ownerId), now(), months);
    const info: ScopeInfo = ownerId
      ? { type: 'rep', id: ownerId, label: actor.name }
      : { type: 'all', id: null, label: 'Whole business' };
    const runId = await store.save(
      actor.workspaceId,
      {
        kind: 'pipeline',
        key: keyOf('pipeline', 'revenue', 'month', info, months),
        source: 'pipeline',
        metric: 'revenue',
        grain: 'month',
        scope: info,
        horizon: months,
        method: p.counts.scored ? 'pipeline (deal scores + stage probabilities)' : 'pipeline (stage probabilities)',
        reason: p.notes.join(' '),
        warnings: [],
        trainedThrough: dayKey(now()),
        maseScale: null,
        requestedBy,
        createdAt: now(),
        detail: {
          dealIds: p.deals.filter((d) => d.closeDateTreatment !== 'after_window').map((d) => d.id),
          commit: p.commit,
          mostLikely: p.mostLikely,
          bestCase: p.bestCase,
        },
      },
      p.byMonth.map((m) => ({
        period: m.period,
        mean: m.expected,
        lo80: m.commit,
        hi80: m.p90,
        lo95: m.lo95,
        hi95: m.hi95,
      })),
    );
    return { ...p, runId };
  }

  /** This quarter: booked so far + the time-series run-rate for the rest of it + open deals expected to close in it. */
  async function quarter(actor: Actor, requestedBy = actor.name) {
    const t = now();
    const qStart = periodStart(t, 'quarter');
    const qEnd = addPeriods(qStart, 'quarter', 1);
    const monthStart = periodStart(t, 'month');
    const monthsLeft = Math.round((qEnd.getTime() - monthStart.getTime()) / (30.44 * 86_400_000));
    const daily = await q.orderSeries(
      actor.workspaceId,
      'revenue',
      seesEverything(actor)
        ? { type: 'all' }
        : { type: 'rep', userId: actor.userId ?? '00000000-0000-0000-0000-000000000000' },
    );
    const booked = daily.filter((d) => d.at >= qStart && d.at <= t).reduce((s, d) => s + d.value, 0);
    const bookedThisMonth = daily.filter((d) => d.at >= monthStart && d.at <= t).reduce((s, d) => s + d.value, 0);
    const ts = await series(
      actor,
      { source: 'orders', metric: 'revenue', grain: 'month', horizon: Math.max(3, monthsLeft) },
      requestedBy,
    );
    // The month in progress: its forecast minus what is already booked in it (never below zero); later months in full.
    const rest = ts.forecast.slice(0, monthsLeft);
    const part = (p: ForecastPoint | undefined, k: 'mean' | 'lo80' | 'hi80', i: number) =>
      p ? (i === 0 ? Math.max(0, p[k] - bookedThisMonth) : p[k]) : 0;
    const runRate = { mean: 0, lo80: 0, hi80: 0 };
    rest.forEach((p, i) => {
      for (const k of ['mean', 'lo80', 'hi80'] as const) runRate[k] += part(p, k, i);
    });
    const pipe = await pipeline(actor, monthsLeft, requestedBy);
    return {
      quarter: {
        from: dayKey(qStart),
        to: dayKey(addPeriods(qEnd, 'day', -1)),
        label: `Q${Math.floor(qStart.getUTCMonth() / 3) + 1} ${qStart.getUTCFullYear()}`,
      },
      booked: round(booked),
      runRate: {
        mean: round(runRate.mean),
        lo80: round(runRate.lo80),
        hi80: round(runRate.hi80),
        method: ts.method,
        runId: ts.runId,
      },
      pipeline: {
        commit: round(pipe.commit),
        mostLikely: round(pipe.mostLikely),
        bestCase: round(pipe.bestCase),
        runId: pipe.runId,
      },
      total: {
        low: round(booked + runRate.lo80),
        mostLikely: round(booked + runRate.mean),
        withPipeline: round(booked + runRate.mean + pipe.mostLikely),
        high: round(booked + runRate.hi80 + pipe.bestCase),
      },
      notes: [
        'Run-rate: the monthly revenue forecast from orders for the rest of the quarter (this month: its forecast minus what is already booked).',
        'Pipeline: open deals expected to close this quarter. If won deals also arrive as orders, the pipeline overlaps with the run-rate; read "with pipeline" as the upper view.',
      ],
    };
  }

  /** Fills in actuals for periods that have ended and recomputes MAPE, MASE and bias of every affected run. */
  async function refreshAccuracy(ws: string) {
    const runs = await store.runsAwaitingActuals(ws, dayKey(periodStart(now(), 'day')));
    let updated = 0;
    for (const run of runs) {
      const grain = run.grain as Grain;
      const complete = dayKey(periodStart(now(), grain));
      const pts = (await store.points(ws, [run.id])).filter((p) => p.periodStart < complete);
      if (!pts.length) continue;
      const actual = new Map<string, number>();
      if (run.kind === 'series') {
        const s = await loadSeries(
          ws,
          run.source as Source,
          run.metric as Metric,
          grain,
          scopeOf(run.scope as ScopeInfo),
        );
        s.periods.forEach((p, i) => actual.set(p, s.values[i]!));
      } else {
        const won = buildSeries(
          await q.wonOf(ws, (run.detail as { dealIds?: string[] }).dealIds ?? []),
          'month',
          now(),
        );
        won.periods.forEach((p, i) => actual.set(p, won.values[i]!));
      }
      const scored = pts.map((p) => ({ period: p.periodStart, mean: p.mean, actual: actual.get(p.periodStart) ?? 0 }));
      const acc = accuracyOf(scored, (await store.run(ws, run.id))?.maseScale ?? null);
      await store.setActuals(ws, run.id, new Map(scored.map((p) => [p.period, p.actual])), acc);
      updated++;
    }
    return { runs: updated };
  }

  function accuracyOf(points: { mean: number; actual: number }[], scale: number | null): Accuracy {
    const a = points.map((p) => p.actual);
    const f = points.map((p) => p.mean);
    const m = mape(a, f);
    const mae = points.reduce((s, p) => s + Math.abs(p.actual - p.mean), 0) / points.length;
    return {
      mape: Number.isFinite(m) ? round(m) : null,
      mase: scale ? round(mae / scale) : null,
      bias: round(bias(a, f)),
      periods: points.length,
      computedAt: now().toISOString(),
    };
  }

  /** Reps see only forecasts of their own deals and customers (orders follow the contact's owner, like the orders list). */
  const mayRead = (actor: Actor, r: { kind: string; source: string; scope: { type: string; id: string | null } }) =>
    seesEverything(actor) || (r.scope.type === 'rep' && r.scope.id === actor.userId);

  /** Past forecasts with their predictions, the actuals that arrived and the accuracy, newest origin first. */
  async function accuracy(actor: Actor, opts: { kind?: 'series' | 'pipeline'; limit: number }) {
    await refreshAccuracy(actor.workspaceId);
    const runs = (
      await store.runs(actor.workspaceId, {
        kind: opts.kind,
        limit: seesEverything(actor) ? opts.limit : opts.limit * 4,
      })
    )
      .filter((r) => mayRead(actor, r))
      .slice(0, opts.limit);
    const points = await store.points(
      actor.workspaceId,
      runs.map((r) => r.id),
    );
    return {
      data: runs.map((r) => ({
        id: r.id,
        kind: r.kind,
        requestedBy: r.requestedBy,
        source: r.source,
        metric: r.metric,
        grain: r.grain,
        scope: r.scope,
        horizon: r.horizon,
        method: r.method,
        trainedThrough: r.trainedThrough,
        createdAt: r.createdAt.toISOString(),
        accuracy: r.accuracy,
        points: points
          .filter((p) => p.runId === r.id)
          .map((p) => ({
            period: p.periodStart,
            mean: round(p.mean),
            lo80: round(p.lo80),
            hi80: round(p.hi80),
            lo95: round(p.lo95),
            hi95: round(p.hi95),
            actual: p.actual === null ? null : round(p.actual),
          })),
      })),
    };
  }

  async function run(actor: Actor, id: string) {
    const r = await store.run(actor.workspaceId, id);
    if (!r || !mayRead(actor, r))
      throw new AppError('not_found', `Forecast run ${id} was not found`, { entity: 'forecast run', id });
    const points = await store.points(actor.workspaceId, [r.id]);
    return {
      ...r,
      createdAt: r.createdAt.toISOString(),
      points: points.map((p) => ({
        period: p.periodStart,
        step: p.step,
        mean: p.mean,
        lo80: p.lo80,
        hi80: p.hi80,
        lo95: p.lo95,
        hi95: p.hi95,
        actual: p.actual,
      })),
    };
  }

  /**
   * Backtest: the monthly revenue forecasts the product would have made at the start of each of the last `origins`
   * months, from the data before then, so a new install has an accuracy history on day one. Stored like any other
   * forecast (requestedBy 'backtest'); an origin that already has a real forecast is left alone.
   */
  async function backtest(ws: string, origins = 6, horizon = 3) {
    const info: ScopeInfo = { type: 'all', id: null, label: 'Whole business' };
    const key = keyOf('orders', 'revenue', 'month', info, horizon);
    const points = await q.orderSeries(ws, 'revenue', { type: 'all' });
    let stored = 0;
    for (let k = origins; k >= 1; k--) {
      const origin = addPeriods(periodStart(now(), 'month'), 'month', -k);
      const s = buildSeries(
        points.filter((p) => p.at < origin),
        'month',
        origin,
      );
      const last = s.periods[s.periods.length - 1];
      if (s.periods.length < 3 || !last || (await store.exists(ws, 'series', key, last))) continue;
      const f = forecastSeries(s, 'month', horizon);
      await store.save(
        ws,
        {
          kind: 'series',
          key,
          source: 'orders',
          metric: 'revenue',
          grain: 'month',
          scope: info,
          horizon,
          method: f.method,
          reason: f.reason,
          warnings: [...s.warnings, ...f.warnings],
          trainedThrough: last,
          maseScale: f.maseScale,
          requestedBy: 'backtest',
          createdAt: now(),
        },
        f.points,
      );
      stored++;
    }
    return { stored, ...(await refreshAccuracy(ws)) };
  }

  /** The nightly work for one workspace: actuals and accuracy first, then today's standard forecasts so history builds up. */
  async function nightly(ws: string) {
    const actor: Actor = {
      kind: 'system',
      id: 'forecasting.nightly',
      userId: null,
      workspaceId: ws,
      role: 'owner',
      name: 'nightly forecast',
      repsSeeUnassigned: true,
    };
    const bt = await backtest(ws);
    const acc = await refreshAccuracy(ws);
    const rev = await series(actor, { source: 'orders', metric: 'revenue', grain: 'month', horizon: 6 }, 'nightly job');
    const pipe = await pipeline(actor, 3, 'nightly job');
    return {
      backtestRuns: bt.stored,
      accuracyRuns: bt.runs + acc.runs,
      revenueRun: rev.runId,
      pipelineRun: pipe.runId,
    };
  }

  const allWorkspaces = () => deps.listWorkspaces();
  const categories = (actor: Actor) => q.categories(actor.workspaceId);

  return { series, pipeline, quarter, accuracy, refreshAccuracy, backtest, run, nightly, allWorkspaces, categories };
}
export type ForecastingService = ReturnType<typeof createForecastingService>;
