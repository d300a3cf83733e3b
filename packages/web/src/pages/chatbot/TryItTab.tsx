import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge, type Tone } from '../../components/Badge';
import { Input } from '../../components/Field';
import { EmptyState } from '../../components/EmptyState';
import { cx } from '../../components/cx';
import type { AskResult } from './chatApi';

const kindLabel: Record<string, [string, Tone]> = {
  answer: ['Answered', 'green'],
  catalogue: ['Answered from the catalogue', 'green'],
  clarify: ['Asked which one was meant', 'sky'],
  handoff: ['Offered a person', 'amber'],
  handoff_request: ['Handed to a person', 'amber'],
  recommend_question: ['Asked a question to recommend products', 'indigo'],
  meeting: ['Asked for contact details', 'indigo'],
};

const examples = [
  'When are you open?',
  'How long does delivery take?',
  'Can you recommend something?',
  'Wie viel kostet das?',
];

/** Ask the bot as a visitor would and see why it answered that way; nothing is stored. */
export function TryItTab() {
  const [text, setText] = useState('');
  const [history, setHistory] = useState<{ q: string; r: AskResult }[]>([]);
  const ask = useMutation({
    mutationFn: (q: string) => call(client.POST('/api/v1/chatbot/ask', { body: { text: q } })),
    onSuccess: (r, q) => {
      setHistory((h) => [{ q, r }, ...h].slice(0, 20));
      setText('');
    },
  });
  const submit = (q: string) => q.trim() && ask.mutate(q.trim());
  return (
    <Card testId="chat-try">
      <CardHeader
        title="Ask the bot"
        description="Type a question the way a customer would. Nothing is saved, and no one is notified."
      />
      <form
        className="flex gap-2 border-b border-slate-100 px-5 py-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit(text);
        }}
      >
        <Input
          aria-label="Your question"
          data-testid="try-input"
          value={text}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Do you deliver on Saturdays?"
        />
        <Button type="submit" variant="primary" loading={ask.isPending} disabled={!text.trim()} data-testid="try-ask">
          Ask
        </Button>
      </form>
      {ask.isError && <p className="px-5 pt-3 text-sm text-red-600">{errorMessage(ask.error)}</p>}
      {history.length === 0 ? (
        <EmptyState
          icon="sparkles"
          title="Try a question"
          description="You'll see the answer, how sure the bot is, and which question in your knowledge base it matched."
          action={
            <div className="flex flex-wrap justify-center gap-2">
              {examples.map((x) => (
                <Button key={x} size="sm" onClick={() => submit(x)}>
                  {x}
                </Button>
              ))}
            </div>
          }
        />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="try-results">
          {history.map(({ q, r }, i) => {
            const [label, tone] = kindLabel[r.kind] ?? ['Answered', 'green'];
            return (
              <li key={i} className={cx('px-5 py-4', i > 0 && 'opacity-70')}>
                <p className="text-sm font-medium text-slate-900">“{q}”</p>
                <p className="mt-2 rounded-lg bg-brand-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-800 ring-1 ring-brand-100">
                  {r.text}
                </p>
                {r.products.length > 0 && (
                  <ul className="mt-2 text-sm text-slate-700">
                    {r.products.map((p) => (
                      <li key={p.id}>
                        {p.name} — {p.reason}
                      </li>
                    ))}
                  </ul>
                )}
                <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <Badge tone={tone}>{label}</Badge>
                  {r.confidence !== null && <span>Confidence {Math.round(r.confidence * 100)}%</span>}
                  {r.question && <span>Matched “{r.question}”</span>}
                  {r.suggestions.length > 0 && <span>Choices: {r.suggestions.join(' · ')}</span>}
                  <span>{r.milliseconds} ms</span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
