import { money, num, date } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Badge } from '../../components/Badge';
import type { UseQueryResult } from '@tanstack/react-query';
import { periodLabel, type AccuracyRun } from './types';

const what = (r: AccuracyRun) =>
  r.kind === 'pipeline'
    ? 'Pipeline (open deals)'
    : `${r.metric} from ${r.source}, by ${r.grain}${r.scope.type === 'all' ? '' : ` · ${r.scope.label}`}`;

/** "For Oct 2026 we said 410k–470k; it was 442k": the first period of each stored forecast that has an actual. */
function verdict(r: AccuracyRun) {
  const p = r.points.find((x) => x.actual !== null);
  if (!p || p.actual === null) return null;
  const fmt = (v: number) => (r.metric === 'revenue' ? money(v, { compact: true }) : num(v, { compact: true }));
  const inside = p.actual >= p.lo80 && p.actual <= p.hi80;
  return (
    <span>
      For {periodLabel(p.period, r.grain)} we said {fmt(p.lo80)}–{fmt(p.hi80)}; it was <strong>{fmt(p.actual)}</strong>{' '}
      <Badge tone={inside ? 'green' : 'amber'}>{inside ? 'inside the 80% range' : 'outside the 80% range'}</Badge>
    </span>
  );
}

export function AccuracySection({ acc }: { acc: UseQueryResult<{ data: AccuracyRun[] }> }) {
  const runs = acc.data?.data ?? [];
  const checked = runs.filter((r) => r.accuracy);
  return (
    <Card testId="forecast-accuracy">
      <CardHeader
        title="How accurate were past forecasts?"
        description="Every forecast shown is stored; when its periods are over, the actuals are filled in (nightly, or when this page loads). Backtests are the forecasts we would have made at the start of each recent month."
      />
      {acc.error ? (
        <ErrorState error={acc.error} onRetry={() => void acc.refetch()} />
      ) : acc.data && checked.length === 0 ? (
        <EmptyState
          icon="calendar"
          title="No forecast has come due yet"
          description={`${runs.length} stored forecast(s) are waiting for their periods to end. Accuracy (MAPE, MASE, bias) appears here once actuals arrive.`}
        />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr>
                <th
                  className="px-5 py-2"
                  title="The last complete period the forecast was trained on (pipeline: the day of the snapshot)"
                >
                  Data through
                </th>
                <th className="px-3 py-2">Forecast of</th>
                <th className="px-3 py-2">What happened</th>
                <th className="px-3 py-2 text-right" title="Mean absolute percentage error">
                  MAPE
                </th>
                <th
                  className="px-3 py-2 text-right"
                  title="Mean absolute scaled error: below 1 beats repeating last season"
                >
                  MASE
                </th>
                <th className="px-5 py-2 text-right" title="Average forecast minus actual: positive = too optimistic">
                  Bias
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {checked.slice(0, 15).map((r) => (
                <tr key={r.id}>
                  <td className="px-5 py-2 whitespace-nowrap text-slate-600">
                    {r.kind === 'pipeline' ? date(r.trainedThrough) : periodLabel(r.trainedThrough, r.grain)}
                  </td>
                  <td className="px-3 py-2 text-slate-800">
                    {what(r)}{' '}
                    {r.requestedBy === 'backtest' && (
                      <Badge tone="gray" className="ml-1">
                        backtest
                      </Badge>
                    )}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{verdict(r)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {r.accuracy?.mape == null ? '—' : `${r.accuracy.mape.toFixed(1)}%`}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {r.accuracy?.mase == null ? '—' : r.accuracy.mase.toFixed(2)}
                  </td>
                  <td className="px-5 py-2 text-right tabular-nums">
                    {r.accuracy?.bias == null
                      ? '—'
                      : r.metric === 'revenue'
                        ? money(r.accuracy.bias, { compact: true })
                        : num(r.accuracy.bias)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
