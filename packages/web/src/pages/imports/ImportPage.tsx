import { useCallback, useEffect, useState } from 'react';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge, type Tone } from '../../components/Badge';
import { Select } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { ProgressBar } from '../../components/ProgressBar';
import { StatCard } from '../../components/StatCard';
import { Link } from '../../components/Link';
import { useToast } from '../../components/Toast';
import { errorMessage } from '../../lib/api';
import { useJob } from '../../lib/jobs';
import { statusTone } from './ImportsPage';
import { ImportQualityCard } from './ImportQualityCard';
import {
  importsApi,
  type Catalog,
  type ColumnMapping,
  type ImportRecord,
  type Preview,
  type Rejection,
} from './importsApi';

const confidenceTone = (c: number): Tone => (c >= 0.9 ? 'green' : c >= 0.75 ? 'amber' : 'red');
const summaryLabels: Record<string, string> = {
  ordersCreated: 'Orders created',
  customersCreated: 'Customers created',
  productsCreated: 'Products created',
  cancellations: 'Cancellations',
  guestOrders: 'Guest orders (no customer id)',
  returnLines: 'Return lines (negative quantity)',
  companiesLinkedCreated: 'Companies created from names or email domains',
  cellsFlagged: 'Cells left blank (unknown country; row kept)',
  stagesCreated: 'Pipeline stages created',
  ownersUnmatched: 'Rows whose owner matches no user (no owner set)',
};

/** One import: preview and mapping editor before it runs, progress while it runs, outcome and revert after. */
export function ImportPage({ params }: { params: Record<string, string> }) {
  const id = params.id!;
  const toast = useToast();
  const [imp, setImp] = useState<ImportRecord | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [rejections, setRejections] = useState<Rejection[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ value: number; message?: string } | null>(null);

  const load = useCallback(async () => {
    const [{ import: i }, c] = await Promise.all([importsApi.get(id), importsApi.catalog()]);
    setImp(i);
    setCatalog(c);
    if (i.status === 'draft') setPreview((await importsApi.preview(id)).preview);
    if (i.counts.rejected > 0) setRejections((await importsApi.rejections(id)).data);
    return i;
  }, [id]);

  useEffect(() => {
    load()
      .then((i) => {
        if ((i.status === 'queued' || i.status === 'running') && i.jobId) void follow(i.jobId);
      })
      .catch(setError);
  }, [load]);

  // The running import's job, read again every 600 ms (TanStack Query refetchInterval) until it ends.
  const [followId, setFollowId] = useState<string | null>(null);
  const followed = useJob(followId);
  function follow(jobId: string) {
    setProgress({ value: 0 });
    setFollowId(jobId);
  }
  useEffect(() => {
    const j = followed.data;
    if (!followId || (!j && !followed.error) || (j && j.id !== followId)) return;
    if (j && j.state !== 'done' && j.state !== 'failed') {
      setProgress({ value: j.progress ?? 0, message: j.message ?? undefined });
      return;
    }
    if (j?.state === 'failed') toast('error', j.error ?? 'The import failed');
    setFollowId(null);
    setProgress(null);
    void load().catch(setError);
  }, [followed.data, followed.error, followId, load, toast]);

  async function setTarget(column: string, target: string) {
    if (!imp) return;
    setBusy('mapping');
    try {
      // Only the changed column: the server keeps the automatic mapping of the others.
      const res = await importsApi.update(id, { mapping: [{ column, target }] });
      setImp(res.import);
      setPreview(res.preview);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function update(body: Parameters<typeof importsApi.update>[1]) {
    setBusy('mapping');
    try {
      const res = await importsApi.update(id, body);
      setImp(res.import);
      setPreview(res.preview);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function run(dryRun: boolean) {
    setBusy(dryRun ? 'dry' : 'run');
    try {
      const res = await importsApi.run(id, dryRun);
      setImp(res.import);
      await follow(res.job.id);
      if (dryRun) toast('success', 'Dry run finished: nothing was written');
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function revert() {
    if (
      !window.confirm(
        'Revert this import? Records it created are removed and records it updated are restored, unless they were changed since.',
      )
    )
      return;
    setBusy('revert');
    try {
      const r = await importsApi.revert(id);
      toast(
        'success',
        `Reverted: ${r.deleted} removed, ${r.restored} restored${r.skipped.length ? `, ${r.skipped.length} left alone (changed since)` : ''}`,
      );
      await load();
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  if (error) return <ErrorState error={error} />;
  if (!imp || !catalog) return <PageSpinner />;
  const fields = catalog.fields[imp.type];
  const c = imp.counts;
  const hasRun = imp.status !== 'draft' || c.read > 0;

  return (
    <div className="mx-auto max-w-6xl" data-testid="import-page">
      <PageHeader
        breadcrumb={
          <Link to="/imports" className="hover:text-slate-700">
            Imports
          </Link>
        }
        title={
          <span className="flex items-center gap-3">
            {imp.fileName}
            <Badge tone={statusTone[imp.status]}>
              {imp.status === 'draft' ? (c.read ? 'dry run done' : 'not run') : imp.status}
            </Badge>
          </span>
        }
        description={`${imp.type} · preset ${imp.preset} · ${imp.headers.length} columns · ${(imp.fileSize / 1024).toFixed(0)} KB · ${imp.format.encoding ?? ''}${imp.format.gzip ? ' (gzip)' : ''} · delimiter ${imp.format.delimiter === '\t' ? 'tab' : `"${imp.format.delimiter}"`}`}
        actions={
          <>
            {imp.status === 'draft' && (
              <Button onClick={() => void run(true)} loading={busy === 'dry'} disabled={!!busy || !!progress}>
                Dry run
              </Button>
            )}
            {imp.status === 'draft' && (
              <Button
                variant="primary"
                icon="check"
                onClick={() => void run(false)}
                loading={busy === 'run'}
                disabled={!!busy || !!progress}
                data-testid="run-import"
              >
                Run import
              </Button>
            )}
            {(imp.status === 'done' || imp.status === 'failed') && (
              <Button
                variant="danger"
                icon="refresh"
                onClick={() => void revert()}
                loading={busy === 'revert'}
                data-testid="revert-import"
              >
                Revert
              </Button>
            )}
          </>
        }
      />

      {progress && (
        <Card className="mb-6 p-5" testId="import-progress">
          <div className="mb-2 flex justify-between text-sm">
            <span className="font-medium text-slate-700">Importing…</span>
            <span className="text-slate-500">{progress.message}</span>
          </div>
          <ProgressBar value={progress.value} />
        </Card>
      )}

      {imp.error && (
        <p className="mb-6 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200" role="alert">
          {imp.error}
        </p>
      )}

      {hasRun && c.read > 0 && c.rejected === c.read && (
        <p
          className="mb-6 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
          role="alert"
          data-testid="all-rejected"
        >
          Every row was rejected ({c.rejected.toLocaleString()} of {c.read.toLocaleString()}): nothing was imported. See
          the reasons below, fix the mapping or the file, and upload it again.
        </p>
      )}

      {hasRun && (
        <div className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-5" data-testid="import-counts">
          <StatCard
            label="Rows read"
            value={c.read.toLocaleString()}
            icon="database"
            sub={imp.rowsTotal ? `of ${imp.rowsTotal.toLocaleString()}` : undefined}
          />
          <StatCard label="Created" value={c.created.toLocaleString()} icon="plus" />
          <StatCard label="Updated" value={c.updated.toLocaleString()} icon="edit" />
          <StatCard label="Unchanged" value={c.unchanged.toLocaleString()} icon="check" />
          <StatCard
            label="Rejected"
            value={c.rejected.toLocaleString()}
            icon="alert"
            sub={
              c.read
                ? `${c.created + c.updated + c.unchanged + c.rejected === c.read ? 'counts add up' : 'counts do not add up'}`
                : undefined
            }
          />
        </div>
      )}

      {Object.keys(imp.summary).length > 0 && (
        <Card className="mb-6">
          <CardHeader title="Records" />
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 p-5 text-sm md:grid-cols-3">
            {Object.entries(imp.summary).map(([k, v]) => (
              <div key={k} className="flex justify-between gap-2">
                <dt className="text-slate-500">{summaryLabels[k] ?? k}</dt>
                <dd className="font-medium tabular-nums text-slate-900">{v.toLocaleString()}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}

      {imp.status === 'done' && <ImportQualityCard importId={imp.id} version={imp.finishedAt ?? ''} />}

      {imp.status === 'draft' && preview && (
        <>
          {preview.problems.length > 0 && (
            <Card className="mb-6" testId="import-problems">
              <CardHeader
                title={`Problems in the first rows (${preview.problems.length})`}
                description="Rows with a problem are rejected, not guessed at; they can be downloaded after the run to fix and import again."
              />
              <ul className="max-h-56 divide-y divide-slate-100 overflow-y-auto text-sm">
                {preview.problems.slice(0, 50).map((p, i) => (
                  <li key={i} className="px-5 py-2">
                    <span className="font-medium text-slate-700">
                      {p.row ? `Row ${p.row}` : 'File'}
                      {p.column ? ` · ${p.column}` : ''}
                    </span>{' '}
                    <span className="text-slate-600">{p.reason}</span>
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <Card className="mb-6" testId="mapping-editor">
            <CardHeader
              title="Column mapping"
              description="Each column goes to a field, to a custom field, or is skipped. Confidence shows how sure the automatic match is."
              actions={
                <Select
                  aria-label="Date order"
                  value={imp.options.dateOrder ?? preview.dateOrder ?? ''}
                  onChange={(e) => void update({ dateOrder: (e.target.value || null) as 'mdy' | 'dmy' | null })}
                  disabled={!!busy}
                >
                  <option value="">Dates: detect</option>
                  <option value="mdy">Dates: US (month first)</option>
                  <option value="dmy">Dates: European (day first)</option>
                </Select>
              }
            />
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-2.5">Column</th>
                  <th className="px-3 py-2.5">First values</th>
                  <th className="px-3 py-2.5">Goes to</th>
                  <th className="px-5 py-2.5">Confidence</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {imp.mapping.map((m: ColumnMapping, idx) => {
                  const col = imp.headers.indexOf(m.column);
                  const samples = preview.rows
                    .slice(0, 3)
                    .map((r) => r.cells[col] ?? '')
                    .filter(Boolean);
                  return (
                    <tr key={m.column + idx}>
                      <td className="px-5 py-2 font-medium text-slate-900">
                        {m.column || <em className="text-slate-400">(empty header)</em>}
                      </td>
                      <td className="max-w-xs truncate px-3 py-2 text-slate-500" title={samples.join(' · ')}>
                        {samples.join(' · ') || '—'}
                      </td>
                      <td className="px-3 py-2">
                        <Select
                          aria-label={`Target of ${m.column}`}
                          value={m.target}
                          disabled={!!busy}
                          onChange={(e) => void setTarget(m.column, e.target.value)}
                        >
                          {fields.map((f) => (
                            <option key={f.key} value={f.key}>
                              {f.label}
                            </option>
                          ))}
                          {imp.type !== 'orders' && (
                            <option
                              value={
                                m.target.startsWith('custom:')
                                  ? m.target
                                  : `custom:${
                                      m.column
                                        .toLowerCase()
                                        .replace(/[^a-z0-9]+/g, '_')
                                        .replace(/^_|_$/g, '')
                                        .slice(0, 60) || 'column'
                                    }`
                              }
                            >
                              Custom field{m.target.startsWith('custom:') ? ` (${m.target.slice(7)})` : ''}
                            </option>
                          )}
                          <option value="skip">Skip</option>
                        </Select>
                      </td>
                      <td className="px-5 py-2" title={m.reason}>
                        <Badge tone={confidenceTone(m.confidence)}>{Math.round(m.confidence * 100)}%</Badge>{' '}
                        <span className="ml-1 text-xs text-slate-500">{m.reason}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Card>
          {preview.stages && preview.stages.values.length > 0 && (
            <Card className="mb-6" testId="stage-mapping">
              <CardHeader
                title="Deal stages"
                description="Each stage value of the file goes to a stage of your pipeline (suggested by name), or becomes a new stage. Values left unmapped reject their rows."
              />
              <table className="w-full text-sm">
                <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="px-5 py-2.5">In the file</th>
                    <th className="px-3 py-2.5">Rows</th>
                    <th className="px-3 py-2.5">Goes to</th>
                    <th className="px-5 py-2.5">Why</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.stages.values.map((v) => (
                    <tr key={v.value} data-testid={`stage-value-${v.value}`}>
                      <td className="px-5 py-2 font-medium text-slate-900">{v.value}</td>
                      <td className="px-3 py-2 tabular-nums text-slate-600">{v.rows.toLocaleString()}</td>
                      <td className="px-3 py-2">
                        <Select
                          aria-label={`Stage for ${v.value}`}
                          value={v.create ? 'create' : (v.stageId ?? '')}
                          disabled={!!busy}
                          onChange={(e) => void update({ stageMap: { [v.value]: e.target.value || null } })}
                        >
                          {!v.stageId && !v.create && <option value="">Not mapped: rows rejected</option>}
                          {preview.stages!.options.map((o) => (
                            <option key={o.id} value={o.id}>
                              {o.name}
                            </option>
                          ))}
                          <option value="create">Create stage "{v.value}"</option>
                        </Select>
                      </td>
                      <td className="px-5 py-2 text-xs text-slate-500">{v.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
          <Card className="mb-6">
            <CardHeader
              title="First rows"
              description={`Row numbers count the header as row 1, as in a spreadsheet.`}
            />
            <div className="overflow-x-auto">
              <table className="w-full text-xs">
                <thead className="bg-slate-50 text-left font-medium text-slate-500">
                  <tr>
                    <th className="px-3 py-2">Row</th>
                    {imp.headers.map((h, i) => (
                      <th key={i} className="whitespace-nowrap px-3 py-2">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {preview.rows.map((r) => (
                    <tr key={r.row}>
                      <td className="px-3 py-1.5 text-slate-400">{r.row}</td>
                      {imp.headers.map((_, i) => (
                        <td key={i} className="max-w-[14rem] truncate whitespace-nowrap px-3 py-1.5 text-slate-700">
                          {r.cells[i]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </>
      )}

      {c.rejected > 0 && (
        <Card className="mb-6" testId="rejected-rows">
          <CardHeader
            title={`Rejected rows (${c.rejected.toLocaleString()})`}
            description="Fix them in the downloaded file (the original columns plus where and why) and import it again."
            actions={
              <a
                className="inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                href={`/api/v1/imports/${id}/rejections.csv`}
                download
              >
                Download CSV
              </a>
            }
          />
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-5 py-2.5">Row</th>
                <th className="px-3 py-2.5">Column</th>
                <th className="px-3 py-2.5">Value</th>
                <th className="px-5 py-2.5">Reason</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rejections.map((r, i) => (
                <tr key={i}>
                  <td className="px-5 py-2 tabular-nums text-slate-500">{r.row}</td>
                  <td className="px-3 py-2 font-medium text-slate-700">{r.column ?? '—'}</td>
                  <td className="max-w-[12rem] truncate px-3 py-2 text-slate-600">{r.value ?? ''}</td>
                  <td className="px-5 py-2 text-slate-600">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {c.rejected > rejections.length && (
            <p className="border-t border-slate-100 px-5 py-2 text-xs text-slate-500">
              Showing the first {rejections.length}; the CSV has them all.
            </p>
          )}
        </Card>
      )}
    </div>
  );
}
