import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import { Skeleton } from './Spinner';

export function StatCard({
  label,
  value,
  sub,
  icon,
  loading,
  testId,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  icon: IconName;
  loading?: boolean;
  testId?: string;
}) {
  return (
    <div className="rounded-xl bg-white p-5 shadow-xs ring-1 ring-slate-200" data-testid={testId}>
      <div className="flex items-center justify-between">
        <span className="text-sm font-medium text-slate-500">{label}</span>
        <span className="flex size-8 items-center justify-center rounded-lg bg-slate-50 text-slate-500 ring-1 ring-slate-200/70">
          <Icon name={icon} className="size-4" />
        </span>
      </div>
      {loading ? (
        <Skeleton className="mt-3 h-7 w-24" />
      ) : (
        <div className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</div>
      )}
      {sub && <div className="mt-1 text-xs text-slate-500">{sub}</div>}
    </div>
  );
}
