import { useState } from 'react';
import { api, list } from '../lib/api';
import { useAsync, useDocumentTitle } from '../lib/hooks';
import { canWriteRecords, useMe } from '../lib/auth';
import { fullName, money, num } from '../lib/format';
import type { Company, Contact, Timeline as TimelineData } from '../lib/types';
import { Card, CardHeader } from '../components/Card';
import { PageSpinner, Skeleton } from '../components/Spinner';
import { EmptyState, ErrorState } from '../components/EmptyState';
import { Avatar } from '../components/Avatar';
import { LifecycleBadge } from '../components/Badge';
import { Icon } from '../components/Icon';
import { Link } from '../components/Link';
import { Button } from '../components/Button';
import { DetailsCard, type DetailField } from '../components/DetailsCard';
import { CustomFieldsCard } from '../components/CustomFields';
import { Timeline } from '../components/Timeline';
import { DealsCard, OrdersCard } from '../components/RelatedLists';
import { useToast } from '../components/Toast';
import { NewContactDialog } from './contacts/NewContactDialog';

const fields: DetailField<Company>[] = [
  { key: 'name', label: 'Name' },
  {
    key: 'domain',
    label: 'Domain',
    render: (c) =>
      c.domain ? (
        <a href={`https://${c.domain}`} target="_blank" rel="noreferrer" className="text-brand-600 hover:underline">
          {c.domain}
        </a>
      ) : (
        <span className="text-slate-400">—</span>
      ),
  },
  { key: 'industry', label: 'Industry' },
  { key: 'sizeBand', label: 'Size' },
  {
    key: 'employees',
    label: 'Employees',
    kind: 'number',
    render: (c) => (c.employees === null ? <span className="text-slate-400">—</span> : num(c.employees)),
  },
  {
    key: 'annualRevenue',
    label: 'Annual revenue',
    kind: 'number',
    render: (c) => (c.annualRevenue === null ? <span className="text-slate-400">—</span> : money(c.annualRevenue)),
  },
  { key: 'phone', label: 'Phone' },
  { key: 'city', label: 'City' },
  { key: 'country', label: 'Country' },
  {
    key: 'ownerId',
    label: 'Owner',
    kind: 'owner',
    render: (c) => c.ownerName ?? <span className="text-slate-400">Unassigned</span>,
  },
];

export function CompanyPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { user } = useMe();
  const toast = useToast();
  const company = useAsync((signal) => api.get<Company>(`/api/v1/companies/${id}`, undefined, signal), [id]);
  const timeline = useAsync(
    (signal) => api.get<TimelineData>(`/api/v1/companies/${id}/timeline`, undefined, signal),
    [id],
  );
  const contacts = useAsync(
    (signal) =>
      list<Contact>(
        'contacts',
        { filters: [{ field: 'companyId', op: 'eq', value: id }], limit: 100, sort: 'lastName', count: true },
        signal,
      ),
    [id],
  );
  const [adding, setAdding] = useState(false);
  const c = company.data;
  useDocumentTitle(c?.name ?? 'Company');

  if (company.error)
    return (
      <Card>
        <ErrorState error={company.error} title="Could not open this company" onRetry={company.reload} />
      </Card>
    );
  if (!c) return <PageSpinner />;

  const save = async (patch: Partial<Company>) => {
    const updated = await api.patch<Company>(`/api/v1/companies/${c.id}`, patch);
    company.setData(() => updated);
    toast('success', 'Company saved');
  };
  const t = timeline.data;
  const openAmount = t?.deals.filter((d) => d.status === 'open').reduce((a, d) => a + (d.amount ?? 0), 0);
  const revenue = t?.orders
    .filter((o) => o.status === 'paid' || o.status === 'fulfilled')
    .reduce((a, o) => a + o.total, 0);

  return (
    <div data-testid="company-page">
      <nav className="mb-4 flex min-w-0 items-center gap-1.5 text-sm text-slate-500">
        <Link to="/companies" className="hover:text-slate-800">
          Companies
        </Link>
        <Icon name="chevronRight" className="size-3.5" />
        <span className="min-w-0 truncate text-slate-800" title={c.name}>
          {c.name}
        </span>
      </nav>
      <Card className="mb-6 p-6">
        <div className="flex flex-wrap items-center gap-5">
          <span className="flex size-14 items-center justify-center rounded-xl bg-slate-100 text-xl font-semibold text-slate-600 ring-1 ring-slate-200">
            {c.name.slice(0, 1).toUpperCase()}
          </span>
          <div className="min-w-0 flex-1">
            <h1
              className="pw-wrap line-clamp-2 text-xl font-semibold tracking-tight text-slate-900"
              title={c.name}
              data-testid="company-name-heading"
            >
              {c.name}
            </h1>
            <p className="mt-1 text-sm text-slate-600">
              {[c.industry, c.domain, [c.city, c.country].filter(Boolean).join(', ')].filter(Boolean).join(' · ') ||
                'No details yet'}
            </p>
          </div>
          <dl className="grid grid-cols-3 gap-8 text-sm">
            <div>
              <dt className="text-xs text-slate-500">Contacts</dt>
              <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">
                {contacts.data ? num(contacts.data.total ?? contacts.data.data.length) : '—'}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Open pipeline</dt>
              <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">
                {openAmount === undefined ? '—' : money(openAmount)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Revenue</dt>
              <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">
                {revenue === undefined ? '—' : money(revenue)}
              </dd>
            </div>
          </dl>
        </div>
      </Card>
      <div className="grid gap-6 xl:grid-cols-[minmax(340px,1fr)_2fr]">
        <div className="space-y-6">
          <DetailsCard title="Details" record={c} fields={fields} canEdit={canWriteRecords(user.role)} onSave={save} />
          <CustomFieldsCard
            entity="company"
            values={(c as { customFields?: Record<string, string | number | boolean | null> }).customFields}
            canEdit={canWriteRecords(user.role)}
            onSave={(customFields) => save({ customFields } as Partial<Company>)}
          />
        </div>
        <div className="min-w-0 space-y-6">
          <Card testId="company-contacts">
            <CardHeader
              title={`People${contacts.data ? ` (${num(contacts.data.total ?? contacts.data.data.length)})` : ''}`}
              actions={
                canWriteRecords(user.role) && (
                  <Button size="sm" icon="plus" onClick={() => setAdding(true)}>
                    Add person
                  </Button>
                )
              }
            />
            {contacts.error ? (
              <ErrorState error={contacts.error} onRetry={contacts.reload} />
            ) : !contacts.data ? (
              <div className="space-y-2 p-5">
                {Array.from({ length: 3 }, (_, i) => (
                  <Skeleton key={i} className="h-8" />
                ))}
              </div>
            ) : contacts.data.data.length === 0 ? (
              <EmptyState
                compact
                icon="contacts"
                title="No people at this company"
                description="Link contacts to this company to see them here."
              />
            ) : (
              <ul
                className={`grid max-h-96 overflow-auto pw-scroll ${contacts.data.data.length > 1 ? 'sm:grid-cols-2' : ''}`}
              >
                {contacts.data.data.map((p) => (
                  <li key={p.id} className="border-b border-slate-100 sm:odd:border-r">
                    <Link to={`/contacts/${p.id}`} className="flex items-center gap-3 px-5 py-3 hover:bg-slate-50">
                      <Avatar name={fullName(p)} size="md" />
                      <div className="min-w-0 flex-1">
                        <div className="truncate text-sm font-medium text-slate-900">{fullName(p)}</div>
                        <div className="truncate text-xs text-slate-500">{p.title ?? p.email ?? '—'}</div>
                      </div>
                      <LifecycleBadge stage={p.lifecycleStage} />
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {timeline.error ? (
            <Card>
              <ErrorState error={timeline.error} onRetry={timeline.reload} title="Could not load the timeline" />
            </Card>
          ) : !t ? (
            <Card className="p-5">
              <Skeleton className="h-24" />
            </Card>
          ) : (
            <>
              <div className="grid gap-6 2xl:grid-cols-2">
                <DealsCard deals={t.deals} />
                <OrdersCard orders={t.orders} />
              </div>
              <Card>
                <CardHeader
                  title="Activity"
                  description={`${t.activities.length} activities across everyone at ${c.name}`}
                />
                <Timeline activities={t.activities} showContact />
              </Card>
            </>
          )}
        </div>
      </div>
      <NewContactDialog
        open={adding}
        onClose={() => setAdding(false)}
        defaultCompany={{ id: c.id, name: c.name }}
        onCreated={(p) => {
          toast('success', `${fullName(p)} was added`);
          contacts.reload();
        }}
      />
    </div>
  );
}
