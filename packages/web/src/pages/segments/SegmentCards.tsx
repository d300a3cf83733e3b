import { money, num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Badge } from '../../components/Badge';
import { cx } from '../../components/cx';
import type { SegmentSummary } from './segmentTypes';

/** One card per named segment: size, revenue, churn risk, and the definition and suggested action. */
export function SegmentCards({
  segments,
  selected,
  onPick,
}: {
  segments: SegmentSummary[];
  selected?: string;
  onPick: (name: string) => void;
}) {
  return (
    <Card testId="segment-cards">
      <CardHeader
        title="Segments"
        description="Each customer belongs to exactly one segment, from their R score and combined FM score."
      />
      <div className="grid gap-3 p-4 sm:grid-cols-2 2xl:grid-cols-3">
        {segments.map((s) => (
          <button
            key={s.name}
            type="button"
            onClick={() => onPick(s.name)}
            data-testid={`segment-card-${s.name}`}
            className={cx(
              'rounded-lg p-3 text-left ring-1 transition hover:ring-brand-400',
              selected === s.name ? 'bg-brand-50/60 ring-2 ring-brand-600' : 'ring-slate-200',
            )}
          >
            <div className="flex items-center justify-between gap-2">
              <span className="text-sm font-semibold text-slate-900">{s.name}</span>
              <span className="text-xs text-slate-500 tabular-nums">
                {num(s.customers)} · {(s.share * 100).toFixed(0)}%
              </span>
            </div>
            <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
              <span className="tabular-nums">
                {money(s.revenue, { compact: s.revenue >= 1e5 })} revenue ({(s.revenueShare * 100).toFixed(0)}%)
              </span>
              {s.churnRisk > 0 && <Badge tone="amber">{num(s.churnRisk)} at churn risk</Badge>}
            </div>
            <p className="mt-2 text-xs text-slate-600">{s.meaning}</p>
            <p className="mt-1 text-xs text-slate-500">
              <span className="font-medium text-slate-600">Do:</span> {s.action}
            </p>
            <p className="mt-1 text-[11px] text-slate-400">Cells: {s.cells}</p>
          </button>
        ))}
      </div>
    </Card>
  );
}
