import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { ApiError, errorMessage } from '../../lib/api';
import { useMe, isAdmin } from '../../lib/auth';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input, Toggle } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { chatKeys, type ChatSettings } from './chatApi';

const days = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
type Day = (typeof days)[number][0];
type DayHours = { open: boolean; from: string; to: string };

const toDays = (h: ChatSettings['hours']): Record<Day, DayHours> =>
  Object.fromEntries(
    days.map(([d]) => {
      const span = h?.weekly?.[d]?.[0];
      return [
        d,
        span
          ? { open: true, from: span.from, to: span.to === '24:00' ? '23:59' : span.to }
          : { open: !h && d !== 'sat' && d !== 'sun', from: '09:00', to: '17:00' },
      ];
    }),
  ) as Record<Day, DayHours>;

export function ChatSettingsTab() {
  const settings = useQuery({
    queryKey: chatKeys.settings,
    queryFn: ({ signal }) => call(client.GET('/api/v1/chatbot/settings', { signal })),
  });
  if (settings.isPending)
    return (
      <Card className="p-5">
        <Skeleton className="h-64" />
      </Card>
    );
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm initial={settings.data} />;
}

function SettingsForm({ initial }: { initial: ChatSettings }) {
  const { user } = useMe();
  const admin = isAdmin(user.role);
  const qc = useQueryClient();
  const toast = useToast();
  const [greeting, setGreeting] = useState(initial.greeting);
  const [timeZone, setTimeZone] = useState(initial.hours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [hours, setHours] = useState(() => toDays(initial.hours));
  const [closed, setClosed] = useState((initial.hours?.closedDates ?? []).join(', '));
  const [handoffEmail, setHandoffEmail] = useState(initial.handoffEmail ?? '');
  const [fixed, setFixed] = useState(initial.threshold !== null);
  const [threshold, setThreshold] = useState(initial.threshold ?? 0.5);
  const [llmOn, setLlmOn] = useState(initial.llm.enabled);
  const [llmUrl, setLlmUrl] = useState(initial.llm.url ?? '');
  const [llmModel, setLlmModel] = useState(initial.llm.model ?? '');
  const [llmKey, setLlmKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => setErrors({}), [greeting, timeZone, handoffEmail]);
  const save = useMutation({
    mutationFn: () =>
      call(
        client.PUT('/api/v1/chatbot/settings', {
          body: {
            greeting,
            handoffEmail: handoffEmail.trim() || null,
            threshold: fixed ? threshold : null,
            hours: {
              timeZone,
              weekly: Object.fromEntries(
                days.map(([d]) => [
                  d,
                  hours[d].open ? [{ from: hours[d].from, to: hours[d].to === '23:59' ? '24:00' : hours[d].to }] : [],
                ]),
              ),
              closedDates: closed
                .split(/[\s,]+/)
                .map((s) => s.trim())
                .filter(Boolean),
            },
            llm: {
              enabled: llmOn,
              url: llmUrl.trim() || null,
              model: llmModel.trim() || null,
              ...(llmKey ? { apiKey: llmKey } : {}),
            },
          },
        }),
      ),
    onSuccess: (s) => {
      qc.setQueryData(chatKeys.settings, s);
      void qc.invalidateQueries({ queryKey: chatKeys.engine });
      setLlmKey('');
      toast('success', 'Settings saved');
    },
    onError: (e) => {
      if (e instanceof ApiError) setErrors(e.fieldErrors());
      toast('error', errorMessage(e));
    },
  });
  const err = (k: string) => errors[k] ?? Object.entries(errors).find(([f]) => f.startsWith(`${k}.`))?.[1];
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="chat-settings"
    >
      <Card>
        <CardHeader title="Greeting" description="The first thing visitors see when they open the chat." />
        <div className="p-5">
          <Field label="Greeting" htmlFor="chat-greeting" error={err('greeting')}>
            <Input
              id="chat-greeting"
              value={greeting}
              maxLength={500}
              disabled={!admin}
              onChange={(e) => setGreeting(e.target.value)}
            />
          </Field>
        </div>
      </Card>
      <Card>
        <CardHeader
          title="Opening hours"
          description="When someone asks for a person during these hours, your team is notified. Outside them, the bot says when you'll answer and takes an email address."
        />
        <div className="grid gap-4 p-5 md:grid-cols-2">
          <div className="space-y-2">
            {days.map(([d, label]) => (
              <div key={d} className="flex items-center gap-3">
                <Toggle
                  checked={hours[d].open}
                  disabled={!admin}
                  label={`Open on ${label}`}
                  onChange={(v) => setHours((h) => ({ ...h, [d]: { ...h[d], open: v } }))}
                />
                <span className="w-24 shrink-0 text-sm text-slate-700">{label}</span>
                {hours[d].open ? (
                  <>
                    <Input
                      type="time"
                      aria-label={`${label} opens`}
                      className="w-28"
                      value={hours[d].from}
                      disabled={!admin}
                      onChange={(e) => setHours((h) => ({ ...h, [d]: { ...h[d], from: e.target.value } }))}
                    />
                    <span className="text-slate-400">–</span>
                    <Input
                      type="time"
                      aria-label={`${label} closes`}
                      className="w-28"
                      value={hours[d].to}
                      disabled={!admin}
                      onChange={(e) => setHours((h) => ({ ...h, [d]: { ...h[d], to: e.target.value } }))}
                    />
                  </>
                ) : (
                  <span className="text-sm text-slate-400">Closed</span>
                )}
              </div>
            ))}
          </div>
          <div className="space-y-4">
            <Field
              label="Time zone"
              htmlFor="chat-tz"
              error={err('hours')}
              hint="For example Europe/London or America/New_York"
            >
              <Input id="chat-tz" value={timeZone} disabled={!admin} onChange={(e) => setTimeZone(e.target.value)} />
            </Field>
            <Field
              label="Closed on these dates"
              htmlFor="chat-closed"
              hint="Holidays, comma separated: 2026-12-25, 2026-12-26"
            >
              <Input id="chat-closed" value={closed} disabled={!admin} onChange={(e) => setClosed(e.target.value)} />
            </Field>
            <Field
              label="Email the team when a visitor asks for a person"
              htmlFor="chat-handoff"
              error={err('handoffEmail')}
              hint="Sent through your mailbox (Settings → Mailboxes). Leave empty for in-app only."
            >
              <Input
                id="chat-handoff"
                type="email"
                value={handoffEmail}
                disabled={!admin}
                onChange={(e) => setHandoffEmail(e.target.value)}
                placeholder="team@yourshop.com"
              />
            </Field>
          </div>
        </div>
      </Card>
      <Card>
        <CardHeader
          title="How sure the bot must be"
          description="Below this confidence the bot says “I'm not sure, shall I get a person?” instead of guessing. By default it picks the level itself from your questions."
        />
        <div className="flex flex-wrap items-center gap-4 p-5">
          <Toggle checked={fixed} onChange={setFixed} disabled={!admin} label="Set the level myself" />
          <span className="text-sm text-slate-700">Set the level myself</span>
          {fixed && (
            <>
              <input
                type="range"
                min={0.05}
                max={0.95}
                step={0.05}
                value={threshold}
                disabled={!admin}
                aria-label="Confidence needed"
                onChange={(e) => setThreshold(Number(e.target.value))}
                className="w-56 accent-brand-600"
              />
              <span className="text-sm font-medium text-slate-900">{Math.round(threshold * 100)}%</span>
            </>
          )}
        </div>
      </Card>
      <Card>
        <CardHeader
          title="AI wording (optional, off by default)"
          description="An OpenAI-compatible service you choose may word the answers. It only uses your knowledge base, cites it, and hands off when the answer is not there. Your questions are sent to that service."
        />
        <div className="space-y-4 p-5">
          <div className="flex items-center gap-3">
            <Toggle checked={llmOn} onChange={setLlmOn} disabled={!admin} label="Use AI wording" />
            <span className="text-sm text-slate-700">Use AI wording</span>
          </div>
          {llmOn && (
            <div className="grid gap-4 md:grid-cols-3">
              <Field label="Service URL" htmlFor="llm-url" error={err('llm')}>
                <Input
                  id="llm-url"
                  value={llmUrl}
                  disabled={!admin}
                  onChange={(e) => setLlmUrl(e.target.value)}
                  placeholder="https://api.example.com/v1"
                />
              </Field>
              <Field label="Model" htmlFor="llm-model">
                <Input
                  id="llm-model"
                  value={llmModel}
                  disabled={!admin}
                  onChange={(e) => setLlmModel(e.target.value)}
                />
              </Field>
              <Field
                label="API key"
                htmlFor="llm-key"
                hint={initial.llm.hasKey ? 'A key is saved; type a new one to replace it.' : 'Stored encrypted.'}
              >
                <Input
                  id="llm-key"
                  type="password"
                  value={llmKey}
                  disabled={!admin}
                  onChange={(e) => setLlmKey(e.target.value)}
                  autoComplete="off"
                />
              </Field>
            </div>
          )}
        </div>
      </Card>
      {admin ? (
        <div className="flex justify-end">
          <Button type="submit" variant="primary" loading={save.isPending} data-testid="chat-settings-save">
            Save settings
          </Button>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Only admins can change these settings.</p>
      )}
    </form>
  );
}
