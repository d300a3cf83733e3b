import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client, type paths } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { canWriteRecords, useMe } from '../../lib/auth';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Field, Input, Select, Toggle } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { Link } from '../../components/Link';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';
import { StepsEditor } from './StepsEditor';
import { PeopleTab } from './PeopleTab';
import { ResultsTab } from './ResultsTab';
import { approvalWords, statusWords, triggerWords, type SequenceDetail, type Settings, type Step } from './seqApi';

const tabs = [
  { id: 'steps', label: 'Steps' },
  { id: 'settings', label: 'Settings' },
  { id: 'people', label: 'People' },
  { id: 'results', label: 'Results' },
] as const;
type Tab = (typeof tabs)[number]['id'];
type PatchBody = paths['/api/v1/sequences/{id}']['patch']['requestBody']['content']['application/json'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** One sequence: its steps (the builder), its settings, who is in it, and how it does. */
export function SequencePage({ params }: { params: Record<string, string> }) {
  const id = params.id!;
  const { user } = useMe();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<Tab>(
    () => (new URLSearchParams(window.location.search).get('tab') as Tab | null) ?? 'steps',
  );
  const seq = useQuery({
    queryKey: ['sequences', id],
    queryFn: ({ signal }) => call(client.GET('/api/v1/sequences/{id}', { params: { path: { id } }, signal })),
  });
  useDocumentTitle(seq.data?.name ?? 'Sequence');
  const canWrite = canWriteRecords(user.role);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['sequences'] });
  const patch = useMutation({
    mutationFn: (body: PatchBody) => call(client.PATCH('/api/v1/sequences/{id}', { params: { path: { id } }, body })),
    onSuccess: (s) => {
      queryClient.setQueryData(['sequences', id], s);
      refresh();
      toast('success', 'Saved');
    },
    onError: (e) => toast('error', errorMessage(e)),
  });

  if (seq.error)
    return <ErrorState error={seq.error} onRetry={() => void seq.refetch()} title="Could not open this sequence" />;
  if (!seq.data) return <PageSpinner />;
  const s = seq.data;
  const status = statusWords[s.status];
  return (
    <div data-testid="sequence-page">
      <PageHeader
        breadcrumb={
          <Link to="/sequences" className="hover:text-slate-700">
            Sequences
          </Link>
        }
        title={
          <span className="flex items-center gap-3">
            {s.name} <Badge tone={status.tone}>{status.label}</Badge>
          </span>
        }
        description={`${approvalWords[s.approvalMode]} · ${s.activeEnrolments} ${s.activeEnrolments === 1 ? 'person' : 'people'} in it now`}
        actions={
          canWrite && (
            <>
              {s.status === 'active' ? (
                <Button onClick={() => patch.mutate({ status: 'paused' })} loading={patch.isPending}>
                  Pause
                </Button>
              ) : s.status !== 'archived' ? (
                <Button
                  variant="primary"
                  onClick={() => patch.mutate({ status: 'active' })}
                  loading={patch.isPending}
                  disabled={s.stepCount === 0}
                  title={s.stepCount === 0 ? 'Add a step first' : undefined}
                  data-testid="activate-sequence"
                >
                  {s.status === 'paused' ? 'Resume' : 'Switch on'}
                </Button>
              ) : null}
            </>
          )
        }
      />
      <div className="mb-5 flex gap-1 border-b border-slate-200" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`sequence-tab-${t.id}`}
            onClick={() => {
              setTab(t.id);
              window.history.replaceState(null, '', `/sequences/${id}?tab=${t.id}`);
            }}
            className={cx(
              '-mb-px border-b-2 px-4 py-2 text-sm font-medium',
              tab === t.id
                ? 'border-brand-600 text-brand-700'
                : 'border-transparent text-slate-500 hover:text-slate-800',
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'steps' && <StepsTab seq={s} canWrite={canWrite} />}
      {tab === 'settings' && (
        <SettingsTab seq={s} canWrite={canWrite} saving={patch.isPending} onSave={(b) => patch.mutate(b)} />
      )}
      {tab === 'people' && <PeopleTab sequenceId={id} canWrite={canWrite} />}
      {tab === 'results' && <ResultsTab sequenceId={id} />}
    </div>
  );
}

function StepsTab({ seq, canWrite }: { seq: SequenceDetail; canWrite: boolean }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const strip = (steps: SequenceDetail['steps']): Step[] => steps.map(({ position: _p, ...rest }) => rest);
  const [draft, setDraft] = useState<Step[]>(() => strip(seq.steps));
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setDraft(strip(seq.steps));
  }, [seq.steps, dirty]);
  const save = useMutation({
    mutationFn: () =>
      call(client.PUT('/api/v1/sequences/{id}/steps', { params: { path: { id: seq.id } }, body: { steps: draft } })),
    onSuccess: () => {
      setDirty(false);
      void queryClient.invalidateQueries({ queryKey: ['sequences'] });
      toast('success', 'Steps saved');
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_300px]">
      <div>
        <StepsEditor
          steps={draft}
          readOnly={!canWrite}
          onChange={(s) => {
            setDraft(s);
            setDirty(true);
          }}
        />
        {canWrite && (
          <div className="mt-4 flex items-center gap-3 border-t border-slate-200 pt-4">
            <Button
              variant="primary"
              onClick={() => save.mutate()}
              loading={save.isPending}
              disabled={!dirty}
              data-testid="save-steps"
            >
              Save steps
            </Button>
            {dirty && <span className="text-sm text-amber-700">Unsaved changes</span>}
          </div>
        )}
      </div>
      <Card className="h-fit p-4 text-sm text-slate-600">
        <h3 className="mb-2 font-semibold text-slate-800">How it works</h3>
        <ul className="list-disc space-y-1.5 pl-4">
          <li>Emails go out inside the send window, at the hour each person usually reads their email.</li>
          <li>Anyone who replies, books a meeting, buys or unsubscribes leaves the sequence at once.</li>
          <li>An out-of-office reply pauses them for 3 days instead.</li>
          <li>Nobody gets more than one marketing email every 3 days from all your sequences together.</li>
          <li>With two versions of an email, Results tells you which one gets more replies.</li>
        </ul>
      </Card>
    </div>
  );
}

function SettingsTab({
  seq,
  canWrite,
  saving,
  onSave,
}: {
  seq: SequenceDetail;
  canWrite: boolean;
  saving: boolean;
  onSave: (b: {
    name: string;
    approvalMode: SequenceDetail['approvalMode'];
    mailboxId: string | null;
    settings: Settings;
  }) => void;
}) {
  const [name, setName] = useState(seq.name);
  const [approvalMode, setApproval] = useState(seq.approvalMode);
  const [mailboxId, setMailbox] = useState(seq.mailboxId ?? '');
  const [settings, setSettings] = useState<Settings>(seq.settings);
  const boxes = useQuery({
    queryKey: ['mail', 'mailboxes'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/mail/mailboxes', { signal })),
  });
  const w = settings.sendWindow;
  const set = (patch: Partial<Settings>) => setSettings({ ...settings, ...patch });
  const ro = !canWrite;
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="sequence-settings">
      <Card>
        <CardHeader title="Basics" />
        <div className="space-y-4 p-5">
          <Field label="Name" htmlFor="seq-name">
            <Input id="seq-name" value={name} disabled={ro} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field
            label="Who checks the emails"
            htmlFor="seq-approval"
            hint="Approve every email until you trust the sequence. Emails wait in “To approve”."
          >
            <Select
              id="seq-approval"
              data-testid="seq-approval"
              value={approvalMode}
              disabled={ro}
              onChange={(e) => setApproval(e.target.value as typeof approvalMode)}
            >
              <option value="every">I approve every email</option>
              <option value="first">I approve the first email to each person</option>
              <option value="none">Send without asking me</option>
            </Select>
          </Field>
          <Field label="Send from" htmlFor="seq-mailbox">
            <Select id="seq-mailbox" value={mailboxId} disabled={ro} onChange={(e) => setMailbox(e.target.value)}>
              <option value="">The workspace&apos;s default mailbox</option>
              {(boxes.data?.data ?? []).map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.fromAddress})
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </Card>
      <Card>
        <CardHeader title="When emails go out" description="In each person's own time zone." />
        <div className="space-y-4 p-5">
          <div>
            <div className="mb-1.5 text-xs font-medium text-slate-700">Days</div>
            <div className="flex flex-wrap gap-1.5">
              {DAYS.map((d, i) => {
                const on = w.days.includes(i + 1);
                return (
                  <button
                    key={d}
                    type="button"
                    disabled={ro}
                    onClick={() =>
                      set({
                        sendWindow: {
                          ...w,
                          days: on ? w.days.filter((x) => x !== i + 1) : [...w.days, i + 1].sort(),
                        },
                      })
                    }
                    className={cx(
                      'w-12 rounded-md py-1.5 text-xs font-medium ring-1',
                      on ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-600 ring-slate-300',
                    )}
                  >
                    {d}
                  </button>
                );
              })}
            </div>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <Field label="From" htmlFor="win-start">
              <Input
                id="win-start"
                type="time"
                value={w.start}
                disabled={ro}
                onChange={(e) => set({ sendWindow: { ...w, start: e.target.value } })}
              />
            </Field>
            <Field label="Until" htmlFor="win-end">
              <Input
                id="win-end"
                type="time"
                value={w.end}
                disabled={ro}
                onChange={(e) => set({ sendWindow: { ...w, end: e.target.value } })}
              />
            </Field>
          </div>
          <Field
            label="Measure the best-time effect on (% of people)"
            htmlFor="holdout"
            hint="This share gets emails at a fixed time, so Results can show how much sending at each person's best hour helps."
          >
            <Input
              id="holdout"
              type="number"
              min={0}
              max={50}
              className="w-28"
              value={Math.round(settings.holdoutShare * 100)}
              disabled={ro}
              onChange={(e) => set({ holdoutShare: Math.min(1, Math.max(0, Number(e.target.value) / 100)) })}
            />
          </Field>
        </div>
      </Card>
      <Card>
        <CardHeader title="Who leaves and who can come back" />
        <div className="space-y-4 p-5">
          <div className="flex items-start gap-3">
            <Toggle
              checked={settings.exitOnCompanyReply}
              disabled={ro}
              onChange={(v) => set({ exitOnCompanyReply: v })}
              label="Stop for the whole company on a reply"
            />
            <div className="text-sm">
              <div className="font-medium text-slate-800">Stop for the whole company on a reply</div>
              <div className="text-slate-500">When anyone at their company answers, everyone there leaves.</div>
            </div>
          </div>
          <Field label="Can someone go through it again?" htmlFor="reenrol">
            <div className="flex items-center gap-2">
              <Select
                id="reenrol"
                className="w-auto"
                value={settings.reenrolAfterDays === null ? 'never' : 'after'}
                disabled={ro}
                onChange={(e) => set({ reenrolAfterDays: e.target.value === 'never' ? null : 90 })}
              >
                <option value="never">Never</option>
                <option value="after">Yes, after</option>
              </Select>
              {settings.reenrolAfterDays !== null && (
                <>
                  <Input
                    type="number"
                    min={1}
                    className="w-24"
                    aria-label="Days before they can come back"
                    value={settings.reenrolAfterDays}
                    disabled={ro}
                    onChange={(e) => set({ reenrolAfterDays: Math.max(1, Number(e.target.value) || 1) })}
                  />
                  <span className="text-sm text-slate-600">days</span>
                </>
              )}
            </div>
          </Field>
        </div>
      </Card>
      <Card>
        <CardHeader title="Add people automatically when…" />
        <div className="space-y-2 p-5">
          {settings.triggers.length === 0 && (
            <p className="text-sm text-slate-500">Nobody is added automatically; add people from the People tab.</p>
          )}
          {settings.triggers.map((t, i) => (
            <div key={i} className="flex items-center gap-2">
              <Select
                aria-label="Trigger"
                value={t.type}
                disabled={ro}
                onChange={(e) =>
                  set({
                    triggers: settings.triggers.map((x, j) =>
                      j === i ? { ...x, type: e.target.value as typeof t.type } : x,
                    ),
                  })
                }
              >
                {Object.entries(triggerWords).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </Select>
              {t.type !== 'form_lead' && t.type !== 'chat_lead' && (
                <Input
                  aria-label="Value"
                  className="w-40"
                  value={t.value ?? ''}
                  disabled={ro}
                  placeholder={t.type === 'score_tier' ? 'hot' : t.type === 'lifecycle_change' ? 'lead' : 'id or name'}
                  onChange={(e) =>
                    set({ triggers: settings.triggers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })
                  }
                />
              )}
              {!ro && (
                <Button
                  size="sm"
                  variant="ghost"
                  icon="x"
                  aria-label="Remove"
                  onClick={() => set({ triggers: settings.triggers.filter((_, j) => j !== i) })}
                />
              )}
            </div>
          ))}
          {!ro && (
            <Button
              size="sm"
              variant="ghost"
              icon="plus"
              onClick={() => set({ triggers: [...settings.triggers, { type: 'form_lead' }] })}
            >
              Add a trigger
            </Button>
          )}
        </div>
      </Card>
      {canWrite && (
        <div className="lg:col-span-2">
          <Button
            variant="primary"
            loading={saving}
            data-testid="save-sequence-settings"
            onClick={() => onSave({ name: name.trim(), approvalMode, mailboxId: mailboxId || null, settings })}
          >
            Save settings
          </Button>
        </div>
      )}
    </div>
  );
}
