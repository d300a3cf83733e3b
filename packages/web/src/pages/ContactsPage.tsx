import { useMemo, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { useServerList } from '../lib/useServerList';
import { useDocumentTitle } from '../lib/hooks';
import { canWriteRecords, useMe } from '../lib/auth';
import { useUsers } from '../lib/users';
import { navigate } from '../lib/router';
import { fullName, lifecycleLabels, num, relative } from '../lib/format';
import { lifecycleStages, type Contact } from '../lib/types';
import { PageHeader } from '../components/Card';
import { Button } from '../components/Button';
import { TableCard } from '../components/TableCard';
import { BulkActions } from '../components/BulkActions';
import { SearchInput, FilterSelect } from '../components/SearchInput';
import { EmptyState } from '../components/EmptyState';
import { ConsentBadge, LifecycleBadge, Badge } from '../components/Badge';
import { Avatar } from '../components/Avatar';
import { Icon } from '../components/Icon';
import { useToast } from '../components/Toast';
import { NewContactDialog } from './contacts/NewContactDialog';
import { TierBadge, useScores } from './scoring/TierBadge';

const col = createColumnHelper<Contact>();

export function ContactsPage() {
  useDocumentTitle('Contacts');
  const { user } = useMe();
  const users = useUsers();
  const toast = useToast();
  const initial = useMemo(() => new URLSearchParams(window.location.search), []);
  const list = useServerList<Contact>('contacts', {
    defaultSort: '-updatedAt',
    initialQuery: initial.get('q') ?? '',
    initialFilters: initial.get('stage')
      ? [{ field: 'lifecycleStage', op: 'eq', value: initial.get('stage') ?? '' }]
      : [],
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const chosen = list.rows.filter((r) => selected.has(r.id));
  const [dialogOpen, setDialogOpen] = useState(initial.get('new') === '1');
  const [stage, setStage] = useState(initial.get('stage') ?? '');
  const [owner, setOwner] = useState('');
  const [consent, setConsent] = useState('');
  const scores = useScores(
    'contact',
    list.rows.map((r) => r.id),
  );

  const columns = useMemo(
    () => [
      col.accessor('lastName', {
        id: 'lastName',
        header: 'Name',
        meta: { width: '25%' },
        cell: (c) => {
          const r = c.row.original;
          const name = fullName(r);
          return (
            <div className="flex items-center gap-3">
              <Avatar name={name} size="sm" />
              <div className="min-w-0">
                <div className="truncate font-medium text-slate-900">{name}</div>
                {r.email && <div className="truncate text-xs text-slate-500">{r.email}</div>}
              </div>
              {r.doNotContact && (
                <span title="Do not contact" className="text-red-500">
                  <Icon name="ban" className="size-3.5" />
                </span>
              )}
            </div>
          );
        },
      }),
      col.accessor('companyName', {
        header: 'Company',
        enableSorting: false,
        meta: { width: '17%' },
        cell: (c) => c.getValue() ?? <span className="text-slate-400">—</span>,
      }),
      col.accessor('lifecycleStage', {
        header: 'Stage',
        meta: { width: '12%' },
        cell: (c) => <LifecycleBadge stage={c.getValue()} />,
      }),
      col.display({
        id: 'score',
        header: 'Score',
        meta: { width: '8%' },
        cell: (c) => {
          const sc = scores.get(c.row.original.id);
          return sc ? (
            <TierBadge tier={sc.tier} probability={sc.probability} overridden={sc.overridden} />
          ) : (
            <span className="text-slate-400">—</span>
          );
        },
      }),
      col.accessor('ownerName', {
        header: 'Owner',
        enableSorting: false,
        meta: { width: '14%' },
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
      col.accessor('consentMarketingEmail', {
        header: 'Email consent',
        meta: { width: '12%' },
        cell: (c) => <ConsentBadge state={c.getValue()} />,
      }),
      col.accessor('country', {
        header: 'Country',
        meta: { width: '7%' },
        cell: (c) => c.getValue() ?? <span className="text-slate-400">—</span>,
      }),
      col.accessor('updatedAt', {
        header: 'Updated',
        meta: { width: '13%' },
        cell: (c) => <span className="text-slate-500">{relative(c.getValue())}</span>,
      }),
    ],
    [scores],
  );

  const filtersActive = Object.keys(list.filters).length > 0 || list.q !== '';

  return (
    <div data-testid="contacts-page">
      <PageHeader
        title="Contacts"
        description={
          list.total !== undefined
            ? `${num(list.total)} ${filtersActive ? 'matching' : 'people in your workspace'}`
            : 'People you sell to'
        }
        actions={
          canWriteRecords(user.role) && (
            <Button variant="primary" icon="plus" onClick={() => setDialogOpen(true)} data-testid="new-contact">
              New contact
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
            resource="contacts"
            rows={chosen}
            onClear={() => setSelected(new Set())}
            onChanged={list.reload}
            onHide={(ids) => setHidden((h) => new Set([...h, ...ids]))}
            onRestore={() => setHidden(new Set())}
            lifecycle={lifecycleStages.map((s) => ({ value: s, label: lifecycleLabels[s] ?? s }))}
          />
        }
        testId="contacts-table"
        onRowClick={(r) => navigate(`/contacts/${r.id}`)}
        toolbar={
          <>
            <SearchInput
              value={list.q}
              onChange={list.setQuery}
              placeholder="Search name or email…"
              testId="contacts-search"
            />
            <FilterSelect
              label="Stage"
              testId="filter-stage"
              value={stage}
              onChange={(v) => {
                setStage(v);
                list.setFilter('lifecycleStage', v ? { field: 'lifecycleStage', op: 'eq', value: v } : null);
              }}
              options={lifecycleStages.map((s) => ({ value: s, label: lifecycleLabels[s] ?? s }))}
            />
            <FilterSelect
              label="Owner"
              testId="filter-owner"
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
            <FilterSelect
              label="Consent"
              testId="filter-consent"
              value={consent}
              onChange={(v) => {
                setConsent(v);
                list.setFilter(
                  'consentMarketingEmail',
                  v ? { field: 'consentMarketingEmail', op: 'eq', value: v } : null,
                );
              }}
              options={[
                { value: 'granted', label: 'Granted' },
                { value: 'denied', label: 'Denied' },
                { value: 'unknown', label: 'Unknown' },
              ]}
            />
            {Object.keys(list.filters).length > 0 && (
              <Button
                variant="ghost"
                size="sm"
                icon="x"
                onClick={() => {
                  setStage('');
                  setOwner('');
                  setConsent('');
                  list.clearFilters();
                }}
              >
                Clear filters
              </Button>
            )}
            {list.total !== undefined && (
              <span className="ml-auto">
                <Badge>{num(list.total)} contacts</Badge>
              </span>
            )}
          </>
        }
        empty={
          filtersActive ? (
            <EmptyState
              icon="search"
              title="No contacts match"
              description="Try another search or clear the filters."
            />
          ) : (
            <EmptyState
              icon="contacts"
              title="No contacts yet"
              description="Add your first contact, or load the demo data from the dashboard."
              action={
                canWriteRecords(user.role) && (
                  <Button variant="primary" icon="plus" onClick={() => setDialogOpen(true)}>
                    New contact
                  </Button>
                )
              }
            />
          )
        }
      />
      <NewContactDialog
        open={dialogOpen}
        onClose={() => setDialogOpen(false)}
        onCreated={(c) => {
          toast('success', `${fullName(c)} was added`);
          list.reload();
        }}
      />
    </div>
  );
}
