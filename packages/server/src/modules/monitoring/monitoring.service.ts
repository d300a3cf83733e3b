import {
  figuresOverTime,
  monitoringAlerts,
  outcomeFigures,
  overrideVerdicts,
  type ScoredOutcome,
} from '@pipewise/ml/monitoring/outcomes';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/http';
import type { WorkspacesService } from '../workspaces/workspaces.service';
import type { ScoringService } from '../scoring/scoring.service';
import type { ForecastingService } from '../forecasting/forecasting.service';
import type { SegmentsService } from '../segments/segments.service';
import type { Tx } from '../../platform/db';
import { createMonitoringRepo } from './monitoring.repo';
import type { AlertRow, DriftRow } from './monitoring.schema';

const TARGETS = ['contact_conversion', 'deal_won'] as const;
const DAY_MS = 86_400_000;
/** Flags are judged this many days after they were raised. */
const CHURN_DAYS = 90;
type Target = (typeof TARGETS)[number];
const entityOf = (t: Target) => (t === 'deal_won' ? 'deal' : 'contact') as 'contact' | 'deal';
const round = (x: number | null, d = 4) =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d;

type ScoringReads = Pick<ScoringService, 'currentScores' | 'outcomesOf' | 'monitoredModels' | 'inputDrift'>;

/**
 * Models judged against what happened (docs/monitoring.md): every score is logged per model version, outcomes are
 * filled in as they become known (the same definition as training's), and each check measures input drift and
 * raises alerts. Nothing here changes a model: a suggested retrain is shown, a human decides.
 */
export function createMonitoringService({
  db,
  clock,
  scoring,
  forecasting,
  workspaces,
  segments,
}: {
  db: Db;
  clock: Clock;
  scoring: ScoringReads;
  forecasting: Pick<ForecastingService, 'accuracy'>;
  workspaces: Pick<WorkspacesService, 'list'>;
  segments: Pick<SegmentsService, 'churnSnapshot' | 'boughtSince'>;
}) {
  const repo = createMonitoringRepo();

  const asOutcomes = (rows: Awaited<ReturnType<typeof repo.resolved>>): (ScoredOutcome & { modelId: string })[] =>
    rows.map((r) => ({
      modelId: r.modelId,
      modelVersion: r.modelVersion,
      scoredAt: r.scoredAt.getTime(),
      probability: r.probability,
      tier: r.tier,
      overrideTier: r.overrideTier,
      outcome: r.outcome ? 1 : 0,
      outcomeAt: r.outcomeAt?.getTime() ?? r.scoredAt.getTime(),
    }));

  /**
   * Keeps a snapshot of the segments' churn-risk flags, at most one a week (a newer segment run within 7 days of
   * the last snapshot is skipped), so each flag can be judged once its window has passed.
   */
  async function logChurnFlags(workspaceId: string) {
    const snap = await segments.churnSnapshot(workspaceId);
    if (!snap || snap.customers.length === 0) return 0;
    const last = await repo.lastChurnSnapshot(db, workspaceId);
    if (last && (last.runId === snap.runId || snap.asOf.getTime() - last.flaggedAt.getTime() < 7 * DAY_MS)) return 0;
    await db.transaction((tx) => repo.logChurnFlags(tx, workspaceId, snap.runId, snap.asOf, snap.customers));
    return snap.customers.length;
  }

  /**
   * Segment churn-risk hit rate: of the customers flagged at risk in the newest snapshot at least `days` old, the
   * share who have not bought since; beside it the same share over every customer of that snapshot (the base rate).
   */
  async function churnHitRate(workspaceId: string, days = CHURN_DAYS) {
    const now = clock.now();
    const snap = await repo.churnSnapshotAt(db, workspaceId, new Date(now.getTime() - days * DAY_MS));
    if (!snap) {
      const last = await repo.lastChurnSnapshot(db, workspaceId);
      return {
        days,
        flaggedAt: null,
        customers: 0,
        flagged: 0,
        flaggedNotBought: 0,
        hitRate: null,
        baseRate: null,
        lift: null,
        message: last
          ? `The first churn-risk flags were kept on ${last.flaggedAt.toISOString().slice(0, 10)}: they can be judged ${days} days later.`
          : 'No churn-risk flags kept yet: compute segments (the nightly check keeps a snapshot each week).',
      };
    }
    const bought = await segments.boughtSince(workspaceId, snap.flaggedAt);
    const flagged = snap.rows.filter((r) => r.churnRisk);
    const hits = flagged.filter((r) => !bought.has(r.contactId)).length;
    const notBought = snap.rows.filter((r) => !bought.has(r.contactId)).length;
    const hitRate = flagged.length ? hits / flagged.length : null;
    const baseRate = snap.rows.length ? notBought / snap.rows.length : null;
    return {
      days,
      flaggedAt: snap.flaggedAt.toISOString(),
      customers: snap.rows.length,
      flagged: flagged.length,
      flaggedNotBought: hits,
      hitRate: round(hitRate),
      baseRate: round(baseRate),
      lift: hitRate !== null && baseRate ? round(hitRate / baseRate, 2) : null,
      message: null,
    };
  }

  /** Erasure: the scores and churn flags logged about one contact. */
  const forgetContact = (tx: Tx, workspaceId: string, contactId: string) =>
    repo.forgetContact(tx, workspaceId, contactId);

  /** Logs today's scores, fills in outcomes that became known, and checks each active model (drift, alerts). */
  async function refresh(workspaceId: string) {
    const now = clock.now();
    const scores = await scoring.currentScores(workspaceId);
    await db.transaction((tx) => repo.logPredictions(tx, workspaceId, scores));
    const churnFlagsLogged = await logChurnFlags(workspaceId);
    let resolved = 0;
    const checks = [];
    for (const target of TARGETS) {
      const open = await repo.unresolved(db, workspaceId, entityOf(target));
      const outcomes = await scoring.outcomesOf(
        workspaceId,
        target,
        open.map((o) => ({ entityId: o.entityId, scoredAt: o.scoredAt })),
      );
      const known = open
        .map((o, i) => ({ modelId: o.modelId, entityId: o.entityId, outcome: outcomes[i]!.outcome }))
        .filter((o): o is { modelId: string; entityId: string; outcome: 0 | 1 } => o.outcome !== null);
      await db.transaction((tx) => repo.resolve(tx, workspaceId, known, now));
      resolved += known.length;
      const drift = await scoring.inputDrift(workspaceId, target);
      if (!drift) continue;
      const models = await scoring.monitoredModels(workspaceId);
      const bar = models.find((m) => m.target === target)!.promotionBar;
      const rows = asOutcomes(await repo.resolved(db, workspaceId, entityOf(target))).filter(
        (r) => r.modelId === drift.modelId,
      );
      const driftRows: DriftRow[] = drift.features.map((f) => ({ ...f }));
      const { alerts } = monitoringAlerts({
        rows,
        now: now.getTime(),
        promotionBar: bar,
        drifted: driftRows.filter((d) => d.drifted),
      });
      await db.transaction((tx) =>
        repo.addCheck(tx, {
          workspaceId,
          target,
          modelId: drift.modelId,
          modelVersion: drift.version,
          checkedAt: now,
          drift: driftRows,
          alerts: alerts as AlertRow[],
        }),
      );
      checks.push({
        target,
        version: drift.version,
        alerts: alerts.length,
        drifted: driftRows.filter((d) => d.drifted).length,
      });
    }
    return { logged: scores.length, resolved, checks, churnFlagsLogged };
  }

  /** Forecast accuracy of every stored forecast that has actuals: MASE and how often actuals fell in the ranges. */
  async function forecastAccuracy(actor: Actor) {
    const { data } = await forecasting.accuracy(actor, { limit: 50 });
    return data
      .filter((r) => r.points.some((p) => p.actual !== null))
      .map((r) => {
        const done = r.points.filter((p) => p.actual !== null);
        const within = (lo: number | null, hi: number | null, a: number) =>
          lo !== null && hi !== null && a >= lo && a <= hi;
        return {
          id: r.id,
          kind: r.kind,
          metric: r.metric,
          grain: r.grain,
          method: r.method,
          trainedThrough: r.trainedThrough,
          periods: done.length,
          mase: r.accuracy?.mase ?? null,
          coverage80: round(done.filter((p) => within(p.lo80, p.hi80, p.actual!)).length / done.length),
          coverage95: round(done.filter((p) => within(p.lo95, p.hi95, p.actual!)).length / done.length),
        };
      });
  }

  async function status(actor: Actor, opts: { period: 'month' | 'week' } = { period: 'month' }) {
    const now = clock.now();
    const models = await scoring.monitoredModels(actor.workspaceId);
    const counts = await repo.counts(db, actor.workspaceId);
    const targets = await Promise.all(
      models.map(async (m) => {
        const entity = entityOf(m.target);
        const rows = asOutcomes(await repo.resolved(db, actor.workspaceId, entity));
        const check = await repo.latestCheck(db, actor.workspaceId, m.target);
        const activeRows = m.active ? rows.filter((r) => r.modelId === m.active!.id) : [];
        const checkCurrent = check && m.active && check.modelId === m.active.id ? check : null;
        const live = m.active
          ? monitoringAlerts({
              rows: activeRows,
              now: now.getTime(),
              promotionBar: m.promotionBar,
              drifted: (checkCurrent?.drift ?? []).filter((d) => d.drifted),
            })
          : { window: null, alerts: [] };
        const all = activeRows.length ? outcomeFigures(activeRows) : null;
        const c = counts.find((x) => x.entity === entity);
        return {
          target: m.target,
          entity,
          promotionBar: m.promotionBar,
          active: m.active,
          candidate: m.candidate,
          logged: c?.logged ?? 0,
          resolved: c?.resolved ?? 0,
          overall: all ? figures(all) : null,
          window: live.window ? figures(live.window) : null,
          overTime: figuresOverTime(rows, opts.period).map((f) => ({
            period: f.period,
            modelVersion: f.modelVersion,
            ...figures(f),
          })),
          overrides: overrideVerdicts(activeRows),
          alerts: live.alerts.map((a) => ({ ...a, value: round(a.value)!, limit: round(a.limit)! })),
          driftCheckedAt: checkCurrent?.checkedAt.toISOString() ?? null,
          driftedFeatures: (checkCurrent?.drift ?? []).filter((d) => d.drifted).map((d) => d.feature),
          // A retrain is suggested when something alerts and a newer candidate exists; an admin approves it (or not).
          suggestion:
            live.alerts.length && m.candidate
              ? `Version ${m.candidate.version} was trained after the active one: compare its test figures and approve it on the Scoring page if they are better.`
              : live.alerts.length
                ? 'Train a new candidate (Scoring page, "Train models") and compare it with the active version.'
                : null,
        };
      }),
    );
    return {
      now: now.toISOString(),
      period: opts.period,
      windowDays: 90,
      targets,
      forecasts: await forecastAccuracy(actor),
      churn: await churnHitRate(actor.workspaceId),
    };
  }

  /**
   * The measured accuracy each "How this works" panel shows: lead and deal scores against outcomes (the last 90
   * days, or all outcomes when the window is too small), forecasts against actuals, the churn-risk hit rate.
   */
  async function summary(actor: Actor) {
    const st = await status(actor);
    const scores = st.targets.map((t) => {
      const f =
        t.window && t.window.n >= 20
          ? { ...t.window, basis: 'last 90 days' }
          : t.overall
            ? { ...t.overall, basis: 'all outcomes' }
            : null;
      return {
        target: t.target,
        activeVersion: t.active?.version ?? null,
        testAuc: t.active?.auc ?? null,
        outcomes: f?.n ?? 0,
        auc: f?.auc ?? null,
        brier: f?.brier ?? null,
        basis: f?.basis ?? null,
        promotionBar: t.promotionBar,
        alerts: t.alerts.map((a) => a.kind),
      };
    });
    const fc = st.forecasts.filter((f) => f.mase !== null || f.coverage80 !== null);
    const mean = (xs: (number | null)[]) => {
      const v = xs.filter((x): x is number => x !== null);
      return v.length ? round(v.reduce((a, b) => a + b, 0) / v.length) : null;
    };
    return {
      scores,
      forecasts: {
        checked: fc.length,
        mase: mean(fc.map((f) => f.mase)),
        coverage80: mean(fc.map((f) => f.coverage80)),
        coverage95: mean(fc.map((f) => f.coverage95)),
      },
      churn: st.churn,
    };
  }

  async function drift(actor: Actor, target: Target) {
    const check = await repo.latestCheck(db, actor.workspaceId, target);
    return {
      target,
      checkedAt: check?.checkedAt.toISOString() ?? null,
      modelVersion: check?.modelVersion ?? null,
      features: (check?.drift ?? []).map((d) => ({
        ...d,
        statistic: round(d.statistic)!,
        pValue: round(d.pValue, 6),
        psi: round(d.psi)!,
      })),
    };
  }

  const allWorkspaces = async () => (await workspaces.list()).map((w) => w.id);
  const scoredSince = (workspaceId: string, since: Date) => repo.scoredSince(db, workspaceId, since);
  return { refresh, status, drift, allWorkspaces, churnHitRate, forgetContact, summary, scoredSince };
}

function figures(f: ReturnType<typeof outcomeFigures>) {
  return {
    n: f.n,
    positives: f.positives,
    baseRate: round(f.baseRate)!,
    auc: round(f.auc),
    brier: round(f.brier)!,
    calibrationError: round(f.calibrationError)!,
    calibration: f.calibration.map((b) => ({
      decile: b.decile,
      n: b.n,
      predicted: round(b.meanPredicted)!,
      observed: round(b.observedRate)!,
    })),
    tiers: f.tiers.map((t) => ({ tier: t.tier, n: t.n, conversion: round(t.conversion)! })),
    topTierLift: round(f.topTierLift),
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
