import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { call, client } from '../../lib/client';
import { money } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { StatCard } from '../../components/StatCard';
import { ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { pct, stepWords } from './seqApi';

const stages = [
  { key: 'sent', label: 'Sent', color: '#c7d2fe' },
  { key: 'opened', label: 'Opened', color: '#818cf8' },
  { key: 'clicked', label: 'Clicked', color: '#6366f1' },
  { key: 'replied', label: 'Replied', color: '#16a34a' },
] as const;

/** How the sequence does: people, the funnel per email and version, the A/B verdicts and the best-time lift. */
export function ResultsTab({ sequenceId }: { sequenceId: string }) {
  const a = useQuery({
    queryKey: ['sequences', sequenceId, 'analytics'],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/sequences/{id}/analytics', { params: { path: { id: sequenceId } }, signal })),
  });
  if (a.error) return <ErrorState error={a.error} onRetry={() => void a.refetch()} title="Could not load results" />;
  if (!a.data)
    return (
      <div className="space-y-4">
        <Skeleton className="h-24" />
        <Skeleton className="h-72" />
      </div>
    );
  const { totals, steps, abTests, sendTime } = a.data;
  const emailSteps = steps.filter((s) => s.variants.length > 0);
  const rows = emailSteps.flatMap((s) =>
    s.variants.map((v) => ({
      name: `Step ${s.position + 1}${s.variants.length > 1 ? ` · ${v.key}` : ''}`,
      ...v,
    })),
  );
  return (
    <div className="space-y-6" data-testid="sequence-results">
      <div className="grid gap-4 sm:grid-cols-3 xl:grid-cols-6">
        <StatCard label="Added" value={totals.enrolled} icon="users" />
        <StatCard label="In progress" value={totals.active} icon="refresh" />
        <StatCard label="Finished" value={totals.completed} icon="check" />
        <StatCard label="Left" value={totals.exited} icon="reply" sub="replied, bought, unsubscribed…" />
        <StatCard label="Deals" value={totals.deals} icon="deals" sub="created after they joined" />
        <StatCard label="Won revenue" value={money(totals.revenue)} icon="dollar" />
      </div>
      <Card>
        <CardHeader
          title="What happened to each email"
          description="Per step and version: sent, opened, clicked, replied."
        />
        {rows.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No emails sent yet.</p>
        ) : (
          <>
            <div className="h-72 px-3 pt-4" data-testid="funnel-chart">
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={rows} margin={{ left: 0, right: 12 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
                  <XAxis dataKey="name" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={40} />
                  <Tooltip />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  {stages.map((s) => (
                    <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} radius={[3, 3, 0, 0]} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium">Email</th>
                  {['Sent', 'Delivered', 'Opened', 'Clicked', 'Replied', 'Bounced', 'Unsubscribed'].map((h) => (
                    <th key={h} className="px-3 py-2 text-right font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {emailSteps.flatMap((s) =>
                  s.variants.map((v) => (
                    <tr key={`${s.stepId}-${v.key}`}>
                      <td className="px-5 py-2 text-slate-800">
                        Step {s.position + 1} · {stepWords[s.kind as keyof typeof stepWords] ?? s.kind}
                        {s.variants.length > 1 ? ` · version ${v.key}` : ''}
                      </td>
                      <td className="px-3 py-2 text-right">{v.sent}</td>
                      <td className="px-3 py-2 text-right">{v.delivered}</td>
                      <td className="px-3 py-2 text-right">
                        {v.opened}{' '}
                        <span className="text-xs text-slate-400">{v.sent ? pct(v.opened / v.sent) : ''}</span>
                      </td>
                      <td className="px-3 py-2 text-right">{v.clicked}</td>
                      <td className="px-3 py-2 text-right">
                        {v.replied}{' '}
                        <span className="text-xs text-slate-400">{v.sent ? pct(v.replied / v.sent) : ''}</span>
                      </td>
                      <td className="px-3 py-2 text-right">{v.bounced}</td>
                      <td className="px-3 py-2 text-right">{v.unsubscribed}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </>
        )}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card testId="ab-results">
          <CardHeader title="A/B tests" description="Which version of an email works better." />
          <div className="space-y-3 p-5">
            {abTests.length === 0 ? (
              <p className="text-sm text-slate-500">
                No test yet: give an email a second version (Steps → the email → “Test another version”).
              </p>
            ) : (
              abTests.map((t) => {
                const step = steps.find((s) => s.stepId === t.stepId);
                return (
                  <div key={`${t.stepId}-${t.metric}`} className="rounded-md bg-slate-50 p-3">
                    <div className="text-sm font-semibold text-slate-900">{t.verdict}</div>
                    <div className="mt-1 text-xs text-slate-500">
                      Step {(step?.position ?? 0) + 1}, {t.metric}: version {t.a.key} {t.a.x} of {t.a.n} (
                      {pct(t.a.n ? t.a.x / t.a.n : null)}), version {t.b.key} {t.b.x} of {t.b.n} (
                      {pct(t.b.n ? t.b.x / t.b.n : null)}) · {pct(t.confidence)} confident
                    </div>
                  </div>
                );
              })
            )}
          </div>
        </Card>
        <Card testId="sendtime-results">
          <CardHeader
            title="Sending at each person's best time"
            description="Compared with the people who got emails at a fixed time."
          />
          <div className="space-y-3 p-5">
            <p className="text-sm font-semibold text-slate-900">{sendTime.verdict}</p>
            <table className="w-full text-sm tabular-nums">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1 font-medium" />
                  <th className="py-1 text-right font-medium">People</th>
                  <th className="py-1 text-right font-medium">Opened</th>
                  <th className="py-1 text-right font-medium">Replied</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td className="py-1 text-slate-700">At their best time</td>
                  <td className="py-1 text-right">{sendTime.optimised.n}</td>
                  <td className="py-1 text-right">{pct(sendTime.optimised.openRate)}</td>
                  <td className="py-1 text-right">{pct(sendTime.optimised.replyRate)}</td>
                </tr>
                <tr>
                  <td className="py-1 text-slate-700">At the fixed time</td>
                  <td className="py-1 text-right">{sendTime.holdout.n}</td>
                  <td className="py-1 text-right">{pct(sendTime.holdout.openRate)}</td>
                  <td className="py-1 text-right">{pct(sendTime.holdout.replyRate)}</td>
                </tr>
              </tbody>
            </table>
            {sendTime.lift !== null && (
              <p className="text-xs text-slate-500">
                Opens at the best time compared with the fixed time: {sendTime.lift >= 0 ? '+' : ''}
                {pct(sendTime.lift, 1)}
              </p>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
