import { Card, CardHeader } from '../../components/Card';
import { Badge } from '../../components/Badge';
import { Link } from '../../components/Link';
import { Skeleton } from '../../components/Spinner';
import { EmptyState } from '../../components/EmptyState';
import { num } from '../../lib/format';
import { ScoreGauge } from './ScoreGauge';
import { componentLabels, type Check, type QualityReport } from './types';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const barColor = (ok: number) => (ok >= 0.9 ? 'bg-emerald-500' : ok >= 0.7 ? 'bg-amber-400' : 'bg-red-400');

export function ScoreCard({ report }: { report: QualityReport | undefined }) {
  return (
    <Card testId="quality-score-card">
      <CardHeader
        title="Data quality score"
        description={
          report ? `${num(report.records.contacts)} contacts · ${num(report.records.companies)} companies` : ' '
        }
      />
      <div className="flex flex-col items-center gap-4 px-5 py-4">
        {report ? (
          report.score === null ? (
            <p className="py-8 text-sm text-slate-500" data-testid="quality-no-score">
              No score yet: there are no contacts or companies to measure.
            </p>
          ) : (
            <ScoreGauge score={report.score} />
          )
        ) : (
          <Skeleton className="h-32 w-56" />
        )}
        <div className="w-full space-y-2">
          {(report?.components ?? []).map((p) => (
            <div
              key={p.component}
              className="flex items-center justify-between text-xs"
              data-testid={`component-${p.component}`}
            >
              <span className="text-slate-600">{componentLabels[p.component] ?? p.component}</span>
              <span className="tabular-nums text-slate-500">
                {p.ok === null ? (
                  'not measured'
                ) : (
                  <>
                    <span className="font-medium text-slate-900">{p.points.toFixed(1)}</span> / {p.weight.toFixed(0)}{' '}
                    pts
                  </>
                )}
              </span>
            </div>
          ))}
        </div>
      </div>
    </Card>
  );
}

export function FixesCard({ report }: { report: QualityReport | undefined }) {
  return (
    <Card testId="quality-fixes">
      <CardHeader title="Top fixes" description="The three changes that would raise the score most" />
      <ol className="divide-y divide-slate-100">
        {!report &&
          [0, 1, 2].map((i) => (
            <li key={i} className="px-5 py-4">
              <Skeleton className="h-5 w-3/4" />
            </li>
          ))}
        {report && report.fixes.length === 0 && (
          <EmptyState compact icon="check" title="Nothing to fix" description="Every check passes." />
        )}
        {report?.fixes.map((f, i) => (
          <li key={f.checkId} className="flex items-start gap-3 px-5 py-3.5" data-testid="quality-fix">
            <span className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-600/15">
              {i + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-sm text-slate-800">{f.title}</p>
              <Link to={f.link} className="mt-0.5 inline-block text-xs font-medium text-brand-600 hover:text-brand-700">
                Show the {num(f.affected)} {f.entity} →
              </Link>
            </div>
            <Badge tone="green">+{f.points.toFixed(1)} pts</Badge>
          </li>
        ))}
      </ol>
    </Card>
  );
}

function CheckBar({ check }: { check: Check }) {
  return (
    <Link
      to={`/data-quality?issue=${encodeURIComponent(check.id)}`}
      className="block rounded-md px-2 py-1.5 hover:bg-slate-50"
      data-testid={`check-${check.id}`}
    >
      <div className="flex items-center justify-between gap-3 text-xs">
        <span className="truncate text-slate-700" title={check.label}>
          {check.label}
        </span>
        <span className="shrink-0 tabular-nums text-slate-500">
          {check.affected ? `${num(check.affected)} of ${num(check.total)}` : 'none'} ·{' '}
          <span className="font-medium text-slate-800">{pct(check.ok)} ok</span>
        </span>
      </div>
      <div className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-slate-100">
        <div
          className={`h-full rounded-full ${barColor(check.ok)}`}
          style={{ width: `${Math.max(1, check.ok * 100)}%` }}
        />
      </div>
    </Link>
  );
}

export function ChecksCard({ report }: { report: QualityReport | undefined }) {
  const groups: [string, (c: Check) => boolean][] = [
    ['Completeness', (c) => c.component === 'completeness'],
    ['Validity', (c) => c.component === 'validity'],
    ['Duplicates, freshness and consent', (c) => !['completeness', 'validity'].includes(c.component)],
  ];
  return (
    <Card testId="quality-checks" className="xl:col-span-2">
      <CardHeader
        title="Fields"
        description={
          report ? `Completeness and validity per field; stale means no activity in ${report.staleMonths} months` : ' '
        }
      />
      <div className="grid gap-x-6 gap-y-4 px-3 py-4 lg:grid-cols-2">
        {!report && <Skeleton className="mx-2 h-40" />}
        {report &&
          groups.map(([title, f]) => {
            const list = report.checks.filter(f);
            if (!list.length) return null;
            return (
              <div key={title}>
                <h3 className="px-2 pb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">{title}</h3>
                {list.map((c) => (
                  <CheckBar key={c.id} check={c} />
                ))}
              </div>
            );
          })}
      </div>
    </Card>
  );
}
