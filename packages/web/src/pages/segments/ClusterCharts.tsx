import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  CartesianGrid,
  Cell,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import { api } from '../../lib/api';
import { money, num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Input } from '../../components/Field';
import { Skeleton } from '../../components/Spinner';
import { EmptyState } from '../../components/EmptyState';
import { useToast } from '../../components/Toast';
import type { ClusterProfile, SweepPoint } from './segmentTypes';

export const clusterColors = ['#4f46e5', '#10b981', '#f59e0b', '#ef4444', '#0ea5e9', '#8b5cf6', '#ec4899', '#64748b'];
const tooltipStyle = { borderRadius: 8, border: '1px solid #e2e8f0', fontSize: 12 };

/** Silhouette for each k tried; the chosen k is the highest. */
export function SweepChart({ sweep, bestK }: { sweep: SweepPoint[]; bestK: number | null }) {
  return (
    <Card testId="k-sweep">
      <CardHeader
        title="Choosing k"
        description={
          bestK
            ? `Silhouette per k (higher = better separated); k = ${bestK} chosen`
            : 'No sweep: too few customers to cluster'
        }
      />
      <div className="h-56 px-2 pt-3 pb-2">
        {sweep.length === 0 ? (
          <EmptyState
            compact
            icon="info"
            title="Not enough customers"
            description="Clustering needs at least 3 customers with 2 different profiles."
          />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={sweep} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid vertical={false} stroke="#f1f5f9" />
              <XAxis
                dataKey="k"
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 12, fill: '#64748b' }}
                tickFormatter={(k: number) => `k=${k}`}
              />
              <YAxis
                tickLine={false}
                axisLine={false}
                tick={{ fontSize: 12, fill: '#94a3b8' }}
                domain={['auto', 'auto']}
                tickFormatter={(v: number) => v.toFixed(2)}
                width={44}
              />
              <Tooltip
                contentStyle={tooltipStyle}
                formatter={(v) => [Number(v).toFixed(4), 'Silhouette']}
                labelFormatter={(k) => `k = ${k}`}
              />
              <Line
                type="monotone"
                dataKey="silhouette"
                stroke="#4f46e5"
                strokeWidth={2}
                dot={(p: { cx?: number; cy?: number; payload?: SweepPoint }) => (
                  <circle
                    key={p.payload?.k}
                    cx={p.cx}
                    cy={p.cy}
                    r={p.payload?.k === bestK ? 6 : 3}
                    fill={p.payload?.k === bestK ? '#4f46e5' : '#fff'}
                    stroke="#4f46e5"
                    strokeWidth={2}
                  />
                )}
              />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

type Point = { recency_days: number; frequency: number; monetary: number; cluster: number; segment: string };

/** Customers by days since last order and spend (log scale), coloured by cluster. */
export function ClusterScatter({ profiles }: { profiles: ClusterProfile[] }) {
  const points = useQuery({
    queryKey: ['segments', 'scatter'],
    queryFn: ({ signal }) => api.get<{ data: Point[] }>('/api/v1/segments/scatter', { limit: 1500 }, signal),
  });
  const byCluster = profiles.map((p) => ({
    p,
    data: (points.data?.data ?? [])
      .filter((d) => d.cluster === p.cluster)
      .map((d) => ({ ...d, spend: Math.max(1, d.monetary) })),
  }));
  return (
    <Card testId="cluster-scatter" className="xl:col-span-2">
      <CardHeader
        title="Customers by cluster"
        description="Days since last order × spend (log scale), one dot per customer (a spread sample above 1,500)"
      />
      <div className="h-72 px-2 pt-3 pb-2">
        {!points.data ? (
          <Skeleton className="mx-4 h-60" />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="#f1f5f9" />
              <XAxis
                type="number"
                dataKey="recency_days"
                name="Days since last order"
                tickLine={false}
                tick={{ fontSize: 12, fill: '#64748b' }}
                label={{
                  value: 'days since last order',
                  position: 'insideBottom',
                  offset: -4,
                  fontSize: 11,
                  fill: '#94a3b8',
                }}
              />
              <YAxis
                type="number"
                dataKey="spend"
                name="Spend"
                scale="log"
                domain={['auto', 'auto']}
                tickLine={false}
                tick={{ fontSize: 12, fill: '#94a3b8' }}
                tickFormatter={(v: number) => money(v, { compact: true })}
                width={64}
              />
              <ZAxis range={[18, 18]} />
              <Tooltip
                contentStyle={tooltipStyle}
                formatter={(v, n) => (n === 'Spend' ? money(Number(v)) : num(Number(v)))}
              />
              {byCluster.map(({ p, data }) => (
                <Scatter
                  key={p.cluster}
                  name={p.name}
                  data={data}
                  fill={clusterColors[p.cluster % clusterColors.length]}
                  fillOpacity={0.6}
                >
                  {data.map((_, i) => (
                    <Cell key={i} />
                  ))}
                </Scatter>
              ))}
            </ScatterChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}

/** Each cluster in words, with a name people can change (kept for later runs of a cluster with the same profile). */
export function ClusterProfiles({
  profiles,
  features,
  canEdit,
  onRenamed,
  onPick,
}: {
  profiles: ClusterProfile[];
  features: string[];
  canEdit: boolean;
  onRenamed: () => void;
  onPick: (p: ClusterProfile) => void;
}) {
  return (
    <Card testId="cluster-profiles">
      <CardHeader title="Cluster profiles" description={`k-means on ${features.join(', ')}`} />
      <div className="divide-y divide-slate-100">
        {profiles.map((p) => (
          <ClusterRow key={p.cluster} p={p} canEdit={canEdit} onRenamed={onRenamed} onPick={onPick} />
        ))}
      </div>
    </Card>
  );
}

function ClusterRow({
  p,
  canEdit,
  onRenamed,
  onPick,
}: {
  p: ClusterProfile;
  canEdit: boolean;
  onRenamed: () => void;
  onPick: (p: ClusterProfile) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(p.name);
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const save = async () => {
    setSaving(true);
    try {
      await api.patch(`/api/v1/segments/clusters/${p.cluster}`, { name });
      setEditing(false);
      onRenamed();
    } catch (e) {
      toast('error', (e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="px-5 py-3" data-testid={`cluster-${p.cluster}`}>
      <div className="flex items-center gap-2">
        <span
          className="size-3 shrink-0 rounded-full"
          style={{ backgroundColor: clusterColors[p.cluster % clusterColors.length] }}
        />
        {editing ? (
          <form
            className="flex flex-1 gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <Input
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={120}
              autoFocus
              aria-label="Cluster name"
            />
            <Button size="sm" variant="primary" type="submit" loading={saving}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </form>
        ) : (
          <>
            <button
              type="button"
              className="text-sm font-semibold text-slate-900 hover:text-brand-700"
              onClick={() => onPick(p)}
            >
              {p.name}
            </button>
            <span className="text-xs text-slate-500 tabular-nums">
              {num(p.size)} · {(p.share * 100).toFixed(0)}%
            </span>
            {canEdit && (
              <Button
                size="sm"
                variant="ghost"
                icon="edit"
                className="ml-auto"
                onClick={() => setEditing(true)}
                aria-label={`Rename cluster ${p.cluster}`}
              >
                Rename
              </Button>
            )}
          </>
        )}
      </div>
      <p className="mt-1 pl-5 text-xs text-slate-600">{p.description}</p>
    </div>
  );
}
