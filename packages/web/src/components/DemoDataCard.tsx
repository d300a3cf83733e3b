import { useState } from 'react';
import { api } from '../lib/api';
import { waitForJob } from '../lib/jobs';
import { isAdmin, useMe } from '../lib/auth';
import type { Job } from '../lib/types';
import { invalidateUsers } from '../lib/users';
import { Button } from './Button';
import { Card } from './Card';
import { Icon } from './Icon';
import { InlineError } from './EmptyState';
import { ProgressBar } from './ProgressBar';
import { navigate } from '../lib/router';

/** The empty-workspace welcome: load the demo data set as a background job and show its progress. */
export function DemoDataCard({ onLoaded }: { onLoaded: () => void }) {
  const { user } = useMe();
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = job !== null && job.state !== 'done' && job.state !== 'failed';

  const start = async () => {
    setError(null);
    try {
      const res = await api.post<{ job: Job } | Job>('/api/v1/demo');
      const first = 'job' in res ? res.job : res;
      setJob(first);
      const final = await waitForJob(first.id, setJob);
      if (final.state === 'failed')
        setError(new Error(final.error || final.message || 'Loading the demo data failed.'));
      else {
        invalidateUsers();
        onLoaded();
      }
    } catch (e) {
      setError(e);
      setJob(null);
    }
  };

  return (
    <Card className="overflow-hidden" testId="empty-workspace">
      <div className="grid gap-0 md:grid-cols-[1.3fr_1fr]">
        <div className="p-8">
          <span className="inline-flex items-center gap-1.5 rounded-full bg-brand-50 px-2.5 py-1 text-xs font-medium text-brand-700">
            <Icon name="sparkles" className="size-3.5" /> Getting started
          </span>
          <h2 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">Your workspace is empty</h2>
          <p className="mt-2 max-w-lg text-sm text-slate-600">
            Bring in the contacts, companies and deals you already have, or explore Pipewise with a realistic demo
            business: a few hundred contacts, a sales pipeline, orders and a year of activity.
          </p>
          {error ? (
            <div className="mt-5 max-w-lg">
              <InlineError error={error} />
            </div>
          ) : null}
          {job && (
            <div className="mt-6 max-w-lg" data-testid="demo-progress">
              <div className="mb-1.5 flex justify-between text-xs text-slate-600">
                <span>{job.message || (job.state === 'queued' ? 'Waiting to start…' : 'Loading demo data…')}</span>
                <span className="tabular-nums">{Math.round((job.progress ?? 0) * 100)}%</span>
              </div>
              <ProgressBar value={job.state === 'queued' ? null : (job.progress ?? 0)} />
            </div>
          )}
          <div className="mt-6 flex flex-wrap gap-2">
            {isAdmin(user.role) ? (
              <Button
                variant="primary"
                icon="database"
                onClick={() => void start()}
                loading={running}
                data-testid="load-demo"
              >
                {running ? 'Loading demo data…' : 'Load demo data'}
              </Button>
            ) : (
              <p className="text-sm text-slate-500">Ask a workspace admin to import data or load the demo.</p>
            )}
            {user.role !== 'viewer' && (
              <Button icon="plus" onClick={() => navigate('/contacts?new=1')} disabled={running}>
                Add a contact
              </Button>
            )}
          </div>
        </div>
        <div className="hidden border-l border-slate-100 bg-slate-50/70 p-8 md:block">
          <h3 className="text-xs font-semibold tracking-wider text-slate-500 uppercase">What you get</h3>
          <ul className="mt-4 space-y-3 text-sm text-slate-700">
            {[
              'Contacts with lifecycle stages and consent',
              'Companies, deals and a sales pipeline',
              'Orders and a year of activity history',
              'Everything removable later',
            ].map((t) => (
              <li key={t} className="flex items-start gap-2">
                <Icon name="check" className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                {t}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Card>
  );
}
