import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { ApiError, errorMessage } from '../../lib/api';
import { relative } from '../../lib/format';
import { useMe } from '../../lib/auth';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select, Toggle } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { chatKeys, useEngine, useKb, type KbEntry } from './chatApi';

const editors = new Set(['manager', 'admin', 'owner']);
const area =
  'block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none';

export function KnowledgeTab() {
  const { user } = useMe();
  const canEdit = editors.has(user.role);
  const kb = useKb();
  const engine = useEngine();
  const [editing, setEditing] = useState<KbEntry | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [q, setQ] = useState('');
  const entries = (kb.data?.data ?? []).filter(
    (e) => !q || `${e.question} ${e.variants.join(' ')} ${e.answer}`.toLowerCase().includes(q.toLowerCase()),
  );
  return (
    <div className="space-y-5">
      <Card>
        <CardHeader
          title="What the bot knows"
          description={
            engine.data
              ? `Trained ${relative(engine.data.builtAt)} in ${engine.data.trainSeconds.toFixed(2)} s on ${engine.data.intents} questions${engine.data.sections ? ` and ${engine.data.sections} page sections` : ''}${engine.data.products ? `, plus ${engine.data.products} products` : ''}. It retrains by itself after every change.`
              : 'FAQs and sections of your pages. The bot retrains by itself after every change.'
          }
          actions={
            canEdit && (
              <>
                <Button icon="upload" onClick={() => setImporting(true)} data-testid="kb-import">
                  Import
                </Button>
                <Button variant="primary" icon="plus" onClick={() => setEditing('new')} data-testid="kb-add">
                  Add a question
                </Button>
              </>
            )
          }
        />
        <div className="border-b border-slate-100 px-5 py-3">
          <Input
            aria-label="Search the knowledge base"
            placeholder="Search questions and answers…"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className="max-w-sm"
          />
        </div>
        {kb.isPending ? (
          <div className="space-y-2 p-5">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : kb.isError ? (
          <ErrorState error={kb.error} onRetry={() => void kb.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState
            icon="sparkles"
            title={q ? 'Nothing matches' : 'No questions yet'}
            description={
              q
                ? 'Try other words.'
                : 'Add the questions customers ask most, or import them from a spreadsheet, a Markdown file or a page of your website.'
            }
            action={
              canEdit && !q ? (
                <Button variant="primary" icon="plus" onClick={() => setEditing('new')}>
                  Add a question
                </Button>
              ) : undefined
            }
          />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="kb-list">
            {entries.map((e) => (
              <li key={e.id} className="flex items-start gap-4 px-5 py-3">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="text-sm font-medium text-slate-900">{e.question}</span>
                    {e.kind === 'section' && <Badge tone="violet">Page section</Badge>}
                    {!e.enabled && <Badge tone="gray">Off</Badge>}
                    {e.variants.length > 0 && (
                      <span className="text-xs text-slate-400">
                        +{e.variants.length} other way{e.variants.length === 1 ? '' : 's'} to ask
                      </span>
                    )}
                  </div>
                  <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{e.answer}</p>
                </div>
                {canEdit && (
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="edit"
                    onClick={() => setEditing(e)}
                    aria-label={`Edit ${e.question}`}
                  >
                    Edit
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {editing && <EntryDialog entry={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </div>
  );
}

function useKbChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: chatKeys.kb });
    // The engine retrains a moment after the change.
    setTimeout(() => void qc.invalidateQueries({ queryKey: chatKeys.engine }), 1500);
  };
}

function EntryDialog({ entry, onClose }: { entry: KbEntry | null; onClose: () => void }) {
  const toast = useToast();
  const changed = useKbChanged();
  const [question, setQuestion] = useState(entry?.question ?? '');
  const [variants, setVariants] = useState(entry?.variants.join('\n') ?? '');
  const [answer, setAnswer] = useState(entry?.answer ?? '');
  const [enabled, setEnabled] = useState(entry?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const body = () => ({
    question,
    answer,
    enabled,
    variants: variants
      .split('\n')
      .map((v) => v.trim())
      .filter(Boolean),
  });
  const save = useMutation({
    mutationFn: () =>
      entry
        ? call(client.PATCH('/api/v1/chatbot/kb/{id}', { params: { path: { id: entry.id } }, body: body() }))
        : call(client.POST('/api/v1/chatbot/kb', { body: body() })),
    onSuccess: () => {
      changed();
      toast('success', entry ? 'Saved. The bot is retraining.' : 'Added. The bot is retraining.');
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError) setErrors(e.fieldErrors());
      toast('error', errorMessage(e));
    },
  });
  const remove = useMutation({
    mutationFn: () => call(client.DELETE('/api/v1/chatbot/kb/{id}', { params: { path: { id: entry!.id } } })),
    onSuccess: () => {
      changed();
      toast('success', 'Deleted');
      onClose();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title={entry ? 'Edit question' : 'Add a question'}
      description="Write the question the way a customer would, and a few other ways they might ask it."
      size="lg"
      testId="kb-dialog"
      footer={
        <>
          {entry && (
            <Button variant="danger" className="mr-auto" onClick={() => remove.mutate()} loading={remove.isPending}>
              Delete
            </Button>
          )}
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => save.mutate()} loading={save.isPending} data-testid="kb-save">
            Save
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label="Question" htmlFor="kb-question" error={errors.question}>
          <Input id="kb-question" value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={500} />
        </Field>
        <Field label="Other ways to ask (one per line)" htmlFor="kb-variants" error={errors.variants}>
          <textarea
            id="kb-variants"
            rows={3}
            className={area}
            value={variants}
            onChange={(e) => setVariants(e.target.value)}
          />
        </Field>
        <Field label="Answer" htmlFor="kb-answer" error={errors.answer}>
          <textarea
            id="kb-answer"
            rows={5}
            className={area}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            maxLength={5000}
          />
        </Field>
        <div className="flex items-center gap-3">
          <Toggle checked={enabled} onChange={setEnabled} label="The bot uses this answer" />
          <span className="text-sm text-slate-700">The bot uses this answer</span>
        </div>
      </div>
    </Dialog>
  );
}

const formatOf = (name: string) => {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'csv'
    ? 'csv'
    : ext === 'json'
      ? 'json'
      : ext === 'md' || ext === 'markdown'
        ? 'markdown'
        : ext === 'html' || ext === 'htm'
          ? 'html'
          : null;
};

function ImportDialog({ onClose }: { onClose: () => void }) {
  const toast = useToast();
  const changed = useKbChanged();
  const [format, setFormat] = useState<'csv' | 'json' | 'markdown' | 'html'>('csv');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const run = useMutation({
    mutationFn: () => call(client.POST('/api/v1/chatbot/kb/import', { body: { format, content, fileName } })),
    onSuccess: (r) => {
      changed();
      toast('success', `Imported ${r.created} entries${r.replaced ? ` (replacing ${r.replaced})` : ''}`);
      onClose();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  return (
    <Dialog
      open
      onClose={onClose}
      title="Import questions and answers"
      description="A spreadsheet (CSV with question, answer and optional variants columns), JSON, Markdown (a heading per question), or a page of your website (HTML, split into sections by its headings). Importing the same file again replaces what it brought."
      size="lg"
      testId="kb-import-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => run.mutate()} loading={run.isPending} disabled={!content.trim()}>
            Import
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label="File" htmlFor="kb-file" hint=".csv, .json, .md or .html">
          <input
            id="kb-file"
            type="file"
            accept=".csv,.json,.md,.markdown,.html,.htm"
            className="block text-sm text-slate-600"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              setContent(await f.text());
              setFileName(f.name);
              const detected = formatOf(f.name);
              if (detected) setFormat(detected);
            }}
          />
        </Field>
        <Field label="Format" htmlFor="kb-format">
          <Select id="kb-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
            <option value="csv">CSV spreadsheet</option>
            <option value="json">JSON</option>
            <option value="markdown">Markdown</option>
            <option value="html">Web page (HTML)</option>
          </Select>
        </Field>
        <Field label="Or paste it here" htmlFor="kb-paste">
          <textarea
            id="kb-paste"
            rows={6}
            className={`${area} font-mono text-xs`}
            value={content}
            onChange={(e) => {
              setContent(e.target.value);
              setFileName(undefined);
            }}
            placeholder={
              'question,answer,variants\nHow long is delivery?,2-4 working days.,shipping time|when will it arrive'
            }
          />
        </Field>
      </div>
    </Dialog>
  );
}
