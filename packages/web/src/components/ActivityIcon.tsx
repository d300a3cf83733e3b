import type { ActivityType } from '../lib/types';
import { Icon, type IconName } from './Icon';
import { cx } from './cx';

export const activityMeta: Record<ActivityType, { icon: IconName; label: string; tone: string }> = {
  email_sent: { icon: 'mail', label: 'Email sent', tone: 'bg-sky-50 text-sky-600 ring-sky-200' },
  email_opened: { icon: 'mailOpen', label: 'Email opened', tone: 'bg-blue-50 text-blue-600 ring-blue-200' },
  email_clicked: { icon: 'click', label: 'Email link clicked', tone: 'bg-indigo-50 text-indigo-600 ring-indigo-200' },
  email_replied: { icon: 'reply', label: 'Email replied', tone: 'bg-violet-50 text-violet-600 ring-violet-200' },
  call: { icon: 'phone', label: 'Call', tone: 'bg-emerald-50 text-emerald-600 ring-emerald-200' },
  meeting: { icon: 'calendar', label: 'Meeting', tone: 'bg-amber-50 text-amber-600 ring-amber-200' },
  note: { icon: 'note', label: 'Note', tone: 'bg-slate-50 text-slate-600 ring-slate-200' },
  task: { icon: 'task', label: 'Task', tone: 'bg-teal-50 text-teal-600 ring-teal-200' },
  web_visit: { icon: 'globe', label: 'Website visit', tone: 'bg-cyan-50 text-cyan-600 ring-cyan-200' },
  form_fill: { icon: 'form', label: 'Form filled', tone: 'bg-rose-50 text-rose-600 ring-rose-200' },
  chat: { icon: 'reply', label: 'Website chat', tone: 'bg-sky-50 text-sky-600 ring-sky-200' },
};

export function ActivityIcon({ type, className }: { type: string; className?: string }) {
  const m = activityMeta[type as ActivityType] ?? {
    icon: 'info' as IconName,
    tone: 'bg-slate-50 text-slate-500 ring-slate-200',
  };
  return (
    <span
      className={cx('flex size-8 shrink-0 items-center justify-center rounded-full ring-1', m.tone, className)}
      data-testid={`activity-icon-${type}`}
    >
      <Icon name={m.icon} className="size-4" />
    </span>
  );
}

/** The short line shown next to an activity's label: its subject, or the page or form it was about. */
export function activitySummary(
  a: { subject?: string | null; body?: string | null; metadata?: Record<string, unknown> },
  withBody = false,
): string | null {
  if (a.subject) return a.subject;
  const m = a.metadata ?? {};
  for (const k of ['page', 'url', 'path', 'form', 'campaign']) {
    const v = m[k];
    if (typeof v === 'string' && v) return v;
  }
  if (withBody && a.body) return a.body.length > 70 ? `${a.body.slice(0, 70)}…` : a.body;
  return null;
}
