import { useMemo, useState } from 'react';
import type { Activity } from '../lib/types';
import { dateTime, relative } from '../lib/format';
import { ActivityIcon, activityMeta, activitySummary } from './ActivityIcon';
import { EmptyState } from './EmptyState';
import { Link } from './Link';
import { cx } from './cx';

const groups: { id: string; label: string; types: string[] }[] = [
  { id: 'all', label: 'All', types: [] },
  { id: 'email', label: 'Emails', types: ['email_sent', 'email_opened', 'email_clicked', 'email_replied'] },
  { id: 'calls', label: 'Calls & meetings', types: ['call', 'meeting'] },
  { id: 'notes', label: 'Notes & tasks', types: ['note', 'task'] },
  { id: 'web', label: 'Web', types: ['web_visit', 'form_fill', 'chat'] },
];

function day(iso: string) {
  return new Date(iso).toLocaleDateString('en-US', {
    weekday: 'short',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  });
}

/** Activities newest first, grouped by day, with a type filter. */
export function Timeline({ activities, showContact }: { activities: Activity[]; showContact?: boolean }) {
  const [group, setGroup] = useState('all');
  const [limit, setLimit] = useState(40);
  const filtered = useMemo(() => {
    const g = groups.find((x) => x.id === group);
    return !g || g.types.length === 0 ? activities : activities.filter((a) => g.types.includes(a.type));
  }, [activities, group]);
  const shown = filtered.slice(0, limit);
  const byDay: { day: string; items: Activity[] }[] = [];
  for (const a of shown) {
    const d = day(a.occurredAt);
    const last = byDay[byDay.length - 1];
    if (last && last.day === d) last.items.push(a);
    else byDay.push({ day: d, items: [a] });
  }

  return (
    <div data-testid="timeline">
      <div className="flex gap-1 border-b border-slate-100 px-5 py-2">
        {groups.map((g) => {
          const n =
            g.types.length === 0 ? activities.length : activities.filter((a) => g.types.includes(a.type)).length;
          return (
            <button
              key={g.id}
              type="button"
              onClick={() => setGroup(g.id)}
              className={cx(
                'rounded-md px-2.5 py-1 text-xs font-medium',
                group === g.id ? 'bg-slate-900 text-white' : 'text-slate-600 hover:bg-slate-100',
              )}
            >
              {g.label} <span className={group === g.id ? 'text-slate-300' : 'text-slate-400'}>{n}</span>
            </button>
          );
        })}
      </div>
      {shown.length === 0 ? (
        <EmptyState
          icon="inbox"
          title="No activity yet"
          description="Emails, calls, meetings, notes and website visits will appear here."
        />
      ) : (
        <div className="px-5 py-4">
          {byDay.map((d) => (
            <div key={d.day} className="mb-4 last:mb-0">
              <div className="mb-2 text-xs font-semibold text-slate-500">{d.day}</div>
              <ol className="relative ml-4 border-l border-slate-200">
                {d.items.map((a) => (
                  <li
                    key={a.id}
                    className="relative mb-3 ml-6 last:mb-0"
                    data-testid="timeline-item"
                    data-type={a.type}
                  >
                    <ActivityIcon type={a.type} className="absolute top-0 -left-10 ring-4 ring-white" />
                    <div className="flex items-baseline justify-between gap-3">
                      <div className="min-w-0 text-sm">
                        <span className="font-medium text-slate-900">{activityMeta[a.type]?.label ?? a.type}</span>
                        {activitySummary(a) && <span className="text-slate-600"> · {activitySummary(a)}</span>}
                      </div>
                      <time
                        className="shrink-0 text-xs text-slate-400"
                        dateTime={a.occurredAt}
                        title={dateTime(a.occurredAt)}
                      >
                        {relative(a.occurredAt)}
                      </time>
                    </div>
                    {a.body && <p className="mt-1 line-clamp-3 text-sm whitespace-pre-line text-slate-600">{a.body}</p>}
                    {((showContact && a.contactId) || a.ownerName) && (
                      <p className="mt-0.5 text-xs text-slate-400">
                        {showContact && a.contactId && (
                          <>
                            with{' '}
                            <Link
                              to={`/contacts/${a.contactId}`}
                              className="font-medium text-slate-500 hover:text-brand-700"
                            >
                              {a.contactName ?? 'contact'}
                            </Link>
                            {a.ownerName && ' · '}
                          </>
                        )}
                        {a.ownerName && `by ${a.ownerName}`}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          ))}
          {filtered.length > limit && (
            <button
              type="button"
              onClick={() => setLimit((l) => l + 40)}
              className="mt-2 w-full rounded-md py-2 text-sm font-medium text-brand-600 hover:bg-brand-50"
            >
              Show {Math.min(40, filtered.length - limit)} more
            </button>
          )}
        </div>
      )}
    </div>
  );
}
