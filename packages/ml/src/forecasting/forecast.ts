import { adjustLevelShift, fillGaps, replaceOutliers } from './clean';
import { autoEts, etsForecast, etsName, fitEts } from './ets';
import { ForecastInputError } from './errors';
import { crostonForecast, meanForecast, naiveForecast, seasonalNaiveForecast } from './naive';
import { isConstant } from './seasonality';
import { selectByValidation } from './select';
import { qnorm } from './stats';
import { thetaForecast } from './theta';
import type { ForecastMethod, ForecastOptions, ForecastResult, ModelForecast } from './types';
import { validateOptions } from './validate';

interface Chosen {
  fc: ModelForecast;
  reason: string;
}

/** Fitting cost grows linearly with length; 3,000 points are 8 years of daily or 4 months of hourly data. */
const MAX_HISTORY = 3000;

/** Share of zeros above which demand counts as intermittent (Syntetos-Boylan classification uses ADI > 1.32, i.e. ~25% zeros). */
const INTERMITTENT_ZERO_SHARE = 0.3;

/**
 * Forecasts `horizon` steps of an evenly spaced series with 80%/95% (and any extra) prediction
 * intervals. Never returns NaN: odd inputs get a simpler model and a warning saying why.
 */
export function forecast(values: readonly number[] | Float64Array, opts: ForecastOptions): ForecastResult {
  const { period, horizon: h, levels, method } = validateOptions(values, opts);
  const filled = fillGaps(values);
  const warnings = [...filled.warnings];
  let x = filled.values;
  if (x.length === 0) throw new ForecastInputError('values', 'values contain no finite number to forecast from');
  if (x.length > MAX_HISTORY) {
    warnings.push(
      `only the last ${MAX_HISTORY} of ${x.length} points are used (older history adds cost, not accuracy)`,
    );
    x = x.slice(x.length - MAX_HISTORY);
  }
  const nonNegative = x.every((v) => v >= 0);
  const special = chooseSpecial(x, h, method, warnings);
  if (special) return toResult(special, levels, nonNegative, x, h, warnings);
  // Baselines stay baselines: only the statistical models see the repaired series.
  if (!BASELINES.includes(method)) {
    const o = replaceOutliers(x);
    const b = adjustLevelShift(o.values);
    warnings.push(...o.warnings, ...b.warnings);
    x = b.values;
  }
  if (period > 1 && x.length < 2 * period && !BASELINES.includes(method)) {
    warnings.push(`fewer than two full seasons (${x.length} points, period ${period}): seasonality not modelled`);
  }
  return toResult(runMethod(method, x, period, h, warnings), levels, nonNegative, x, h, warnings);
}

const BASELINES: ForecastMethod[] = ['naive', 'snaive', 'mean'];

/** Degenerate series that no statistical model should see. */
function chooseSpecial(x: Float64Array, h: number, method: ForecastMethod, warnings: string[]): Chosen | null {
  const n = x.length;
  if (n === 1) {
    warnings.push('one observation: variability cannot be estimated, intervals are a ±10%-per-step placeholder');
    const fc = naiveForecast(x, h);
    for (let i = 0; i < h; i++) fc.sd[i] = (0.1 * Math.abs(x[0]!) * Math.sqrt(i + 1)) / 1.2816;
    return { fc, reason: 'only 1 point: naive forecast (repeat it)' };
  }
  if (n < 4 && !isConstant(x)) {
    if (method !== 'auto' && method !== 'naive')
      warnings.push(`only ${n} point(s): method "${method}" needs at least 4, used naive`);
    const fc = naiveForecast(x, h);
    return { fc, reason: `only ${n} points: naive forecast (last value), interval from the observed step sizes` };
  }
  if (isConstant(x)) {
    const v = x[0]!;
    return {
      fc: { name: 'constant', mean: new Float64Array(h).fill(v), sd: new Float64Array(h) },
      reason:
        v === 0
          ? 'all values are zero: forecast zero'
          : `constant series (${n} equal values): flat forecast with zero-width intervals`,
    };
  }
  const zeros = x.reduce((k, v) => k + (v === 0 ? 1 : 0), 0);
  const intermittent = zeros / n >= INTERMITTENT_ZERO_SHARE && zeros < n - 1 && x.every((v) => v >= 0);
  if (method === 'croston' || (intermittent && (method === 'auto' || method === 'comb' || method === 'select'))) {
    return {
      fc: crostonForecast(x, h),
      reason:
        method === 'croston'
          ? 'requested'
          : `intermittent demand (${Math.round((100 * zeros) / n)}% zeros): Croston with SBA bias correction (expected demand per period)`,
    };
  }
  return null;
}

function runMethod(method: ForecastMethod, x: Float64Array, period: number, h: number, warnings: string[]): Chosen {
  switch (method) {
    case 'naive':
      return { fc: naiveForecast(x, h), reason: 'requested' };
    case 'snaive':
      if (period > 1 && x.length < period)
        warnings.push('less than one season of history: seasonal naive fell back to naive');
      return { fc: seasonalNaiveForecast(x, period, h), reason: 'requested' };
    case 'mean':
      return { fc: meanForecast(x, h), reason: 'requested' };
    case 'ses': {
      const m = fitEts(x, { error: 'A', trend: 'N', season: 'N', m: 1 });
      return m ? { fc: etsForecast(m, h), reason: 'requested' } : fallback(x, h, 'SES could not be fitted', warnings);
    }
    case 'ets':
    case 'damped': {
      const m = autoEts(x, period, method === 'damped' ? { damped: true } : {});
      if (!m) return fallback(x, h, 'no ETS model could be fitted', warnings);
      return {
        fc: etsForecast(m, h),
        reason: `${etsName(m.spec)} has the smallest AICc (${m.aicc.toFixed(1)}) among ${method === 'damped' ? 'damped-trend' : 'admissible'} ETS models`,
      };
    }
    case 'theta': {
      const t = thetaForecast(x, period, h);
      if (!t) return fallback(x, h, 'Theta could not be fitted', warnings);
      return {
        fc: t.forecast,
        reason: t.seasonal
          ? 'requested; seasonal by the 90% ACF test, so multiplicatively adjusted'
          : 'requested; no seasonality by the 90% ACF test',
      };
    }
    case 'comb':
    case 'auto':
    case 'select':
      return selectByValidation(x, period, h, method) ?? fallback(x, h, 'no model could be fitted', warnings);
    case 'croston':
      return { fc: crostonForecast(x, h), reason: 'requested' };
  }
}

function fallback(x: Float64Array, h: number, why: string, warnings: string[]): Chosen {
  warnings.push(`${why}: used naive`);
  return { fc: naiveForecast(x, h), reason: `${why}; naive forecast` };
}

function toResult(
  c: Chosen,
  levels: number[],
  nonNegative: boolean,
  x: Float64Array,
  h: number,
  warnings: string[],
): ForecastResult {
  let { fc } = c;
  let reason = c.reason;
  if (!fc.mean.every(Number.isFinite) || !fc.sd.every(Number.isFinite)) {
    warnings.push(`${fc.name} produced non-finite values: used naive`);
    fc = naiveForecast(x, h);
    reason = `${reason}; replaced by naive because the model diverged`;
    if (!fc.sd.every(Number.isFinite)) fc.sd.fill(0);
  }
  // Sales, counts and amounts that were never negative are not forecast negative either.
  // Bounds of astronomically large series may overflow: saturate them at the largest double.
  const clip = (v: number) => Math.min(Number.MAX_VALUE, Math.max(nonNegative ? 0 : -Number.MAX_VALUE, v));
  const mean = Array.from(fc.mean, clip);
  const lower: Record<string, number[]> = {};
  const upper: Record<string, number[]> = {};
  for (const level of levels) {
    const z = qnorm(0.5 + level / 200);
    lower[String(level)] = Array.from(fc.mean, (m, i) => clip(m - z * fc.sd[i]!));
    upper[String(level)] = Array.from(fc.mean, (m, i) => clip(m + z * fc.sd[i]!));
  }
  return {
    mean,
    lower: lower as ForecastResult['lower'],
    upper: upper as ForecastResult['upper'],
    method: fc.name,
    reason,
    warnings,
  };
}
