import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { useDocumentTitle } from '../../lib/hooks';
import { useBackgroundJob } from '../../lib/jobs';
import { useLocation, navigate } from '../../lib/router';
import { PageHeader, Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { ErrorState } from '../../components/EmptyState';
import { useToast } from '../../components/Toast';
import { ChecksCard, FixesCard, ScoreCard } from './ReportCards';
import { DuplicatesCard } from './DuplicatesCard';
import { MergesCard } from './MergesCard';
import { IssueCard } from './IssueCard';

/** Score, field checks and top fixes, the duplicates review list and recent merges (docs/data-quality.md). */
export function DataQualityPage() {
  useDocumentTitle('Data quality');
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const issue = params.get('issue');
  const type = params.get('type') === 'companies' ? 'companies' : 'contacts';
  const queryClient = useQueryClient();
  const toast = useToast();
  const report = useQuery({
    queryKey: ['data-quality', 'report'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/data-quality/report', { signal })),
  });
  // A merge, an undo or a scan changes the report, the duplicates and the merges: all of ['data-quality'] is re-read.
  const changed = () => void queryClient.invalidateQueries({ queryKey: ['data-quality'] });
  const scanJob = useBackgroundJob({
    invalidate: [['data-quality']],
    onDone: () => toast('success', 'Duplicate scan finished'),
    onFailed: (j) => toast('error', j.error ?? 'The scan failed'),
  });
  const scan = scanJob.running ? (scanJob.job ?? { message: null, progress: 0 }) : null;
  const runScan = () =>
    scanJob.start(() => call(client.POST('/api/v1/data-quality/scans', { body: {} })), {
      onError: (e) => toast('error', e.message),
    });

  return (
    <div data-testid="data-quality-page">
      <PageHeader
        title="Data quality"
        description="How complete, valid and duplicate-free your records are, and what to fix first."
        actions={
          <Button
            variant="primary"
            icon="refresh"
            onClick={runScan}
            loading={scan !== null}
            data-testid="scan-duplicates"
          >
            Scan for duplicates
          </Button>
        }
      />
      {scan && (
        <Card className="mb-4 px-5 py-3" testId="scan-progress">
          <div className="mb-1.5 flex justify-between text-xs text-slate-600">
            <span>{scan.message || 'Scanning…'}</span>
            <span className="tabular-nums">{Math.round((scan.progress ?? 0) * 100)}%</span>
          </div>
          <ProgressBar value={scan.progress ?? null} />
        </Card>
      )}
      {issue && <IssueCard checkId={issue} />}
      {report.error ? (
        <Card>
          <ErrorState
            error={report.error}
            onRetry={() => void report.refetch()}
            title="Could not load the data-quality report"
          />
        </Card>
      ) : (
        <>
          <div className="grid gap-4 xl:grid-cols-3">
            <ScoreCard report={report.data} />
            <div className="grid gap-4 xl:col-span-2">
              <FixesCard report={report.data} />
            </div>
          </div>
          <div className="mt-4 grid gap-4 xl:grid-cols-3">
            <ChecksCard report={report.data} />
            <MergesCard onChanged={changed} />
          </div>
          <div className="mt-4 grid gap-4 xl:grid-cols-2">
            <DuplicatesCard
              type={type}
              onType={(t) => navigate(`/data-quality?type=${t}`, { replace: true })}
              onChanged={changed}
            />
          </div>
        </>
      )}
    </div>
  );
}
