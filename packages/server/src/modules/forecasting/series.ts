import { forecast, ForecastInputError } from '@pipewise/ml/forecasting/index';
import { AppError } from '../../platform/errors';
import {
  addPeriods,
  dayKey,
  maxHistory,
  maxHorizon,
  periodStart,
  periodsBetween,
  seasonOf,
  type Grain,
} from './periods';

export type DatedValue = { at: Date; value: number };
export type Series = {
  /** Period starts of the training history, oldest first, with no gaps. */
  periods: string[];
  values: number[];
  /** The current, incomplete period: shown but not trained on. */
  current: { period: string; value: number } | null;
  notes: string[];
  warnings: string[];
};

/**
 * Sums dated values into complete periods of the grain: missing periods become zeros (no sale that period is a
 * real zero, not a gap), and the period containing `now` is left out of training because it is still filling up.
 */
export function buildSeries(
  points: readonly DatedValue[],
  grain: Grain,
  now: Date,
  opts: { dropCurrent?: boolean } = {},
): Series {
  const dropCurrent = opts.dropCurrent ?? true;
  const notes: string[] = [];
  const warnings: string[] = [];
  const current = periodStart(now, grain);
  const sums = new Map<number, number>();
  let future = 0;
  let skipped = 0;
  for (const p of points) {
    if (!Number.isFinite(p.value) || Number.isNaN(p.at.getTime())) {
      skipped++;
      continue;
    }
    const start = periodStart(p.at, grain);
    if (dropCurrent && start.getTime() > current.getTime()) {
      future++;
      continue;
    }
    sums.set(start.getTime(), (sums.get(start.getTime()) ?? 0) + p.value);
  }
  if (skipped) warnings.push(`${skipped} value(s) without a valid date or number were left out.`);
  if (future) warnings.push(`${future} value(s) dated after today were left out.`);
  const currentValue = dropCurrent ? (sums.get(current.getTime()) ?? 0) : null;
  if (dropCurrent) sums.delete(current.getTime());
  const keys = [...sums.keys()].sort((a, b) => a - b);
  if (!keys.length)
    return {
      periods: [],
      values: [],
      current: currentValue !== null && currentValue !== 0 ? { period: dayKey(current), value: currentValue } : null,
      notes,
      warnings,
    };

  let first = new Date(keys[0]!);
  const last = dropCurrent ? addPeriods(current, grain, -1) : new Date(keys[keys.length - 1]!);
  const total = periodsBetween(first, last, grain) + 1;
  if (total > maxHistory[grain]) {
    first = addPeriods(last, grain, -(maxHistory[grain] - 1));
    notes.push(`Only the most recent ${maxHistory[grain]} ${grain}s are used.`);
  }
  const periods: string[] = [];
  const values: number[] = [];
  let zeros = 0;
  for (let d = first; d.getTime() <= last.getTime(); d = addPeriods(d, grain, 1)) {
    const v = sums.get(d.getTime());
    if (v === undefined) zeros++;
    periods.push(dayKey(d));
    values.push(v ?? 0);
  }
  if (zeros)
    notes.push(`${zeros} ${grain}(s) without any sale were counted as 0 (no sale is a real zero, not missing data).`);
  if (dropCurrent)
    notes.push(
      `The current ${grain} (from ${dayKey(current)}) is not over yet, so it is shown but not used for training: a part-${grain} would look like a drop.`,
    );
  return {
    periods,
    values,
    current: dropCurrent ? { period: dayKey(current), value: currentValue ?? 0 } : null,
    notes,
    warnings,
  };
}

export type ForecastPoint = { period: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number };
export type SeriesForecast = {
  points: ForecastPoint[];
  method: string;
  reason: string;
  warnings: string[];
  maseScale: number | null;
};

export function checkHorizon(horizon: number, grain: Grain): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > maxHorizon[grain]) {
    throw new AppError(
      'validation',
      `horizon must be a whole number from 1 to ${maxHorizon[grain]} ${grain}s (got ${horizon})`,
      { field: 'horizon' },
    );
  }
}

/** In-sample MAE of the seasonal naive forecast (lag 1 when the history is a period or shorter): the MASE scale. */
export function maseScale(values: readonly number[], period: number): number | null {
  const lag = values.length > period ? period : 1;
  let sum = 0;
  for (let t = lag; t < values.length; t++) sum += Math.abs(values[t]! - values[t - lag]!);
  const n = values.length - lag;
  return n > 0 && sum > 0 ? sum / n : null;
}

/** Runs the models on a built series; the first forecast period follows the last training period. */
export function forecastSeries(series: Series, grain: Grain, horizon: number): SeriesForecast {
  checkHorizon(horizon, grain);
  const lastPeriod = series.periods[series.periods.length - 1];
  if (!lastPeriod)
    throw new AppError('validation', 'There is no complete period with data to forecast from', { field: 'series' });
  const period = seasonOf[grain];
  let result;
  try {
    result = forecast(series.values, { period, horizon });
  } catch (e) {
    if (e instanceof ForecastInputError) throw new AppError('validation', e.message, { field: e.field });
    throw e;
  }
  const start = addPeriods(new Date(`${lastPeriod}T00:00:00.000Z`), grain, 1);
  const points = result.mean.map((mean, i) => ({
    period: dayKey(addPeriods(start, grain, i)),
    mean,
    lo80: result.lower['80'][i]!,
    hi80: result.upper['80'][i]!,
    lo95: result.lower['95'][i]!,
    hi95: result.upper['95'][i]!,
  }));
  return {
    points,
    method: result.method,
    reason: result.reason,
    warnings: result.warnings,
    maseScale: maseScale(series.values, period),
  };
}
