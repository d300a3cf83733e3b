import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { money, num } from '../../lib/format';
import { periodLabel, type SeriesForecast } from './types';

type Row = {
  label: string;
  actual?: number;
  partial?: number;
  mean?: number;
  band80?: [number, number];
  band95?: [number, number];
};

/** History (solid), the period in progress (hollow dot), forecast (dashed) with shaded 80% and 95% ranges. */
export function ForecastChart({ f }: { f: SeriesForecast }) {
  const fmt = (v: number) => (f.metric === 'revenue' ? money(v, { compact: true }) : num(v, { compact: true }));
  const rows: Row[] = f.history.map((h) => ({ label: periodLabel(h.period, f.grain), actual: h.value }));
  // The forecast line starts at the last actual so the two lines join.
  const last = rows[rows.length - 1];
  if (last && last.actual !== undefined && f.forecast.length) {
    last.mean = last.actual;
    last.band80 = [last.actual, last.actual];
    last.band95 = [last.actual, last.actual];
  }
  f.forecast.forEach((p, i) => {
    rows.push({
      label: periodLabel(p.period, f.grain),
      mean: p.mean,
      band80: [p.lo80, p.hi80],
      band95: [p.lo95, p.hi95],
      partial: i === 0 && f.current?.period === p.period ? f.current.value : undefined,
    });
  });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid vertical={false} stroke="#f1f5f9" />
        <XAxis
          dataKey="label"
          tickLine={false}
          axisLine={false}
          tick={{ fontSize: 12, fill: '#64748b' }}
          minTickGap={16}
        />
        <YAxis
          tickLine={false}
          axisLine={false}
          tick={{ fontSize: 12, fill: '#94a3b8' }}
          tickFormatter={fmt}
          width={64}
        />
        <Tooltip
          contentStyle={{
            borderRadius: 8,
            border: '1px solid #e2e8f0',
            fontSize: 12,
            boxShadow: '0 4px 12px rgba(15,23,42,.08)',
          }}
          formatter={(v, name) => [
            Array.isArray(v) ? `${fmt(Number(v[0]))} – ${fmt(Number(v[1]))}` : fmt(Number(v)),
            String(name),
          ]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} />
        <Area
          type="monotone"
          dataKey="band95"
          name="95% range"
          stroke="none"
          fill="#c7d2fe"
          fillOpacity={0.45}
          isAnimationActive={false}
        />
        <Area
          type="monotone"
          dataKey="band80"
          name="80% range"
          stroke="none"
          fill="#818cf8"
          fillOpacity={0.45}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="actual"
          name="Actual"
          stroke="#0f172a"
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="mean"
          name="Forecast"
          stroke="#4f46e5"
          strokeWidth={2}
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="partial"
          name="So far this period"
          stroke="none"
          dot={{ r: 4, fill: '#fff', stroke: '#0f172a', strokeWidth: 2 }}
          legendType="circle"
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
