import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { canWriteRecords, useMe } from '../../lib/auth';
import type { Activity } from '../../lib/types';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Timeline } from '../../components/Timeline';
import { InlineError } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { ComposeDialog } from '../mail/ComposeDialog';
import { TasksCard } from '../contacts/TasksCard';

/**
 * The deal's contact from inside the deal: write them an email (logged on their timeline, as from the contact page),
 * their open tasks, and what happened with them lately.
 */
export function DealContactCard({ contactId, contactName }: { contactId: string; contactName: string | null }) {
  const { user } = useMe();
  const queryClient = useQueryClient();
  const [composing, setComposing] = useState(false);
  const contact = useQuery({
    queryKey: ['contacts', contactId],
    queryFn: ({ signal }) => call(client.GET('/api/v1/contacts/{id}', { params: { path: { id: contactId } }, signal })),
  });
  const timeline = useQuery({
    queryKey: ['contacts', contactId, 'timeline'],
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/contacts/{id}/timeline', { params: { path: { id: contactId } }, signal })),
  });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['contacts', contactId, 'timeline'] });
  const email = (contact.data as { email?: string | null } | undefined)?.email ?? null;
  const activities = ((timeline.data as { activities?: Activity[] } | undefined)?.activities ?? []) as Activity[];
  const canWrite = canWriteRecords(user.role);
  const name = contactName ?? 'the contact';
  return (
    <>
      <Card testId="deal-contact">
        <CardHeader
          title={`With ${name}`}
          description={email ? `Emails, calls and notes with ${email}` : 'This contact has no email address'}
          actions={
            canWrite && (
              <Button
                size="sm"
                icon="mail"
                variant="primary"
                onClick={() => setComposing(true)}
                disabled={!email}
                title={email ? undefined : 'This contact has no email address'}
                data-testid="deal-compose-email"
              >
                Email
              </Button>
            )
          }
        />
        {timeline.error ? (
          <div className="p-5">
            <InlineError error={timeline.error} />
          </div>
        ) : !timeline.data ? (
          <div className="space-y-2 p-5">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : activities.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">Nothing yet with {name}.</p>
        ) : (
          <Timeline activities={activities.slice(0, 15)} />
        )}
      </Card>
      {timeline.data && (
        <TasksCard
          contactId={contactId}
          ownerId={user.id}
          activities={activities}
          canWrite={canWrite}
          onChanged={reload}
        />
      )}
      <ComposeDialog
        open={composing}
        contactId={contactId}
        contactEmail={email}
        onClose={() => setComposing(false)}
        onQueued={() => setTimeout(reload, 1500)}
      />
    </>
  );
}
