import { ForecastInputError } from './errors';
import type { ForecastMethod, ForecastOptions } from './types';

export const MAX_HORIZON = 10_000;
const METHODS: ForecastMethod[] = [
  'auto',
  'comb',
  'select',
  'ets',
  'damped',
  'theta',
  'ses',
  'snaive',
  'naive',
  'croston',
  'mean',
];

export interface ValidOptions {
  period: number;
  horizon: number;
  levels: number[];
  method: ForecastMethod;
}

export function validateOptions(values: unknown, opts: ForecastOptions): ValidOptions {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values))
    throw new ForecastInputError('values', 'values must be an array of numbers');
  if (!opts || typeof opts !== 'object')
    throw new ForecastInputError('opts', 'options { period, horizon } are required');
  const { horizon, period } = opts;
  if (typeof horizon !== 'number' || !Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new ForecastInputError(
      'horizon',
      `horizon must be an integer from 1 to ${MAX_HORIZON}, got ${String(horizon)}`,
    );
  }
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1 || period > MAX_HORIZON) {
    throw new ForecastInputError(
      'period',
      `period must be a positive integer (1 for no seasonality), got ${String(period)}`,
    );
  }
  const method = opts.method ?? 'auto';
  if (!METHODS.includes(method))
    throw new ForecastInputError('method', `unknown method "${String(method)}"; use one of ${METHODS.join(', ')}`);
  const levels = new Set<number>([80, 95]);
  for (const l of opts.levels ?? []) {
    if (typeof l !== 'number' || !(l > 0 && l < 100))
      throw new ForecastInputError(
        'levels',
        `interval levels must be percentages strictly between 0 and 100, got ${String(l)}`,
      );
    levels.add(l);
  }
  return { period, horizon, levels: [...levels].sort((a, b) => a - b), method };
}
