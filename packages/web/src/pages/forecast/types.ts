import type { components } from '../../lib/api-schema';

type Schemas = components['schemas'];
export type Grain = Schemas['SeriesForecast']['grain'];
export type Band = Schemas['SeriesForecast']['forecast'][number];
export type SeriesForecast = Schemas['SeriesForecast'];
export type PipelineForecast = Schemas['PipelineForecast'];
export type PipelineDeal = PipelineForecast['deals'][number];
export type QuarterView = Schemas['QuarterView'];
/** The accuracy route's rows have no response schema yet (forecasting.routes.ts `loose`). */
export type AccuracyRun = {
  id: string;
  kind: 'series' | 'pipeline';
  requestedBy: string;
  source: string;
  metric: string;
  grain: Grain;
  scope: { type: string; label: string };
  horizon: number;
  method: string;
  trainedThrough: string;
  createdAt: string;
  accuracy: { mape: number | null; mase: number | null; bias: number | null; periods: number } | null;
  points: (Band & { actual: number | null })[];
};

export function periodLabel(key: string, grain: Grain): string {
  const d = new Date(`${key}T00:00:00Z`);
  if (grain === 'day') return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  if (grain === 'week')
    return `wk ${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })}`;
  if (grain === 'month') return d.toLocaleDateString('en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' });
  return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
}
