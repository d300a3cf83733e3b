import { useState } from 'react';
import { money, num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { cx } from '../../components/cx';
import type { GridCell } from './segmentTypes';

/** Heat map of customers (or revenue) on recency score × combined frequency/monetary score; a cell opens its segment. */
export function RfmGrid({
  grid,
  onPick,
  selected,
}: {
  grid: GridCell[];
  onPick: (segment: string) => void;
  selected?: string;
}) {
  const [measure, setMeasure] = useState<'customers' | 'revenue'>('customers');
  const max = Math.max(1, ...grid.map((c) => c[measure]));
  const cell = (r: number, fm: number) => grid.find((c) => c.r === r && c.fm === fm);
  return (
    <Card testId="rfm-grid">
      <CardHeader
        title="RFM grid"
        description="Recency score (rows, 5 = bought most recently) × frequency/monetary score (columns, 5 = buys most). Click a cell to list its customers."
        actions={
          <div className="flex rounded-md ring-1 ring-slate-200" role="group" aria-label="Measure">
            {(['customers', 'revenue'] as const).map((m) => (
              <button
                key={m}
                type="button"
                onClick={() => setMeasure(m)}
                data-testid={`grid-measure-${m}`}
                className={cx(
                  'px-2.5 py-1 text-xs font-medium capitalize first:rounded-l-md last:rounded-r-md',
                  measure === m ? 'bg-brand-600 text-white' : 'text-slate-600 hover:bg-slate-50',
                )}
              >
                {m}
              </button>
            ))}
          </div>
        }
      />
      <div className="px-5 py-4">
        <div className="grid grid-cols-[2.5rem_repeat(5,minmax(0,1fr))] gap-1">
          {[5, 4, 3, 2, 1].map((r) => (
            <div key={r} className="contents">
              <div className="flex items-center justify-center text-xs font-medium text-slate-500">R{r}</div>
              {[1, 2, 3, 4, 5].map((fm) => {
                const c = cell(r, fm);
                const v = c?.[measure] ?? 0;
                // Up to 70% of the brand colour, so dark text stays readable (WCAG AA contrast) on every cell.
                const alpha = v === 0 ? 0 : 0.1 + 0.6 * (v / max);
                return (
                  <button
                    key={fm}
                    type="button"
                    onClick={() => c && onPick(c.segment)}
                    title={c ? `${c.segment}: ${num(c.customers)} customers, ${money(c.revenue)}` : ''}
                    data-testid={`rfm-cell-${r}-${fm}`}
                    className={cx(
                      'flex h-16 flex-col items-center justify-center rounded-md text-center ring-1 ring-inset transition',
                      selected && c?.segment === selected ? 'ring-2 ring-brand-600' : 'ring-slate-200',
                      'hover:ring-brand-400',
                    )}
                    style={{ backgroundColor: `rgba(79, 70, 229, ${alpha})` }}
                  >
                    <span className={'text-sm font-semibold text-slate-900 tabular-nums'}>
                      {measure === 'customers' ? num(v) : money(v, { compact: true })}
                    </span>
                    <span className="max-w-full truncate px-1 text-[10px] text-slate-900">{c?.segment}</span>
                  </button>
                );
              })}
            </div>
          ))}
          <div />
          {[1, 2, 3, 4, 5].map((fm) => (
            <div key={fm} className="pt-1 text-center text-xs font-medium text-slate-500">
              FM{fm}
            </div>
          ))}
        </div>
      </div>
    </Card>
  );
}
