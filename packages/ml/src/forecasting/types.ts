export type ForecastMethod =
  'auto' | 'comb' | 'select' | 'ets' | 'damped' | 'theta' | 'ses' | 'snaive' | 'naive' | 'croston' | 'mean';

export interface ForecastOptions {
  /** Seasonal period (12 monthly, 4 quarterly, 7 daily-with-weekly-cycle, 1 none). */
  period: number;
  /** Steps ahead, integer 1..10,000. */
  horizon: number;
  /** Interval coverages in percent; 80 and 95 are always returned. */
  levels?: number[];
  method?: ForecastMethod;
}

export interface ForecastResult {
  mean: number[];
  lower: Record<string, number[]> & Record<'80' | '95', number[]>;
  upper: Record<string, number[]> & Record<'80' | '95', number[]>;
  /** Model actually used, e.g. "comb(ETS(M,Ad,M), theta, damped)". */
  method: string;
  /** Why this model was chosen, in plain words. */
  reason: string;
  warnings: string[];
}

/** A point forecast with its standard error per step, the common currency of all models. */
export interface ModelForecast {
  name: string;
  mean: Float64Array;
  /** Forecast standard deviation per step (same units as the data). */
  sd: Float64Array;
}
