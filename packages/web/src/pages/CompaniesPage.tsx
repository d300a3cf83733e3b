import { useMemo, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { api } from '../lib/api';
import { useFormSubmit } from '../lib/useFormSubmit';
import { useServerList } from '../lib/useServerList';
import { useDocumentTitle } from '../lib/hooks';
import { canWriteRecords, useMe } from '../lib/auth';
import { useUsers } from '../lib/users';
import { navigate } from '../lib/router';
import { money, num, relative } from '../lib/format';
import type { Company } from '../lib/types';
import { PageHeader } from '../components/Card';
import { Button } from '../components/Button';
import { TableCard } from '../components/TableCard';
import { SearchInput, FilterSelect } from '../components/SearchInput';
import { EmptyState, InlineError } from '../components/EmptyState';
import { Avatar } from '../components/Avatar';
import { Badge } from '../components/Badge';
import { Dialog } from '../components/Dialog';
import { BulkActions } from '../components/BulkActions';
import { CustomFieldInputs, compactValues } from '../components/CustomFields';
import { Field, Input } from '../components/Field';
import { useToast } from '../components/Toast';

const col = createColumnHelper<Company>();

function CompanyLogo({ name }: { name: string }) {
  return (
    <span className="flex size-7 shrink-0 items-center justify-center rounded-md bg-slate-100 text-xs font-semibold text-slate-600 ring-1 ring-slate-200">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

export function CompaniesPage() {
  useDocumentTitle('Companies');
  const { user } = useMe();
  const users = useUsers();
  const toast = useToast();
  const list = useServerList<Company>('companies', { defaultSort: '-updatedAt' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const chosen = list.rows.filter((r) => selected.has(r.id));
  const [owner, setOwner] = useState('');
  const [open, setOpen] = useState(false);

  const columns = useMemo(
    () => [
      col.accessor('name', {
        header: 'Company',
        meta: { width: '26%' },
        cell: (c) => (
          <div className="flex items-center gap-3">
            <CompanyLogo name={c.getValue()} />
            <div className="min-w-0">
              <div className="truncate font-medium text-slate-900">{c.getValue()}</div>
              {c.row.original.domain && <div className="truncate text-xs text-slate-500">{c.row.original.domain}</div>}
            </div>
          </div>
        ),
      }),
      col.accessor('industry', {
        header: 'Industry',
        meta: { width: '16%' },
        cell: (c) => c.getValue() ?? <span className="text-slate-400">—</span>,
      }),
      col.accessor('employees', {
        header: 'Employees',
        meta: { width: '10%', align: 'right' },
        cell: (c) => (c.getValue() === null ? <span className="text-slate-400">—</span> : num(c.getValue())),
      }),
      col.accessor('annualRevenue', {
        header: 'Revenue',
        meta: { width: '11%', align: 'right' },
        cell: (c) =>
          c.getValue() === null ? <span className="text-slate-400">—</span> : money(c.getValue(), { compact: true }),
      }),
      col.accessor('country', {
        header: 'Location',
        meta: { width: '13%' },
        cell: (c) =>
          [c.row.original.city, c.getValue()].filter(Boolean).join(', ') || <span className="text-slate-400">—</span>,
      }),
      col.accessor('ownerName', {
        header: 'Owner',
        enableSorting: false,
        meta: { width: '12%' },
        cell: (c) =>
          c.getValue() ? (
            <span className="flex items-center gap-2">
              <Avatar name={c.getValue()} size="xs" />
              {c.getValue()}
            </span>
          ) : (
            <span className="text-slate-400">Unassigned</span>
          ),
      }),
      col.accessor('updatedAt', {
        header: 'Updated',
        meta: { width: '12%' },
        cell: (c) => <span className="text-slate-500">{relative(c.getValue())}</span>,
      }),
    ],
    [],
  );

  const filtersActive = Object.keys(list.filters).length > 0 || list.q !== '';
  return (
    <div data-testid="companies-page">
      <PageHeader
        title="Companies"
        description={
          list.total !== undefined
            ? `${num(list.total)} ${filtersActive ? 'matching' : 'organisations you work with'}`
            : 'Organisations you work with'
        }
        actions={
          canWriteRecords(user.role) && (
            <Button variant="primary" icon="plus" onClick={() => setOpen(true)} data-testid="new-company">
              New company
            </Button>
          )
        }
      />
      <TableCard
        list={{ ...list, rows: list.rows.filter((r) => !hidden.has(r.id)) }}
        columns={columns}
        selection={canWriteRecords(user.role) ? { selected, onChange: setSelected } : undefined}
        above={
          <BulkActions
            resource="companies"
            rows={chosen}
            onClear={() => setSelected(new Set())}
            onChanged={list.reload}
            onHide={(ids) => setHidden((h) => new Set([...h, ...ids]))}
            onRestore={() => setHidden(new Set())}
          />
        }
        testId="companies-table"
        onRowClick={(r) => navigate(`/companies/${r.id}`)}
        toolbar={
          <>
            <SearchInput
              value={list.q}
              onChange={list.setQuery}
              placeholder="Search name or domain…"
              testId="companies-search"
            />
            <FilterSelect
              label="Owner"
              testId="filter-company-owner"
              value={owner}
              onChange={(v) => {
                setOwner(v);
                list.setFilter(
                  'ownerId',
                  !v
                    ? null
                    : v === '__none'
                      ? { field: 'ownerId', op: 'isnull', value: 'true' }
                      : { field: 'ownerId', op: 'eq', value: v },
                );
              }}
              options={[
                { value: user.id, label: 'Me' },
                ...users.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name })),
                { value: '__none', label: 'Unassigned' },
              ]}
            />
            {list.total !== undefined && (
              <span className="ml-auto">
                <Badge>{num(list.total)} companies</Badge>
              </span>
            )}
          </>
        }
        empty={
          filtersActive ? (
            <EmptyState
              icon="search"
              title="No companies match"
              description="Try another search or clear the filters."
            />
          ) : (
            <EmptyState
              icon="companies"
              title="No companies yet"
              description="Companies group the contacts and deals of one organisation."
            />
          )
        }
      />
      <NewCompanyDialog
        open={open}
        onClose={() => setOpen(false)}
        onCreated={(c) => {
          toast('success', `${c.name} was added`);
          list.reload();
        }}
      />
    </div>
  );
}

function NewCompanyDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: Company) => void;
}) {
  const { user } = useMe();
  const [form, setForm] = useState({ name: '', domain: '', industry: '', city: '', country: '' });
  const [custom, setCustom] = useState<Record<string, string | number | boolean | null>>({});
  const { errors, error, busy, reset, run } = useFormSubmit();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const close = () => {
    setForm({ name: '', domain: '', industry: '', city: '', country: '' });
    setCustom({});
    reset();
    onClose();
  };
  const submit = () =>
    run(async () => {
      const body = Object.fromEntries(
        Object.entries(form)
          .filter(([, v]) => v.trim() !== '')
          .map(([k, v]) => [k, v.trim()]),
      );
      const c = await api.post<Company>('/api/v1/companies', {
        ...body,
        ownerId: user.id,
        customFields: compactValues(custom),
      });
      onCreated(c);
      close();
    });
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New company"
      testId="new-company-dialog"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void submit()}
            loading={busy}
            disabled={!form.name.trim()}
            data-testid="new-company-submit"
          >
            Create company
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        <Field label="Name" htmlFor="company-name" error={errors.name}>
          <Input
            id="company-name"
            data-testid="company-name"
            value={form.name}
            onChange={set('name')}
            autoFocus
            maxLength={300}
            invalid={!!errors.name}
          />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Website domain" htmlFor="company-domain" error={errors.domain}>
            <Input
              id="company-domain"
              data-testid="company-domain"
              value={form.domain}
              onChange={set('domain')}
              placeholder="example.com"
              invalid={!!errors.domain}
            />
          </Field>
          <Field label="Industry" htmlFor="company-industry" error={errors.industry}>
            <Input id="company-industry" value={form.industry} onChange={set('industry')} invalid={!!errors.industry} />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Field label="City" htmlFor="company-city" error={errors.city}>
            <Input id="company-city" value={form.city} onChange={set('city')} invalid={!!errors.city} />
          </Field>
          <Field label="Country" htmlFor="company-country" error={errors.country} hint="Two-letter code, e.g. US">
            <Input
              id="company-country"
              value={form.country}
              onChange={set('country')}
              invalid={!!errors.country}
              maxLength={2}
            />
          </Field>
        </div>
        <CustomFieldInputs entity="company" values={custom} onChange={setCustom} errors={errors} />
      </div>
    </Dialog>
  );
}
