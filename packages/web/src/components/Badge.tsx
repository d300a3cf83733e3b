import type { ReactNode } from 'react';
import { cx } from './cx';
import { lifecycleLabels, titleCase } from '../lib/format';

export type Tone = 'gray' | 'blue' | 'indigo' | 'violet' | 'green' | 'amber' | 'red' | 'teal' | 'sky';

const tones: Record<Tone, string> = {
  gray: 'bg-slate-100 text-slate-700 ring-slate-500/15',
  blue: 'bg-blue-50 text-blue-700 ring-blue-600/15',
  sky: 'bg-sky-50 text-sky-700 ring-sky-600/15',
  indigo: 'bg-indigo-50 text-indigo-700 ring-indigo-600/15',
  violet: 'bg-violet-50 text-violet-700 ring-violet-600/15',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/15',
  teal: 'bg-teal-50 text-teal-700 ring-teal-600/15',
};

export function Badge({
  tone = 'gray',
  children,
  className,
  dot,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
  dot?: boolean;
}) {
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {dot && <span className="size-1.5 rounded-full bg-current opacity-70" />}
      {children}
    </span>
  );
}

const stageTones: Record<string, Tone> = {
  subscriber: 'gray',
  lead: 'sky',
  mql: 'blue',
  sql: 'indigo',
  opportunity: 'violet',
  customer: 'green',
  churned: 'red',
};

export function LifecycleBadge({ stage }: { stage: string | null | undefined }) {
  if (!stage) return <span className="text-slate-400">—</span>;
  return (
    <Badge tone={stageTones[stage] ?? 'gray'} dot>
      {lifecycleLabels[stage] ?? titleCase(stage)}
    </Badge>
  );
}

export function ConsentBadge({ state, label }: { state: string | null | undefined; label?: string }) {
  const tone: Tone = state === 'granted' ? 'green' : state === 'denied' ? 'red' : 'gray';
  return (
    <Badge tone={tone}>
      {label ? `${label}: ` : ''}
      {titleCase(state ?? 'unknown')}
    </Badge>
  );
}

export function DealStatusBadge({ status }: { status: string }) {
  const tone: Tone = status === 'won' ? 'green' : status === 'lost' ? 'red' : 'blue';
  return <Badge tone={tone}>{titleCase(status)}</Badge>;
}

export function RoleBadge({ role }: { role: string }) {
  const tone: Tone =
    role === 'owner'
      ? 'violet'
      : role === 'admin'
        ? 'indigo'
        : role === 'manager'
          ? 'blue'
          : role === 'viewer'
            ? 'gray'
            : 'teal';
  return <Badge tone={tone}>{titleCase(role)}</Badge>;
}
