export type Grain = 'day' | 'week' | 'month' | 'quarter';
export type Band = { period: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number };
export type SeriesForecast = {
  runId: string | null;
  source: 'orders' | 'deals';
  metric: 'revenue' | 'orders' | 'units';
  grain: Grain;
  horizon: number;
  scope: { type: string; id: string | null; label: string };
  history: { period: string; value: number }[];
  current: { period: string; value: number; partial: true } | null;
  forecast: Band[];
  method: string;
  reason: string;
  warnings: string[];
  notes: string[];
};
export type PipelineDeal = {
  id: string;
  name: string;
  amount: number | null;
  stage: string;
  owner: string | null;
  probability: number;
  probabilitySource: 'score' | 'stage';
  contribution: number;
  expectedCloseDate: string | null;
  closeDateTreatment: 'as_planned' | 'overdue_moved_to_this_month' | 'missing_spread_over_window' | 'after_window';
};
export type PipelineForecast = {
  months: number;
  window: { from: string; to: string };
  commit: number;
  mostLikely: number;
  bestCase: number;
  p90: number;
  byMonth: { period: string; expected: number; commit: number; best: number; p90: number }[];
  deals: PipelineDeal[];
  counts: {
    open: number;
    inWindow: number;
    scored: number;
    overdue: number;
    noCloseDate: number;
    noAmount: number;
    afterWindow: number;
  };
  notes: string[];
};
export type QuarterView = {
  quarter: { from: string; to: string; label: string };
  booked: number;
  runRate: { mean: number; lo80: number; hi80: number; method: string };
  pipeline: { commit: number; mostLikely: number; bestCase: number };
  total: { low: number; mostLikely: number; withPipeline: number; high: number };
  notes: string[];
};
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
