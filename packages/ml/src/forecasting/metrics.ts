/**
 * Forecast accuracy measures. sMAPE and MASE follow the M3/M4 definitions used by
 * /work/shared/peers/forecast.R so Pipewise and R figures are comparable.
 */
type Num = ArrayLike<number>;

function checkLengths(actual: Num, forecast: Num): void {
  if (actual.length !== forecast.length)
    throw new RangeError(`actual has ${actual.length} values, forecast ${forecast.length}`);
}

/** Symmetric MAPE in percent: mean of 200|y-f|/(|y|+|f|); a pair of zeros counts as a perfect forecast. */
export function smape(actual: Num, forecast: Num): number {
  checkLengths(actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    const d = Math.abs(y) + Math.abs(f);
    s += d === 0 ? 0 : (200 * Math.abs(y - f)) / d;
  }
  return actual.length ? s / actual.length : NaN;
}

/** Mean absolute percentage error in percent, over the points where the actual is not zero. */
export function mape(actual: Num, forecast: Num): number {
  checkLengths(actual, forecast);
  let s = 0;
  let k = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    if (y === 0) continue;
    s += (100 * Math.abs(y - forecast[i]!)) / Math.abs(y);
    k++;
  }
  return k ? s / k : NaN;
}

/** Mean error forecast minus actual: positive means over-forecasting. */
export function bias(actual: Num, forecast: Num): number {
  checkLengths(actual, forecast);
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += forecast[i]! - actual[i]!;
  return actual.length ? s / actual.length : NaN;
}

/**
 * Mean absolute scaled error: MAE over the in-sample MAE of the seasonal naive forecast
 * (lag `period` when the history is longer than a period, else lag 1), as forecast.R.
 */
export function mase(insample: Num, actual: Num, forecast: Num, period = 1): number {
  checkLengths(actual, forecast);
  const n = insample.length;
  const lag = n > period ? period : 1;
  let d = 0;
  for (let t = lag; t < n; t++) d += Math.abs(insample[t]! - insample[t - lag]!);
  const scale = n > lag ? d / (n - lag) : NaN;
  let e = 0;
  for (let i = 0; i < actual.length; i++) e += Math.abs(actual[i]! - forecast[i]!);
  return e / actual.length / scale;
}
