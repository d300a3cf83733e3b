import { call, client } from '../../lib/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, CardHeader } from '../../components/Card';
import { Badge, type Tone } from '../../components/Badge';
import { Link } from '../../components/Link';
import { errorMessage } from '../../lib/api';

const scoreTone = (s: number): Tone => (s >= 80 ? 'green' : s >= 60 ? 'amber' : 'red');

/** "Data quality of this import": the report over the contacts and companies the import created or updated (docs/data-quality.md). */
export function ImportQualityCard({ importId, version }: { importId: string; version: string }) {
  const report = useQuery({
    queryKey: ['data-quality', 'report', importId, version],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/data-quality/report', { params: { query: { importId } }, signal })),
    placeholderData: keepPreviousData,
  });
  const r = report.data;
  const records = r ? r.records.contacts + r.records.companies : 0;
  return (
    <Card className="mb-6" testId="import-quality">
      <CardHeader
        title="Data quality of this import"
        description={
          r
            ? `${r.records.contacts.toLocaleString()} contacts · ${r.records.companies.toLocaleString()} companies created or updated by this import`
            : ' '
        }
        actions={
          r && records > 0 && r.score !== null ? (
            <span className="flex items-center gap-2 text-sm text-slate-600">
              Score{' '}
              <Badge tone={scoreTone(r.score)}>
                <span data-testid="import-quality-score">{r.score}</span> / 100
              </Badge>
            </span>
          ) : undefined
        }
      />
      <div className="px-5 py-3 text-sm">
        {report.error ? (
          <p className="text-slate-500">Could not load the report: {errorMessage(report.error)}</p>
        ) : !r ? (
          <p className="text-slate-400">Loading…</p>
        ) : records === 0 ? (
          <p className="text-slate-500">This import created or updated no contacts or companies.</p>
        ) : r.fixes.length === 0 ? (
          <p className="text-slate-600">Every check passes for these records.</p>
        ) : (
          <ol className="space-y-1.5">
            {r.fixes.map((f, i) => (
              <li
                key={f.checkId}
                className="flex items-baseline justify-between gap-4"
                data-testid="import-quality-fix"
              >
                <span className="text-slate-700">
                  <span className="mr-2 text-xs font-semibold text-slate-400">{i + 1}.</span>
                  {f.title}
                </span>
                <span className="shrink-0 tabular-nums text-xs font-medium text-brand-700">+{f.points} pts</span>
              </li>
            ))}
          </ol>
        )}
        <p className="mt-3 text-xs text-slate-500">
          <Link to="/data-quality" className="text-brand-700 hover:underline">
            Data quality
          </Link>{' '}
          has the whole workspace's report and the duplicates review.
        </p>
      </div>
    </Card>
  );
}
