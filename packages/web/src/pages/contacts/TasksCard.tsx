import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { dateTime } from '../../lib/format';
import type { Activity } from '../../lib/types';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Field, Input, Select } from '../../components/Field';
import { useToast } from '../../components/Toast';

/**
 * Tasks are activities of type `task` (the activities module already models them): the kind, due date and done
 * flag live in `metadata`, the assignee is the owner. Open tasks also show on the assignee's Today page.
 */
type Task = Activity & { metadata?: { dueAt?: string; done?: boolean; taskKind?: 'call' | 'email' | 'other' } };
const DAY = 86_400_000;
const localInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function TasksCard({
  contactId,
  ownerId,
  activities,
  canWrite,
  onChanged,
}: {
  contactId: string;
  ownerId: string | null;
  activities: Activity[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  const toast = useToast();
  const tasks = (activities as Task[]).filter((a) => a.type === 'task');
  const open = tasks
    .filter((t) => !t.metadata?.done)
    .sort((a, b) => String(a.metadata?.dueAt ?? a.occurredAt).localeCompare(String(b.metadata?.dueAt ?? b.occurredAt)));
  const [adding, setAdding] = useState(false);
  const [subject, setSubject] = useState('');
  const [kind, setKind] = useState<'call' | 'email' | 'other'>('call');
  const [due, setDue] = useState(() => localInput(new Date(Date.now() + DAY)));
  const [busy, setBusy] = useState<string | null>(null);
  const add = async () => {
    setBusy('add');
    try {
      await api.post('/api/v1/activities', {
        type: 'task',
        occurredAt: new Date().toISOString(),
        contactId,
        ...(ownerId ? { ownerId } : {}),
        subject,
        metadata: { taskKind: kind, dueAt: new Date(due).toISOString(), done: false },
      });
      setSubject('');
      setAdding(false);
      toast('success', 'Task added');
      onChanged();
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const update = async (t: Task, metadata: Record<string, unknown>, message: string) => {
    setBusy(t.id);
    try {
      await api.patch(`/api/v1/activities/${t.id}`, { metadata: { ...t.metadata, ...metadata } });
      toast('success', message);
      onChanged();
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card testId="tasks-card">
      <CardHeader
        title="Tasks"
        description={open.length ? `${open.length} open` : 'Nothing to do'}
        actions={
          canWrite && !adding ? (
            <Button size="sm" icon="plus" onClick={() => setAdding(true)} data-testid="add-task">
              Add task
            </Button>
          ) : undefined
        }
      />
      {adding && (
        <div className="grid gap-3 border-b border-slate-100 px-5 pb-4 sm:grid-cols-[1fr_8rem_13rem_auto] sm:items-end">
          <Field label="What" htmlFor="task-subject">
            <Input
              id="task-subject"
              data-testid="task-subject"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              placeholder="Call about the quote"
              autoFocus
            />
          </Field>
          <Field label="Kind" htmlFor="task-kind">
            <Select id="task-kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="call">Call</option>
              <option value="email">Email</option>
              <option value="other">Other</option>
            </Select>
          </Field>
          <Field label="Due" htmlFor="task-due">
            <Input id="task-due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
          </Field>
          <div className="flex gap-2">
            <Button
              size="sm"
              variant="primary"
              onClick={() => void add()}
              loading={busy === 'add'}
              disabled={!subject.trim() || !due}
              data-testid="save-task"
            >
              Add
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setAdding(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {open.length > 0 && (
        <ul className="divide-y divide-slate-100">
          {open.map((t) => {
            const dueAt = t.metadata?.dueAt ?? t.occurredAt;
            const overdue = Date.parse(dueAt) < Date.now();
            return (
              <li key={t.id} className="flex items-center gap-3 px-5 py-2.5 text-sm" data-testid="task-row">
                <Badge tone="gray">{t.metadata?.taskKind ?? 'task'}</Badge>
                <span className="min-w-0 flex-1 truncate text-slate-900" title={t.subject ?? ''}>
                  {t.subject || 'Task'}
                </span>
                <span className={overdue ? 'text-red-600' : 'text-slate-500'}>
                  {overdue ? 'overdue · ' : ''}
                  {dateTime(dueAt)}
                </span>
                {canWrite && (
                  <span className="flex gap-1.5">
                    <Button
                      size="sm"
                      icon="check"
                      loading={busy === t.id}
                      onClick={() => void update(t, { done: true, doneAt: new Date().toISOString() }, 'Task done')}
                      data-testid="task-done"
                    >
                      Done
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={busy === t.id}
                      onClick={() =>
                        void update(
                          t,
                          { dueAt: new Date(Math.max(Date.now(), Date.parse(dueAt)) + DAY).toISOString() },
                          'Snoozed a day',
                        )
                      }
                      data-testid="task-snooze"
                    >
                      Snooze
                    </Button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
