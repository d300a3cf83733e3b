import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { relative, dateTime } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge, type Tone } from '../../components/Badge';
import { Link } from '../../components/Link';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';
import { chatKeys, senderLabel, type ChatMessage, type Conversation } from './chatApi';

const visitorName = (id: string) => (id.startsWith('preview:') ? 'Preview chat (staff)' : `Visitor ${id.slice(0, 8)}`);
const statusTone: Record<string, Tone> = { bot: 'blue', waiting: 'amber', human: 'green', closed: 'gray' };
const statusLabel: Record<string, string> = {
  bot: 'Bot answering',
  waiting: 'Waiting for you',
  human: 'With staff',
  closed: 'Closed',
};
const filters = [
  { id: 'open', label: 'Open', status: 'bot,waiting,human' },
  { id: 'waiting', label: 'Waiting', status: 'waiting' },
  { id: 'closed', label: 'Closed', status: 'closed' },
] as const;

/** Live updates: one EventSource for the workspace; every event refreshes the lists and the open conversation. */
function useChatStream() {
  const qc = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const es = new EventSource('/api/v1/chatbot/stream');
    const refresh = (e: MessageEvent<string>) => {
      try {
        const ev = JSON.parse(e.data) as { conversationId: string };
        void qc.invalidateQueries({ queryKey: ['chatbot', 'conversations'] });
        void qc.invalidateQueries({ queryKey: chatKeys.conversation(ev.conversationId) });
      } catch {
        // a malformed event changes nothing
      }
    };
    es.addEventListener('ready', () => setLive(true));
    es.addEventListener('message', refresh);
    es.addEventListener('status', refresh);
    es.onerror = () => setLive(false);
    return () => es.close();
  }, [qc]);
  return live;
}

export function InboxTab() {
  const [filter, setFilter] = useState<(typeof filters)[number]['id']>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const live = useChatStream();
  const status = filters.find((f) => f.id === filter)!.status;
  const list = useQuery({
    queryKey: chatKeys.conversations(status),
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/chatbot/conversations', { params: { query: { status, limit: 100 } }, signal })),
  });
  const counts = list.data?.counts;
  return (
    <div className="grid gap-5 lg:grid-cols-[360px_1fr]" data-testid="chat-inbox">
      <Card className="self-start">
        <CardHeader
          title={
            <div className="flex gap-1" role="tablist">
              {filters.map((f) => (
                <button
                  key={f.id}
                  type="button"
                  role="tab"
                  aria-selected={f.id === filter}
                  onClick={() => setFilter(f.id)}
                  className={cx(
                    'rounded-md px-2.5 py-1 text-xs font-medium',
                    f.id === filter ? 'bg-brand-50 text-brand-700' : 'text-slate-500 hover:bg-slate-50',
                  )}
                >
                  {f.label}
                  {counts && f.id === 'waiting' && counts.waiting > 0 && (
                    <span className="ml-1 rounded-full bg-amber-100 px-1.5 text-amber-800">{counts.waiting}</span>
                  )}
                </button>
              ))}
            </div>
          }
          actions={
            <span
              className={cx('flex items-center gap-1.5 text-xs', live ? 'text-green-700' : 'text-slate-400')}
              data-testid="inbox-live"
            >
              <span className={cx('size-2 rounded-full', live ? 'bg-green-500' : 'bg-slate-300')} />
              {live ? 'Live' : 'Connecting…'}
            </span>
          }
        />
        {list.isPending ? (
          <div className="space-y-2 p-4">
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.data.length === 0 ? (
          <EmptyState
            compact
            icon="inbox"
            title={filter === 'closed' ? 'No closed chats' : 'No chats right now'}
            description="When someone writes in the chat on your website, it shows up here."
          />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="conversation-list">
            {list.data.data.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  onClick={() => setSelected(c.id)}
                  data-testid="conversation-item"
                  className={cx(
                    'block w-full px-4 py-3 text-left hover:bg-slate-50',
                    selected === c.id && 'bg-brand-50/60',
                  )}
                >
                  <div className="flex items-center justify-between gap-2">
                    <span className="truncate text-sm font-medium text-slate-900">
                      {c.contactId ? 'Known contact' : visitorName(c.visitorId)}
                    </span>
                    <Badge tone={statusTone[c.status]}>{statusLabel[c.status]}</Badge>
                  </div>
                  <p className="mt-1 truncate text-xs text-slate-500">
                    {c.lastMessage ? `${senderLabel[c.lastMessage.from]}: ${c.lastMessage.text}` : 'No messages'}
                  </p>
                  <p className="mt-0.5 text-[11px] text-slate-400">{relative(c.lastMessageAt)}</p>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {selected ? (
        <ConversationPanel id={selected} />
      ) : (
        <Card>
          <EmptyState
            icon="reply"
            title="Pick a chat"
            description="Read what the visitor asked and what the bot answered. Take over to reply yourself; the bot stays quiet until you hand it back."
          />
        </Card>
      )}
    </div>
  );
}

function ConversationPanel({ id }: { id: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [text, setText] = useState('');
  const bottom = useRef<HTMLDivElement>(null);
  const conv = useQuery({
    queryKey: chatKeys.conversation(id),
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/chatbot/conversations/{id}', { params: { path: { id } }, signal })),
  });
  const refresh = (c?: Conversation) => {
    if (c) qc.setQueryData(chatKeys.conversation(id), c);
    void qc.invalidateQueries({ queryKey: ['chatbot', 'conversations'] });
  };
  const act = useMutation({
    mutationFn: (verb: 'take-over' | 'hand-back' | 'close') =>
      verb === 'take-over'
        ? call(client.POST('/api/v1/chatbot/conversations/{id}/take-over', { params: { path: { id } } }))
        : verb === 'hand-back'
          ? call(client.POST('/api/v1/chatbot/conversations/{id}/hand-back', { params: { path: { id } } }))
          : call(client.POST('/api/v1/chatbot/conversations/{id}/close', { params: { path: { id } } })),
    onSuccess: (c) => refresh(c),
    onError: (e) => toast('error', errorMessage(e)),
  });
  const reply = useMutation({
    mutationFn: (t: string) =>
      call(client.POST('/api/v1/chatbot/conversations/{id}/reply', { params: { path: { id } }, body: { text: t } })),
    onSuccess: () => {
      setText('');
      void qc.invalidateQueries({ queryKey: chatKeys.conversation(id) });
      refresh();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  const count = conv.data?.messages.length ?? 0;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  if (conv.isPending)
    return (
      <Card className="p-5">
        <Skeleton className="h-64" />
      </Card>
    );
  if (conv.isError)
    return (
      <Card>
        <ErrorState error={conv.error} onRetry={() => void conv.refetch()} />
      </Card>
    );
  const c = conv.data;
  return (
    <Card className="flex min-h-[480px] flex-col" testId="conversation-panel">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            {c.contactId ? <Link to={`/contacts/${c.contactId}`}>Open contact</Link> : visitorName(c.visitorId)}
            <span data-testid="conversation-status">
              <Badge tone={statusTone[c.status]}>{statusLabel[c.status]}</Badge>
            </span>
          </span>
        }
        description={`${c.pageUrl ? `On ${c.pageUrl} · ` : ''}started ${dateTime(c.createdAt)}`}
        actions={
          <>
            {c.status !== 'human' && c.status !== 'closed' && (
              <Button variant="primary" size="sm" onClick={() => act.mutate('take-over')} loading={act.isPending}>
                Take over
              </Button>
            )}
            {c.status === 'human' && (
              <Button size="sm" onClick={() => act.mutate('hand-back')} loading={act.isPending}>
                Hand back to bot
              </Button>
            )}
            {c.status !== 'closed' && (
              <Button size="sm" variant="ghost" onClick={() => act.mutate('close')} loading={act.isPending}>
                Close
              </Button>
            )}
          </>
        }
      />
      <div className="flex-1 space-y-3 overflow-y-auto bg-slate-50/60 px-5 py-4" data-testid="conversation-messages">
        {c.messages.map((m) => (
          <Bubble key={m.id} m={m} />
        ))}
        <div ref={bottom} />
      </div>
      <form
        className="flex gap-2 border-t border-slate-100 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) reply.mutate(text.trim());
        }}
      >
        <label htmlFor="chat-reply" className="sr-only">
          Your reply
        </label>
        <input
          id="chat-reply"
          data-testid="chat-reply"
          value={text}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
          placeholder={
            c.status === 'human' ? 'Write a reply…' : 'Write a reply (this takes the chat over from the bot)…'
          }
          className="h-9 flex-1 rounded-md border-0 px-3 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
        <Button type="submit" variant="primary" icon="reply" loading={reply.isPending} disabled={!text.trim()}>
          Send
        </Button>
      </form>
    </Card>
  );
}

function Bubble({ m }: { m: ChatMessage }) {
  if (m.from === 'system')
    return (
      <p className="text-center text-xs text-slate-500" data-testid="chat-message">
        {m.text}
      </p>
    );
  const mine = m.from === 'agent' || m.from === 'bot';
  return (
    <div className={cx('flex', mine ? 'justify-end' : 'justify-start')} data-testid="chat-message">
      <div
        className={cx(
          'max-w-[75%] rounded-2xl px-3.5 py-2 text-sm whitespace-pre-wrap shadow-xs',
          m.from === 'visitor' && 'bg-white text-slate-900 ring-1 ring-slate-200',
          m.from === 'bot' && 'bg-brand-50 text-slate-900 ring-1 ring-brand-100',
          m.from === 'agent' && 'bg-brand-600 text-white',
        )}
      >
        <div className={cx('mb-0.5 text-[11px] font-medium', m.from === 'agent' ? 'text-white/80' : 'text-slate-500')}>
          {senderLabel[m.from]} · {relative(m.createdAt)}
        </div>
        {m.text}
        {m.products && m.products.length > 0 && (
          <ul className="mt-2 space-y-1 text-xs">
            {m.products.map((p) => (
              <li key={p.id}>
                <span className="font-medium">{p.name}</span>
                {p.price !== null && ` · ${p.price}`} — {p.reason}
              </li>
            ))}
          </ul>
        )}
        {m.suggestions && m.suggestions.length > 0 && (
          <div className="mt-1.5 flex flex-wrap gap-1">
            {m.suggestions.map((s) => (
              <span key={s} className="rounded-full bg-white/70 px-2 py-0.5 text-[11px] ring-1 ring-slate-200">
                {s}
              </span>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
