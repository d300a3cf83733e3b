import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { num } from '../../lib/format';
import { navigate } from '../../lib/router';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Link } from '../../components/Link';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { recordName, show, type Check, type DqRecord } from './types';

// Per check field: the column to show beside each record, and its heading.
const columns: Record<string, [string, string]> = {
  email: ['email', 'Email'],
  phone: ['phone', 'Phone'],
  country: ['country', 'Country'],
  domain: ['domain', 'Domain'],
  industry: ['industry', 'Industry'],
  companyId: ['company_name', 'Company'],
  ownerId: ['owner_name', 'Owner'],
  consentMarketingEmail: ['consent_marketing_email', 'Email consent'],
  name: ['email', 'Email'],
  lastActivity: ['updated_at', 'Last updated'],
  duplicates: ['email', 'Email'],
};

/** The records one check flags (from a "Top fixes" link or a field bar), each linking to its page. */
export function IssueCard({ checkId }: { checkId: string }) {
  const res = useQuery({
    queryKey: ['data-quality', 'issues', checkId],
    queryFn: ({ signal }) =>
      api.get<{ check: Check; total: number; data: DqRecord[] }>(
        `/api/v1/data-quality/issues/${encodeURIComponent(checkId)}`,
        undefined,
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const close = (
    <Button size="sm" variant="ghost" icon="x" onClick={() => navigate('/data-quality')}>
      Close
    </Button>
  );
  if (res.error)
    return (
      <Card className="mb-4">
        <CardHeader title="Records to fix" actions={close} />
        <ErrorState error={res.error} onRetry={() => void res.refetch()} />
      </Card>
    );
  const d = res.data;
  const [col, heading] = (d && columns[d.check.field]) || ['id', 'Id'];
  return (
    <Card className="mb-4" testId="issue-records">
      <CardHeader
        title={d ? d.check.label : 'Records to fix'}
        description={
          d
            ? `${num(d.total)} record${d.total === 1 ? '' : 's'}${d.total > d.data.length ? `, first ${d.data.length} shown` : ''}`
            : ' '
        }
        actions={close}
      />
      {!d ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-6" />
          <Skeleton className="h-6" />
        </div>
      ) : d.data.length === 0 ? (
        <EmptyState compact icon="check" title="Nothing left to fix" />
      ) : (
        <div className="max-h-80 overflow-auto">
          <table className="w-full text-sm">
            <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-5 py-2 text-left font-medium">Record</th>
                <th className="px-5 py-2 text-left font-medium">{heading}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {d.data.map((r) => (
                <tr key={r.id}>
                  <td className="px-5 py-2">
                    <Link to={`/${d.check.entity}/${r.id}`} className="font-medium text-slate-900 hover:text-brand-600">
                      {recordName(r)}
                    </Link>
                  </td>
                  <td className="px-5 py-2 text-slate-600">{show(r[col])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
