import { brier } from '../metrics/probability';
import { rocAuc } from '../metrics/ranking';

/** A prediction whose outcome is known: what the model said when it scored the record, and what happened. */
export interface ScoredOutcome {
  modelVersion: number;
  /** Epoch ms when the score was given. */
  scoredAt: number;
  probability: number;
  tier: string;
  outcome: 0 | 1;
  /** The tier a rep set instead, if any. */
  overrideTier?: string | null;
  /** Epoch ms when the outcome became known (defaults to `scoredAt`): alert windows count outcomes as they arrive. */
  outcomeAt?: number;
}

export interface DecileBin {
  decile: number;
  n: number;
  meanPredicted: number;
  observedRate: number;
}
export interface TierRate {
  tier: string;
  n: number;
  conversion: number;
}
export interface OutcomeFigures {
  n: number;
  positives: number;
  baseRate: number;
  /** Null unless both outcomes occur. */
  auc: number | null;
  brier: number;
  /** Count-weighted gap between predicted and observed rates over the deciles of predicted probability. */
  calibrationError: number;
  /** The gap sampling alone would give on these rows (each decile's observed rate has a binomial standard error). */
  calibrationNoise: number;
  calibration: DecileBin[];
  tiers: TierRate[];
  /** Conversion of tier A over the base rate; null without A rows or positives. */
  topTierLift: number | null;
}

/** Deciles of the predicted probability (equal counts, ties kept in input order). */
export function deciles(p: ArrayLike<number>, y: ArrayLike<number>): DecileBin[] {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const out: DecileBin[] = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * order.length) / 10);
    const to = Math.floor(((d + 1) * order.length) / 10);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let k = from; k < to; k++) {
      sp += p[order[k]!]!;
      sy += y[order[k]!]!;
    }
    out.push({ decile: d + 1, n: to - from, meanPredicted: sp / (to - from), observedRate: sy / (to - from) });
  }
  return out;
}

export function outcomeFigures(rows: ScoredOutcome[]): OutcomeFigures {
  const y = Uint8Array.from(rows, (r) => r.outcome);
  const p = Float64Array.from(rows, (r) => r.probability);
  const positives = y.reduce((s, v) => s + v, 0);
  const n = rows.length;
  const calibration = deciles(p, y);
  const calibrationError = n
    ? calibration.reduce((s, b) => s + (b.n / n) * Math.abs(b.meanPredicted - b.observedRate), 0)
    : 0;
  const calibrationNoise = n
    ? calibration.reduce(
        (s, b) => s + (b.n / n) * Math.sqrt(Math.max(0, b.meanPredicted * (1 - b.meanPredicted)) / b.n),
        0,
      )
    : 0;
  const byTier = new Map<string, { n: number; pos: number }>();
  for (const r of rows) {
    const t = byTier.get(r.tier) ?? { n: 0, pos: 0 };
    t.n++;
    t.pos += r.outcome;
    byTier.set(r.tier, t);
  }
  const tiers = [...byTier.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tier, t]) => ({ tier, n: t.n, conversion: t.pos / t.n }));
  const baseRate = n ? positives / n : 0;
  const a = tiers.find((t) => t.tier === 'A');
  return {
    n,
    positives,
    baseRate,
    auc: positives > 0 && positives < n ? rocAuc(y, p) : null,
    brier: n ? brier(y, p) : 0,
    calibrationError,
    calibrationNoise,
    calibration,
    tiers,
    topTierLift: a && baseRate > 0 ? a.conversion / baseRate : null,
  };
}

/** UTC month ("2026-03") or ISO-week start day ("2026-03-02") of a time. */
export function periodOf(ms: number, period: 'month' | 'week'): string {
  const d = new Date(ms);
  if (period === 'month') return d.toISOString().slice(0, 7);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

export interface PeriodFigures extends OutcomeFigures {
  period: string;
  modelVersion: number;
}

/** Figures per model version and period of scoring, oldest first: how each version fared as outcomes arrived. */
export function figuresOverTime(rows: ScoredOutcome[], period: 'month' | 'week' = 'month'): PeriodFigures[] {
  const groups = new Map<string, ScoredOutcome[]>();
  for (const r of rows) {
    const key = `${r.modelVersion}|${periodOf(r.scoredAt, period)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.entries()]
    .map(([key, g]) => {
      const [version, p] = key.split('|');
      return { period: p!, modelVersion: Number(version), ...outcomeFigures(g) };
    })
    .sort((a, b) => a.period.localeCompare(b.period) || a.modelVersion - b.modelVersion);
}

const TIER_RANK: Record<string, number> = { A: 4, B: 3, C: 2, D: 1 };

export interface OverrideVerdicts {
  overrides: number;
  /** Overrides raising the tier that converted, or lowering it that did not. */
  overrideRight: number;
  modelRight: number;
  /** Share of overrides where the rep was right; null without overrides. */
  overrideRightRate: number | null;
}

/** Who was right more often when a rep overrode the model: a raised tier is right if the record converted. */
export function overrideVerdicts(rows: ScoredOutcome[]): OverrideVerdicts {
  let overrides = 0;
  let overrideRight = 0;
  for (const r of rows) {
    if (!r.overrideTier || r.overrideTier === r.tier || !(r.overrideTier in TIER_RANK) || !(r.tier in TIER_RANK))
      continue;
    overrides++;
    const raised = TIER_RANK[r.overrideTier]! > TIER_RANK[r.tier]!;
    if (raised === (r.outcome === 1)) overrideRight++;
  }
  return {
    overrides,
    overrideRight,
    modelRight: overrides - overrideRight,
    overrideRightRate: overrides ? overrideRight / overrides : null,
  };
}

export type AlertKind = 'auc_below_bar' | 'calibration' | 'drift';
export interface MonitoringAlert {
  kind: AlertKind;
  message: string;
  value: number;
  limit: number;
}

export const MONITORING_RULES = {
  /** Outcomes of each kind a window needs before its AUC or calibration is judged. */
  minOutcomes: 5,
  /** Days of scoring whose outcomes are judged. */
  windowDays: 90,
  maxCalibrationError: 0.1,
} as const;

/**
 * Alerts for one model: AUC of the outcomes that arrived in the last `windowDays` (before `now`) under its promotion bar,
 * calibration broken (the gap above 10 points and above twice the sampling noise, as at training), or inputs drifted.
 */
export function monitoringAlerts(input: {
  rows: ScoredOutcome[];
  now: number;
  promotionBar: number;
  drifted?: { feature: string; test: string; statistic: number; threshold: number }[];
}): { window: OutcomeFigures | null; alerts: MonitoringAlert[] } {
  const from = input.now - MONITORING_RULES.windowDays * 86_400_000;
  const recent = input.rows.filter(
    (r) => (r.outcomeAt ?? r.scoredAt) >= from && (r.outcomeAt ?? r.scoredAt) <= input.now,
  );
  const alerts: MonitoringAlert[] = [];
  const positives = recent.reduce((s, r) => s + r.outcome, 0);
  const judged = positives >= MONITORING_RULES.minOutcomes && recent.length - positives >= MONITORING_RULES.minOutcomes;
  const window = recent.length ? outcomeFigures(recent) : null;
  if (window && judged) {
    if (window.auc !== null && window.auc < input.promotionBar) {
      alerts.push({
        kind: 'auc_below_bar',
        value: window.auc,
        limit: input.promotionBar,
        message: `AUC on the outcomes of the last ${MONITORING_RULES.windowDays} days is ${window.auc.toFixed(3)}, below the promotion bar ${input.promotionBar}`,
      });
    }
    const limit = Math.max(MONITORING_RULES.maxCalibrationError, 2 * window.calibrationNoise);
    if (window.calibrationError > limit) {
      alerts.push({
        kind: 'calibration',
        value: window.calibrationError,
        limit,
        message: `Calibration broke: predicted and observed rates differ by ${(window.calibrationError * 100).toFixed(1)} points (limit ${(limit * 100).toFixed(1)})`,
      });
    }
  }
  for (const d of input.drifted ?? []) {
    // A statistic that could not be computed (a constant column: NaN, stored as JSON null) judges nothing.
    if (typeof d.statistic !== 'number' || !Number.isFinite(d.statistic)) continue;
    alerts.push({
      kind: 'drift',
      value: d.statistic,
      limit: d.threshold,
      message: `${d.feature} drifted since training (${d.test} ${d.statistic.toFixed(3)}, threshold ${d.threshold})`,
    });
  }
  return { window, alerts };
}
