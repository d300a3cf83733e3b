import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../../lib/client';
import { ApiError, errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/hooks';
import { isAdmin, useMe } from '../../lib/auth';
import { navigate } from '../../lib/router';
import { Card, CardHeader, PageHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input, Select, Toggle } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { Badge } from '../../components/Badge';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';

type Settings = ApiResponse<'/api/v1/website/settings', 'get'>;
type Form = ApiResponse<'/api/v1/website/forms/{id}', 'get'>;
type FormField = Form['fields'][number];
type FormConsent = { purpose: Purpose; wording: string; required: boolean };
type Purpose = 'marketing_email' | 'profiling' | 'website_tracking' | 'chat_transcripts';

const tabs = [
  { id: 'settings', label: 'Widget settings' },
  { id: 'forms', label: 'Forms' },
  { id: 'install', label: 'Install on your site' },
] as const;
type Tab = (typeof tabs)[number]['id'];

const fieldKinds: { kind: FormField['kind']; label: string }[] = [
  { kind: 'name', label: 'Name' },
  { kind: 'email', label: 'Email' },
  { kind: 'phone', label: 'Phone' },
  { kind: 'company', label: 'Company' },
  { kind: 'message', label: 'Message' },
  { kind: 'custom', label: 'Other (your own question)' },
];
const purposeLabels: Record<Purpose, string> = {
  marketing_email: 'Marketing email',
  profiling: 'Profiling and scoring',
  website_tracking: 'Website tracking',
  chat_transcripts: 'Chat transcripts',
};

export function WebsitePage({ params }: { params: Record<string, string> }) {
  useDocumentTitle('Website');
  const tab: Tab = (tabs.find((t) => t.id === params.tab)?.id ?? 'settings') as Tab;
  const settings = useQuery({
    queryKey: ['website', 'settings'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/website/settings', { signal })),
  });
  return (
    <div className="mx-auto max-w-5xl">
      <PageHeader
        title="Website"
        description="A chat assistant, lead forms and visit tracking (only with the visitor's consent) on your own website, from one line of code."
      />
      <nav className="mb-6 flex gap-1 border-b border-slate-200" aria-label="Website sections">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            onClick={() => navigate(t.id === 'settings' ? '/website' : `/website/${t.id}`)}
            aria-current={tab === t.id ? 'page' : undefined}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
              tab === t.id
                ? 'border-brand-600 text-brand-700'
                : 'border-transparent text-slate-500 hover:text-slate-800',
            )}
          >
            {t.label}
          </button>
        ))}
      </nav>
      {settings.isPending ? (
        <PageSpinner />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : tab === 'settings' ? (
        <SettingsTab settings={settings.data} />
      ) : tab === 'forms' ? (
        <FormsTab settings={settings.data} />
      ) : (
        <InstallTab settings={settings.data} />
      )}
    </div>
  );
}

function SettingsTab({ settings }: { settings: Settings }) {
  const { user: me } = useMe();
  const admin = isAdmin(me.role);
  const toast = useToast();
  const qc = useQueryClient();
  const [origins, setOrigins] = useState(settings.allowedOrigins.join('\n'));
  const [greeting, setGreeting] = useState(settings.greeting);
  const [colors, setColors] = useState(settings.colors);
  const [privacyUrl, setPrivacyUrl] = useState(settings.privacyNoticeUrl ?? '');
  const [chat, setChat] = useState(settings.chatEnabled);
  const [tracking, setTracking] = useState(settings.trackingEnabled);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () =>
      call(
        client.PUT('/api/v1/website/settings', {
          body: {
            allowedOrigins: origins
              .split(/[\s,]+/)
              .map((o) => o.trim().replace(/\/$/, ''))
              .filter(Boolean),
            greeting,
            colors,
            privacyNoticeUrl: privacyUrl.trim() || null,
            chatEnabled: chat,
            trackingEnabled: tracking,
          },
        }),
      ),
    onSuccess: (data) => {
      setErrors({});
      qc.setQueryData(['website', 'settings'], data);
      toast('success', 'Website settings saved');
    },
    onError: (e) => {
      setErrors(e instanceof ApiError ? e.fieldErrors() : {});
      toast('error', errorMessage(e));
    },
  });
  const err = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(prefix + '.'))?.[1];
  return (
    <form
      className="grid gap-6 lg:grid-cols-[1fr_320px]"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Where the widget may run"
            description="Only pages on these addresses can use your widget. Anything else is refused and nothing is stored."
          />
          <div className="space-y-4 p-5">
            <Field
              label="Allowed websites (one per line)"
              htmlFor="origins"
              error={err('allowedOrigins')}
              hint="Scheme, host and port exactly, e.g. https://shop.example.com (www. and http:// are different addresses)."
            >
              <textarea
                id="origins"
                rows={3}
                value={origins}
                disabled={!admin}
                onChange={(e) => setOrigins(e.target.value)}
                className="block w-full rounded-md px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 focus:outline-none"
                placeholder="https://shop.example.com"
              />
            </Field>
          </div>
        </Card>
        <Card>
          <CardHeader title="Look and words" description="The greeting shows next to the chat button." />
          <div className="grid gap-4 p-5 sm:grid-cols-2">
            <div className="sm:col-span-2">
              <Field label="Greeting" htmlFor="greeting" error={err('greeting')}>
                <Input
                  id="greeting"
                  value={greeting}
                  maxLength={300}
                  disabled={!admin}
                  onChange={(e) => setGreeting(e.target.value)}
                />
              </Field>
            </div>
            {(['primary', 'background', 'text'] as const).map((k) => (
              <Field
                key={k}
                label={`${k[0]!.toUpperCase()}${k.slice(1)} colour`}
                htmlFor={`color-${k}`}
                error={err(`colors.${k}`)}
              >
                <div className="flex items-center gap-2">
                  <input
                    type="color"
                    id={`color-${k}`}
                    value={colors[k]}
                    disabled={!admin}
                    onChange={(e) => setColors({ ...colors, [k]: e.target.value })}
                    className="h-9 w-12 cursor-pointer rounded border border-slate-300"
                  />
                  <code className="text-xs text-slate-600">{colors[k]}</code>
                </div>
              </Field>
            ))}
          </div>
        </Card>
        <Card>
          <CardHeader title="Chat, tracking and privacy" />
          <div className="space-y-4 p-5">
            <div className="flex items-start justify-between gap-4">
              <div>
                <p className="text-sm font-medium text-slate-800">Chat assistant</p>
                <p className="text-xs text-slate-500">
                  Answers questions from your knowledge base and hands over to a person.
                </p>
              </div>
              <Toggle checked={chat} onChange={setChat} disabled={!admin} label="Chat assistant" testId="toggle-chat" />
            </div>
            <div className="flex items-start justify-between gap-4">
              <div>
                <p className="text-sm font-medium text-slate-800">Visit tracking</p>
                <p className="text-xs text-slate-500">
                  Visitors are asked first. Browsers that send Global Privacy Control or Do Not Track are never tracked
                  and see no banner.
                </p>
              </div>
              <Toggle
                checked={tracking}
                onChange={setTracking}
                disabled={!admin}
                label="Visit tracking"
                testId="toggle-tracking"
              />
            </div>
            <Field
              label="Privacy notice link"
              htmlFor="privacy"
              error={err('privacyNoticeUrl')}
              hint={
                <>
                  Leave empty to use your Pipewise notice:{' '}
                  <a
                    className="text-brand-700 underline"
                    href={settings.defaultPrivacyNoticeUrl}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {settings.defaultPrivacyNoticeUrl}
                  </a>
                </>
              }
            >
              <Input
                id="privacy"
                value={privacyUrl}
                disabled={!admin}
                onChange={(e) => setPrivacyUrl(e.target.value)}
                placeholder="https://shop.example.com/privacy"
              />
            </Field>
          </div>
        </Card>
        {admin ? (
          <div className="flex justify-end">
            <Button type="submit" variant="primary" loading={save.isPending}>
              Save settings
            </Button>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Only an admin can change these settings.</p>
        )}
      </div>
      <WidgetPreview greeting={greeting} colors={colors} />
    </form>
  );
}

/** A static picture of the launcher and an answer, in the chosen colours. */
function WidgetPreview({ greeting, colors }: { greeting: string; colors: Settings['colors'] }) {
  return (
    <div>
      <p className="mb-2 text-xs font-medium text-slate-500 uppercase">Preview</p>
      <div className="rounded-xl bg-slate-100 p-4 ring-1 ring-slate-200" aria-hidden="true">
        <div
          className="overflow-hidden rounded-xl shadow-lg"
          style={{ background: colors.background, color: colors.text }}
        >
          <div className="px-4 py-3 text-sm font-semibold text-white" style={{ background: colors.primary }}>
            Chat with us
          </div>
          <div className="space-y-2 p-3 text-sm">
            <p className="w-fit max-w-[85%] rounded-2xl bg-slate-100 px-3 py-2 text-slate-800">{greeting}</p>
            <p
              className="ml-auto w-fit max-w-[85%] rounded-2xl px-3 py-2 text-white"
              style={{ background: colors.primary }}
            >
              Do you deliver on Saturdays?
            </p>
            <p className="w-fit max-w-[85%] rounded-2xl bg-slate-100 px-3 py-2 text-slate-800">
              Yes, Saturday delivery is available in most areas.
            </p>
          </div>
        </div>
        <div className="mt-4 flex items-center justify-end gap-2">
          <span
            className="max-w-[180px] rounded-xl px-3 py-2 text-xs shadow"
            style={{ background: colors.background, color: colors.text }}
          >
            {greeting}
          </span>
          <span
            className="flex size-12 items-center justify-center rounded-full text-xl text-white shadow-lg"
            style={{ background: colors.primary }}
          >
            <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth={2}>
              <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12Z" strokeLinejoin="round" />
            </svg>
          </span>
        </div>
      </div>
    </div>
  );
}

const blankForm = (): Omit<Form, 'id' | 'createdAt' | 'updatedAt'> => ({
  name: 'Contact us',
  title: 'Get in touch',
  fields: [
    { kind: 'name', key: 'name', label: 'Your name', required: true },
    { kind: 'email', key: 'email', label: 'Email', required: true },
    { kind: 'message', key: 'message', label: 'How can we help?', required: false },
  ],
  consents: [{ purpose: 'marketing_email', wording: 'Send me news, offers and follow-ups by email.', required: false }],
  submitLabel: 'Send',
  thankYou: 'Thank you! We will get back to you within one working day.',
});

function FormsTab({ settings }: { settings: Settings }) {
  const forms = useQuery({
    queryKey: ['website', 'forms'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/website/forms', { signal })),
  });
  const [editing, setEditing] = useState<Form | 'new' | null>(null);
  if (forms.isPending) return <PageSpinner />;
  if (forms.isError) return <ErrorState error={forms.error} onRetry={() => void forms.refetch()} />;
  if (editing)
    return (
      <FormBuilder form={editing === 'new' ? null : editing} settings={settings} onDone={() => setEditing(null)} />
    );
  return (
    <Card>
      <CardHeader
        title="Lead forms"
        description="Each submission creates or updates a contact (never a duplicate) and records the consent given."
        actions={
          <Button variant="primary" icon="plus" onClick={() => setEditing('new')}>
            New form
          </Button>
        }
      />
      {forms.data.data.length === 0 ? (
        <EmptyState
          icon="form"
          title="No forms yet"
          description="Build a contact or quote form, then put it on your website or share its page."
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {forms.data.data.map((f) => (
            <li key={f.id} className="flex items-center justify-between gap-4 px-5 py-3">
              <div className="min-w-0">
                <p className="text-sm font-medium text-slate-900">{f.name}</p>
                <p className="text-xs text-slate-500">
                  {f.fields.length} fields · {f.consents.length} consent checkbox{f.consents.length === 1 ? '' : 'es'}
                </p>
              </div>
              <div className="flex items-center gap-2">
                <a
                  className="text-xs text-brand-700 underline"
                  href={`/f/${settings.siteKey}/${f.id}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  Open hosted page
                </a>
                <Button size="sm" icon="edit" onClick={() => setEditing(f)}>
                  Edit
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function FormBuilder({ form, settings, onDone }: { form: Form | null; settings: Settings; onDone: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState(() => (form ? { ...form } : blankForm()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: draft.name,
        title: draft.title,
        fields: draft.fields,
        consents: draft.consents as FormConsent[],
        submitLabel: draft.submitLabel,
        thankYou: draft.thankYou,
      };
      return form
        ? call(client.PUT('/api/v1/website/forms/{id}', { params: { path: { id: form.id } }, body }))
        : call(client.POST('/api/v1/website/forms', { body }));
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['website', 'forms'] });
      toast('success', 'Form saved');
      onDone();
    },
    onError: (e) => {
      setErrors(e instanceof ApiError ? e.fieldErrors() : {});
      toast('error', errorMessage(e));
    },
  });
  const remove = useMutation({
    mutationFn: () => call(client.DELETE('/api/v1/website/forms/{id}', { params: { path: { id: form!.id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['website', 'forms'] });
      toast('success', 'Form deleted');
      onDone();
    },
  });
  const setField = (i: number, patch: Partial<FormField>) =>
    setDraft({ ...draft, fields: draft.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const usedPurposes = new Set(draft.consents.map((c) => c.purpose));
  const err = (k: string) => Object.entries(errors).find(([p]) => p === k || p.startsWith(k + '.'))?.[1];
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_340px]">
      <Card>
        <CardHeader
          title={form ? `Edit “${form.name}”` : 'New form'}
          actions={
            <Button size="sm" variant="ghost" onClick={onDone}>
              Back to forms
            </Button>
          }
        />
        <div className="space-y-5 p-5">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Name (only you see it)" htmlFor="form-name" error={err('name')}>
              <Input id="form-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            </Field>
            <Field label="Title on the form" htmlFor="form-title" error={err('title')}>
              <Input
                id="form-title"
                value={draft.title}
                onChange={(e) => setDraft({ ...draft, title: e.target.value })}
              />
            </Field>
          </div>
          <fieldset>
            <legend className="mb-2 text-xs font-medium text-slate-700">Fields</legend>
            {err('fields') && (
              <p className="mb-2 text-xs text-red-600" role="alert">
                {err('fields')}
              </p>
            )}
            <div className="space-y-2">
              {draft.fields.map((f, i) => (
                <div key={i} className="grid grid-cols-[140px_1fr_auto_auto] items-center gap-2">
                  <Select
                    aria-label={`Field ${i + 1} type`}
                    value={f.kind}
                    onChange={(e) => setField(i, { kind: e.target.value as FormField['kind'] })}
                  >
                    {fieldKinds.map((k) => (
                      <option key={k.kind} value={k.kind}>
                        {k.label}
                      </option>
                    ))}
                  </Select>
                  <Input
                    aria-label={`Field ${i + 1} label`}
                    value={f.label}
                    onChange={(e) => setField(i, { label: e.target.value })}
                  />
                  <label className="flex items-center gap-1 text-xs text-slate-600">
                    <input
                      type="checkbox"
                      checked={f.required}
                      onChange={(e) => setField(i, { required: e.target.checked })}
                    />
                    Required
                  </label>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="trash"
                    aria-label={`Remove field ${f.label}`}
                    onClick={() => setDraft({ ...draft, fields: draft.fields.filter((_, j) => j !== i) })}
                  />
                </div>
              ))}
            </div>
            <Button
              size="sm"
              icon="plus"
              className="mt-2"
              onClick={() => {
                const n = draft.fields.length + 1;
                setDraft({
                  ...draft,
                  fields: [
                    ...draft.fields,
                    { kind: 'custom', key: `question${n}`, label: 'Your question', required: false },
                  ],
                });
              }}
            >
              Add a field
            </Button>
          </fieldset>
          <fieldset>
            <legend className="mb-2 text-xs font-medium text-slate-700">
              Consent checkboxes (the exact words are stored with each answer)
            </legend>
            <div className="space-y-2">
              {draft.consents.map((c, i) => (
                <div key={c.purpose} className="grid grid-cols-[160px_1fr_auto_auto] items-center gap-2">
                  <Badge tone="blue">{purposeLabels[c.purpose as Purpose] ?? c.purpose}</Badge>
                  <Input
                    aria-label={`Wording for ${purposeLabels[c.purpose as Purpose]}`}
                    value={c.wording}
                    onChange={(e) =>
                      setDraft({
                        ...draft,
                        consents: draft.consents.map((x, j) => (j === i ? { ...x, wording: e.target.value } : x)),
                      })
                    }
                  />
                  <label className="flex items-center gap-1 text-xs text-slate-600">
                    <input
                      type="checkbox"
                      checked={c.required}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          consents: draft.consents.map((x, j) => (j === i ? { ...x, required: e.target.checked } : x)),
                        })
                      }
                    />
                    Must tick
                  </label>
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="trash"
                    aria-label={`Remove ${purposeLabels[c.purpose as Purpose]} checkbox`}
                    onClick={() => setDraft({ ...draft, consents: draft.consents.filter((_, j) => j !== i) })}
                  />
                </div>
              ))}
            </div>
            <div className="mt-2 flex flex-wrap gap-2">
              {(Object.keys(purposeLabels) as Purpose[])
                .filter((p) => !usedPurposes.has(p))
                .map((p) => (
                  <Button
                    key={p}
                    size="sm"
                    icon="plus"
                    onClick={() =>
                      setDraft({
                        ...draft,
                        consents: [
                          ...draft.consents,
                          { purpose: p, wording: `I agree to: ${purposeLabels[p].toLowerCase()}.`, required: false },
                        ],
                      })
                    }
                  >
                    {purposeLabels[p]}
                  </Button>
                ))}
            </div>
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Button text" htmlFor="form-submit" error={err('submitLabel')}>
              <Input
                id="form-submit"
                value={draft.submitLabel}
                onChange={(e) => setDraft({ ...draft, submitLabel: e.target.value })}
              />
            </Field>
            <Field label="Thank-you message" htmlFor="form-thanks" error={err('thankYou')}>
              <Input
                id="form-thanks"
                value={draft.thankYou}
                onChange={(e) => setDraft({ ...draft, thankYou: e.target.value })}
              />
            </Field>
          </div>
          <div className="flex justify-between">
            {form ? (
              <Button variant="danger" icon="trash" loading={remove.isPending} onClick={() => remove.mutate()}>
                Delete form
              </Button>
            ) : (
              <span />
            )}
            <Button variant="primary" loading={save.isPending} onClick={() => save.mutate()}>
              Save form
            </Button>
          </div>
          {form && (
            <div className="rounded-lg bg-slate-50 p-3 text-xs text-slate-600">
              <p className="mb-1 font-medium text-slate-700">Put this form on a page</p>
              <code className="block font-mono break-all whitespace-pre-wrap">{`<div id="pw-form"></div>\n<script src="${settings.snippet.match(/src="([^"]+)"/)?.[1] ?? '/widget.js'}" data-site="${settings.siteKey}" data-form="${form.id}" data-target="#pw-form" async></script>`}</code>
            </div>
          )}
        </div>
      </Card>
      <FormPreview draft={draft} />
    </div>
  );
}

function FormPreview({ draft }: { draft: ReturnType<typeof blankForm> }) {
  return (
    <div>
      <p className="mb-2 text-xs font-medium text-slate-500 uppercase">Preview</p>
      <div className="space-y-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Form preview">
        <h3 className="text-lg font-semibold text-slate-900">{draft.title}</h3>
        {draft.fields.map((f, i) => (
          <div key={i}>
            <p className="mb-1 text-xs font-semibold text-slate-700">
              {f.label}
              {f.required ? ' *' : ''}
            </p>
            <div className={cx('rounded-md ring-1 ring-slate-300', f.kind === 'message' ? 'h-16' : 'h-8')} />
          </div>
        ))}
        {draft.consents.map((c) => (
          <p key={c.purpose} className="flex items-start gap-2 text-xs text-slate-700">
            <span className="mt-0.5 inline-block size-3 shrink-0 rounded-sm ring-1 ring-slate-400" />
            {c.wording}
            {c.required ? ' *' : ''}
          </p>
        ))}
        <span className="inline-block rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white">
          {draft.submitLabel}
        </span>
      </div>
    </div>
  );
}

function InstallTab({ settings }: { settings: Settings }) {
  const toast = useToast();
  const qc = useQueryClient();
  const { user: me } = useMe();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const rotate = useMutation({
    mutationFn: () => call(client.POST('/api/v1/website/settings/rotate-key')),
    onSuccess: (data) => {
      qc.setQueryData(['website', 'settings'], data);
      toast('success', 'New site key: update the snippet on your website');
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Paste this line into your website"
          description="Put it just before </body> on every page (or in your shop builder's “custom code” box)."
          actions={
            <Button
              icon={copied ? 'check' : 'copy'}
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(settings.snippet)
                  .then(() => setCopied(true))
                  .catch(() => toast('error', 'Copy failed: select the text and copy it yourself'))
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          }
        />
        <div className="p-5">
          <pre
            className="rounded-lg bg-slate-900 p-4 text-sm break-all whitespace-pre-wrap text-slate-100"
            data-testid="snippet"
          >
            {settings.snippet}
          </pre>
          {settings.allowedOrigins.length === 0 && (
            <p className="mt-3 text-sm text-amber-700">
              Add your website's address under Widget settings first: until then the widget refuses to run anywhere.
            </p>
          )}
        </div>
      </Card>
      <Card>
        <CardHeader title="What visitors get" />
        <ul className="list-disc space-y-1 py-4 pr-5 pl-10 text-sm text-slate-700">
          <li>
            A chat button with your greeting; answers come only from your knowledge base, and a person can take over.
          </li>
          <li>
            A small banner asking before any visit is recorded (not shown to browsers that ask not to be tracked).
          </li>
          <li>A link to your privacy notice in the chat and on every form.</li>
          <li>Nothing is loaded from anyone else's servers.</li>
        </ul>
      </Card>
      {isAdmin(me.role) && (
        <Card>
          <CardHeader
            title="Site key"
            description="Public (it is in the snippet). Make a new one if someone copies your widget onto their site: the old snippet then stops working."
            actions={
              <Button variant="danger" loading={rotate.isPending} onClick={() => rotate.mutate()}>
                New site key
              </Button>
            }
          />
          <p className="px-5 py-4 font-mono text-xs break-all text-slate-600">{settings.siteKey}</p>
        </Card>
      )}
    </div>
  );
}
