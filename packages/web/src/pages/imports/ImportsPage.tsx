import { useEffect, useRef, useState } from 'react';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge, type Tone } from '../../components/Badge';
import { Field, Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { Link } from '../../components/Link';
import { navigate } from '../../lib/router';
import { errorMessage } from '../../lib/api';
import { importsApi, uploadFile, type Catalog, type ImportRecord, type ImportType } from './importsApi';

export const statusTone: Record<ImportRecord['status'], Tone> = {
  draft: 'gray',
  queued: 'sky',
  running: 'blue',
  done: 'green',
  failed: 'red',
  reverted: 'amber',
};
const typeLabels: Record<ImportType, string> = {
  contacts: 'Contacts',
  companies: 'Companies',
  deals: 'Deals',
  orders: 'Orders (one row per order line)',
};

/** Imports: upload a file (it is previewed, nothing is written yet) and the history of earlier imports. */
export function ImportsPage() {
  const [list, setList] = useState<ImportRecord[] | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [type, setType] = useState<ImportType>('contacts');
  const [preset, setPreset] = useState('');
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    Promise.all([importsApi.list(), importsApi.catalog()])
      .then(([l, c]) => {
        setList(l.data);
        setCatalog(c);
      })
      .catch(setError);
  }, []);

  async function onFile(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const res = await uploadFile(file, type, preset);
      navigate(`/imports/${res.import.id}`);
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  if (error) return <ErrorState error={error} />;
  if (!list || !catalog) return <PageSpinner />;
  return (
    <div className="mx-auto max-w-6xl" data-testid="imports-page">
      <PageHeader
        title="Imports"
        description="Bring in CSV or TSV exports from HubSpot, Salesforce, Pipedrive, Shopify, Mailchimp or any spreadsheet. Rows are matched to existing records, never duplicated, and every import can be reverted."
      />
      <Card className="mb-6">
        <CardHeader
          title="New import"
          description="Upload a file: you will see the first rows and the proposed column mapping before anything is written."
        />
        <div className="grid gap-4 p-5 md:grid-cols-[1fr_1fr_auto] md:items-end">
          <Field label="The rows are" htmlFor="import-type" hint="Orders files create customers, products and orders">
            <Select
              id="import-type"
              value={type}
              onChange={(e) => {
                setType(e.target.value as ImportType);
                setPreset('');
              }}
            >
              {Object.entries(typeLabels).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Preset" htmlFor="import-preset" hint="Detected from the header when left on automatic">
            <Select id="import-preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
              <option value="">Automatic</option>
              <option value="generic">Generic (match by header similarity)</option>
              {catalog.presets
                .filter((p) => p.type === type)
                .map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.label}
                  </option>
                ))}
            </Select>
          </Field>
          <div className="pb-5 md:pb-[22px]">
            <input
              ref={fileInput}
              type="file"
              accept=".csv,.tsv,.txt,.gz,text/csv"
              className="hidden"
              data-testid="import-file"
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
            <Button variant="primary" icon="upload" loading={uploading} onClick={() => fileInput.current?.click()}>
              Choose file…
            </Button>
          </div>
        </div>
        {uploadError && (
          <p
            className="border-t border-red-100 bg-red-50 px-5 py-3 text-sm text-red-700"
            role="alert"
            data-testid="upload-error"
          >
            {uploadError}
          </p>
        )}
      </Card>

      <Card>
        <CardHeader title="History" description="Every import with what happened to its rows." />
        {list.length === 0 ? (
          <EmptyState compact icon="upload" title="No imports yet" description="Your first upload will appear here." />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-5 py-2.5">File</th>
                  <th className="px-3 py-2.5">Type</th>
                  <th className="px-3 py-2.5">Status</th>
                  <th className="px-3 py-2.5 text-right">Rows</th>
                  <th className="px-3 py-2.5 text-right">Created</th>
                  <th className="px-3 py-2.5 text-right">Updated</th>
                  <th className="px-3 py-2.5 text-right">Unchanged</th>
                  <th className="px-3 py-2.5 text-right">Rejected</th>
                  <th className="px-5 py-2.5">When</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.map((i) => (
                  <tr key={i.id} className="hover:bg-slate-50">
                    <td className="px-5 py-2.5 font-medium text-slate-900">
                      <Link to={`/imports/${i.id}`} className="hover:text-brand-700">
                        {i.fileName}
                      </Link>
                    </td>
                    <td className="px-3 py-2.5 capitalize text-slate-600">{i.type}</td>
                    <td className="px-3 py-2.5">
                      <Badge tone={statusTone[i.status]}>{i.status === 'draft' ? 'not run' : i.status}</Badge>
                    </td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{i.counts.read.toLocaleString()}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{i.counts.created.toLocaleString()}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{i.counts.updated.toLocaleString()}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">{i.counts.unchanged.toLocaleString()}</td>
                    <td className="px-3 py-2.5 text-right tabular-nums">
                      {i.counts.rejected ? (
                        <span className="text-red-600">{i.counts.rejected.toLocaleString()}</span>
                      ) : (
                        0
                      )}
                    </td>
                    <td className="px-5 py-2.5 text-slate-500">{new Date(i.createdAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
