import { useState } from 'react';
import { api, errorMessage } from '../lib/api';
import { navigate } from '../lib/router';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { ComposeDialog } from './mail/ComposeDialog';
import { EnrolDialog } from './sequences/EnrolDialog';
import { TasksCard } from './contacts/TasksCard';
import { useAsync, useDocumentTitle } from '../lib/hooks';
import { canWriteRecords, useMe } from '../lib/auth';
import { fullName, lifecycleLabels, date, relative } from '../lib/format';
import { lifecycleStages, type Contact, type Timeline as TimelineData } from '../lib/types';
import { Card, CardHeader } from '../components/Card';
import { PageSpinner } from '../components/Spinner';
import { ErrorState } from '../components/EmptyState';
import { Avatar } from '../components/Avatar';
import { Badge, ConsentBadge, LifecycleBadge } from '../components/Badge';
import { Icon } from '../components/Icon';
import { Link } from '../components/Link';
import { DetailsCard, type DetailField } from '../components/DetailsCard';
import { CustomFieldsCard } from '../components/CustomFields';
import { Timeline } from '../components/Timeline';
import { DealsCard, OrdersCard } from '../components/RelatedLists';
import { useToast } from '../components/Toast';
import { ActivityComposer } from '../components/ActivityComposer';
import { contactSideCards } from './contacts/contactSideCards';
import { Skeleton } from '../components/Spinner';

const consentOptions = [
  { value: 'unknown', label: 'Unknown' },
  { value: 'granted', label: 'Granted' },
  { value: 'denied', label: 'Denied' },
];

const fields: DetailField<Contact>[] = [
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  {
    key: 'email',
    label: 'Email',
    kind: 'email',
    render: (c) =>
      c.email ? (
        <a href={`mailto:${c.email}`} className="text-brand-600 hover:underline">
          {c.email}
        </a>
      ) : (
        <span className="text-slate-400">—</span>
      ),
  },
  { key: 'phone', label: 'Phone' },
  { key: 'title', label: 'Job title' },
  {
    key: 'companyId',
    label: 'Company',
    kind: 'company',
    labelKey: 'companyName',
    render: (c) =>
      c.companyId ? (
        <Link to={`/companies/${c.companyId}`} className="text-brand-600 hover:underline">
          {c.companyName ?? 'Company'}
        </Link>
      ) : (
        <span className="text-slate-400">—</span>
      ),
  },
  {
    key: 'lifecycleStage',
    label: 'Stage',
    kind: 'select',
    options: lifecycleStages.map((s) => ({ value: s, label: lifecycleLabels[s] ?? s })),
    render: (c) => <LifecycleBadge stage={c.lifecycleStage} />,
  },
  {
    key: 'ownerId',
    label: 'Owner',
    kind: 'owner',
    render: (c) => c.ownerName ?? <span className="text-slate-400">Unassigned</span>,
  },
  { key: 'source', label: 'Source' },
  { key: 'city', label: 'City' },
  { key: 'country', label: 'Country' },
  {
    key: 'consentMarketingEmail',
    label: 'Email consent',
    kind: 'select',
    options: consentOptions,
    render: (c) => <ConsentBadge state={c.consentMarketingEmail} />,
  },
  {
    key: 'consentProfiling',
    label: 'Profiling',
    kind: 'select',
    options: consentOptions,
    render: (c) => <ConsentBadge state={c.consentProfiling} />,
  },
  {
    key: 'doNotContact',
    label: 'Do not contact',
    kind: 'toggle',
    render: (c) => (c.doNotContact ? <Badge tone="red">Yes</Badge> : 'No'),
  },
];

export function ContactPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { user } = useMe();
  const toast = useToast();
  const contact = useAsync((signal) => api.get<Contact>(`/api/v1/contacts/${id}`, undefined, signal), [id]);
  const timeline = useAsync(
    (signal) => api.get<TimelineData>(`/api/v1/contacts/${id}/timeline`, undefined, signal),
    [id],
  );
  const c = contact.data;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [enrolling, setEnrolling] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [composing, setComposing] = useState(false);
  useDocumentTitle(c ? fullName(c) : 'Contact');

  if (contact.error)
    return (
      <Card>
        <ErrorState error={contact.error} title="Could not open this contact" onRetry={contact.reload} />
      </Card>
    );
  if (!c) return <PageSpinner />;

  const name = fullName(c);
  const remove = async () => {
    setDeleting(true);
    try {
      await api.del(`/api/v1/contacts/${c.id}`);
      toast('success', `${name} was deleted`);
      navigate('/contacts', { replace: true });
    } catch (e) {
      toast('error', errorMessage(e));
      setDeleting(false);
    }
  };
  const save = async (patch: Partial<Contact>) => {
    const updated = await api.patch<Contact>(`/api/v1/contacts/${c.id}`, patch);
    contact.setData(() => updated);
    toast('success', 'Contact saved');
  };

  return (
    <div data-testid="contact-page">
      <div className="mb-4 flex items-center justify-between gap-4">
        <nav className="flex min-w-0 items-center gap-1.5 text-sm text-slate-500">
          <Link to="/contacts" className="hover:text-slate-800">
            Contacts
          </Link>
          <Icon name="chevronRight" className="size-3.5" />
          <span className="min-w-0 truncate text-slate-800" title={name}>
            {name}
          </span>
        </nav>
        {canWriteRecords(user.role) && (
          <div className="flex items-center gap-2">
            <Button
              size="sm"
              icon="mail"
              onClick={() => setComposing(true)}
              disabled={!c.email}
              title={c.email ? undefined : 'This contact has no email address'}
              data-testid="compose-email"
            >
              Email
            </Button>
            <Button
              size="sm"
              icon="reply"
              onClick={() => setEnrolling(true)}
              disabled={!c.email}
              title={c.email ? 'Add to a follow-up sequence' : 'This contact has no email address'}
              data-testid="enrol-contact-button"
            >
              Add to sequence
            </Button>
            <Button
              size="sm"
              variant="ghost"
              icon="trash"
              onClick={() => setConfirmDelete(true)}
              data-testid="delete-contact"
            >
              Delete
            </Button>
          </div>
        )}
      </div>
      <EnrolDialog
        open={enrolling}
        onClose={() => setEnrolling(false)}
        contactIds={[c.id]}
        contactLabel={`${name}${c.email ? ` <${c.email}>` : ''}`}
      />
      <ComposeDialog
        open={composing}
        contactId={c.id}
        contactEmail={c.email ?? null}
        onClose={() => setComposing(false)}
        onQueued={() => setTimeout(timeline.reload, 1500)}
      />
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        size="sm"
        title={`Delete ${name}?`}
        footer={
          <>
            <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
            <Button
              variant="danger"
              loading={deleting}
              onClick={() => void remove()}
              data-testid="confirm-delete-contact"
            >
              Delete contact
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          Their activities are deleted with them; deals and orders stay, without a contact. This cannot be undone.
        </p>
      </Dialog>

      <Card className="mb-6 p-6">
        <div className="flex flex-wrap items-start gap-5">
          <Avatar name={name} size="xl" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2.5">
              <h1
                className="pw-wrap line-clamp-2 text-xl font-semibold tracking-tight text-slate-900"
                title={name}
                data-testid="contact-name"
              >
                {name}
              </h1>
              <LifecycleBadge stage={c.lifecycleStage} />
              {c.doNotContact && (
                <Badge tone="red" className="gap-1">
                  <Icon name="ban" className="size-3" /> Do not contact
                </Badge>
              )}
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {c.title && <span>{c.title}</span>}
              {c.title && c.companyName && <span className="text-slate-400"> at </span>}
              {c.companyId && c.companyName && (
                <Link to={`/companies/${c.companyId}`} className="font-medium text-brand-600 hover:underline">
                  {c.companyName}
                </Link>
              )}
              {!c.title && !c.companyName && <span className="text-slate-400">No company</span>}
            </p>
            <div className="mt-3 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-slate-600">
              {c.email && (
                <a href={`mailto:${c.email}`} className="flex items-center gap-1.5 hover:text-brand-700">
                  <Icon name="mail" className="size-4 text-slate-400" /> {c.email}
                </a>
              )}
              {c.phone && (
                <span className="flex items-center gap-1.5">
                  <Icon name="phone" className="size-4 text-slate-400" /> {c.phone}
                </span>
              )}
              {(c.city || c.country) && (
                <span className="flex items-center gap-1.5">
                  <Icon name="globe" className="size-4 text-slate-400" />{' '}
                  {[c.city, c.country].filter(Boolean).join(', ')}
                </span>
              )}
            </div>
          </div>
          <dl className="grid shrink-0 grid-cols-2 gap-x-8 gap-y-3 text-sm">
            <div>
              <dt className="text-xs text-slate-500">Owner</dt>
              <dd className="mt-0.5 flex items-center gap-1.5 font-medium text-slate-800" data-testid="contact-owner">
                {c.ownerName ? (
                  <>
                    <Avatar name={c.ownerName} size="xs" /> {c.ownerName}
                  </>
                ) : (
                  <span className="text-slate-400">Unassigned</span>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Email consent</dt>
              <dd className="mt-0.5" data-testid="contact-consent-badge">
                <ConsentBadge state={c.consentMarketingEmail} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Customer since</dt>
              <dd className="mt-0.5 font-medium text-slate-800">
                {c.becameCustomerAt ? date(c.becameCustomerAt) : '—'}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Last updated</dt>
              <dd className="mt-0.5 font-medium text-slate-800">{relative(c.updatedAt)}</dd>
            </div>
          </dl>
        </div>
      </Card>

      <div className="grid gap-6 xl:grid-cols-[minmax(340px,1fr)_2fr]">
        <div className="space-y-6">
          <DetailsCard title="Details" record={c} fields={fields} canEdit={canWriteRecords(user.role)} onSave={save} />
          <CustomFieldsCard
            entity="contact"
            values={(c as { customFields?: Record<string, string | number | boolean | null> }).customFields}
            canEdit={canWriteRecords(user.role)}
            onSave={(customFields) => save({ customFields } as Partial<Contact>)}
          />
          {/* Extension slot: Score and Recommendations cards register in contacts/contactSideCards.tsx */}
          {contactSideCards.length > 0 && (
            <div className="space-y-6" data-testid="contact-insights-slot">
              {contactSideCards.map(({ id: cardId, component: C }) => (
                <C key={cardId} contact={c} />
              ))}
            </div>
          )}
        </div>
        <div className="min-w-0 space-y-6">
          {timeline.error ? (
            <Card>
              <ErrorState error={timeline.error} onRetry={timeline.reload} title="Could not load the timeline" />
            </Card>
          ) : !timeline.data ? (
            <Card className="p-5">
              <Skeleton className="mb-3 h-5 w-40" />
              <Skeleton className="mb-2 h-12" />
              <Skeleton className="h-12" />
            </Card>
          ) : (
            <>
              <div className="grid gap-6 2xl:grid-cols-2">
                <DealsCard deals={timeline.data.deals} />
                <OrdersCard orders={timeline.data.orders} />
              </div>
              <TasksCard
                contactId={c.id}
                ownerId={c.ownerId ?? user.id}
                activities={timeline.data.activities}
                canWrite={canWriteRecords(user.role)}
                onChanged={timeline.reload}
              />
              <Card>
                <CardHeader
                  title="Activity"
                  description={`${timeline.data.activities.length} activities, newest first`}
                />
                {canWriteRecords(user.role) && (
                  <ActivityComposer
                    contactId={c.id}
                    companyId={c.companyId}
                    onLogged={(a) =>
                      timeline.setData((t) =>
                        t ? { ...t, activities: [{ ...a, ownerName: a.ownerName ?? user.name }, ...t.activities] } : t,
                      )
                    }
                  />
                )}
                <Timeline activities={timeline.data.activities} />
              </Card>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
