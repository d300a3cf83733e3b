import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ComposedChart,
  Tooltip,
  XAxis,
  YAxis,
  Bar,
  BarChart,
} from 'recharts';
import { Card, CardHeader } from '../../components/Card';
import { EmptyState } from '../../components/EmptyState';
import { fmt, type Report } from './scoringTypes';

const tooltipStyle = { borderRadius: 8, border: '1px solid #e2e8f0', fontSize: 12 };
const tick = { fontSize: 12, fill: '#64748b' };
const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Predicted vs observed rate per probability bin: on the diagonal means "40%" really is 40%. */
export function CalibrationChart({ report }: { report: Report }) {
  const bins = (report.test?.calibration ?? []).filter(
    (b) => b.count > 0 && b.predicted !== null && b.observed !== null,
  );
  return (
    <Card testId="calibration-chart">
      <CardHeader
        title="Calibration"
        description={
          report.test
            ? `Predicted vs observed rate on the newest 20% · average gap ${fmt(report.test.ece !== null ? report.test.ece * 100 : null, 1)} points`
            : 'Not tested'
        }
      />
      <div className="h-64 px-2 pt-3 pb-2">
        {bins.length === 0 ? (
          <EmptyState
            compact
            icon="info"
            title="No test rows"
            description="Too few outcomes to draw a calibration curve."
          />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={bins} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid stroke="#f1f5f9" />
              <XAxis
                type="number"
                dataKey="predicted"
                domain={[0, 1]}
                tickFormatter={percent}
                tick={tick}
                tickLine={false}
                label={{ value: 'predicted', position: 'insideBottom', offset: -8, fontSize: 11, fill: '#94a3b8' }}
              />
              <YAxis
                type="number"
                domain={[0, 1]}
                tickFormatter={percent}
                tick={tick}
                tickLine={false}
                axisLine={false}
                width={44}
              />
              <Tooltip contentStyle={tooltipStyle} formatter={(v) => percent(Number(v))} />
              <Line
                data={[
                  { predicted: 0, ideal: 0 },
                  { predicted: 1, ideal: 1 },
                ]}
                dataKey="ideal"
                name="Perfect"
                stroke="#cbd5e1"
                strokeDasharray="4 4"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="observed"
                name="Observed"
                stroke="#4f46e5"
                strokeWidth={2}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
              <Scatter dataKey="observed" fill="#4f46e5" />
            </ComposedChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

/** Share of all conversions found when calling the top x% of scored records first, vs calling at random. */
export function GainsChart({ report }: { report: Report }) {
  const points = (report.test?.gains ?? []).map((g) => ({ ...g, random: g.fraction }));
  const at10 = report.test?.liftAt10;
  return (
    <Card testId="gains-chart">
      <CardHeader
        title="Cumulative gains"
        description={
          report.test
            ? `Calling the top 10% first finds ${fmt(at10 ?? null, 1)}× as many as calling at random`
            : 'Not tested'
        }
      />
      <div className="h-64 px-2 pt-3 pb-2">
        {points.length === 0 ? (
          <EmptyState
            compact
            icon="info"
            title="No test rows"
            description="Too few outcomes to draw the gains chart."
          />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={points} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid stroke="#f1f5f9" />
              <XAxis
                type="number"
                dataKey="fraction"
                domain={[0, 1]}
                tickFormatter={percent}
                tick={tick}
                tickLine={false}
                label={{
                  value: 'records called, best first',
                  position: 'insideBottom',
                  offset: -8,
                  fontSize: 11,
                  fill: '#94a3b8',
                }}
              />
              <YAxis domain={[0, 1]} tickFormatter={percent} tick={tick} tickLine={false} axisLine={false} width={44} />
              <Tooltip
                contentStyle={tooltipStyle}
                formatter={(v, n) => [percent(Number(v)), n]}
                labelFormatter={(l) => `Top ${percent(Number(l))}`}
              />
              <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 12 }} />
              <Line
                dataKey="gain"
                name="Model"
                stroke="#4f46e5"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="random"
                name="Random"
                stroke="#cbd5e1"
                strokeDasharray="4 4"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

/** AUC and Brier of this model, the previous version and the rules baseline, on the same test rows. */
export function ComparisonChart({ report, version }: { report: Report; version: number }) {
  const rows = [
    report.test && { name: `v${version} (this)`, auc: report.test.auc, brier: report.test.brier },
    report.previous && {
      name: `v${report.previous.version} (previous)`,
      auc: report.previous.auc,
      brier: report.previous.brier,
    },
    report.baseline && { name: 'Rules baseline', auc: report.baseline.auc, brier: report.baseline.brier },
  ].filter((r): r is { name: string; auc: number | null; brier: number | null } => Boolean(r));
  return (
    <Card testId="comparison-chart">
      <CardHeader
        title="Against the alternatives"
        description="ROC AUC on the same newest 20% (higher is better; 0.5 is chance)"
      />
      <div className="h-64 px-2 pt-3 pb-2">
        {rows.length === 0 ? (
          <EmptyState compact icon="info" title="Nothing to compare" description="The model could not be tested." />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
              <CartesianGrid horizontal={false} stroke="#f1f5f9" />
              <XAxis
                type="number"
                domain={[0.4, 1]}
                tick={tick}
                tickLine={false}
                tickFormatter={(v: number) => v.toFixed(1)}
              />
              <YAxis type="category" dataKey="name" tick={tick} tickLine={false} axisLine={false} width={120} />
              <Tooltip
                contentStyle={tooltipStyle}
                formatter={(v, n) => [Number(v).toFixed(3), n === 'auc' ? 'AUC' : n]}
              />
              <Bar
                dataKey="auc"
                name="auc"
                fill="#4f46e5"
                radius={[0, 4, 4, 0]}
                barSize={18}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
