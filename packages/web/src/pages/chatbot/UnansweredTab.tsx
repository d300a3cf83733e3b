import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { relative } from '../../lib/format';
import { useMe } from '../../lib/auth';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge, type Tone } from '../../components/Badge';
import { Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { chatKeys, useKb, type Unanswered } from './chatApi';

const reasons: Record<Unanswered['reason'], [string, Tone]> = {
  low_confidence: ['Bot was unsure', 'amber'],
  handoff: ['Asked for a person', 'sky'],
  thumbs_down: ['Visitor said unhelpful', 'red'],
  not_english: ['Not in English', 'violet'],
};
const editors = new Set(['manager', 'admin', 'owner']);

/** Questions the bot could not answer well; one click teaches it (the question becomes another way to ask an FAQ). */
export function UnansweredTab() {
  const { user } = useMe();
  const canEdit = editors.has(user.role);
  const list = useQuery({
    queryKey: chatKeys.unanswered,
    queryFn: ({ signal }) =>
      call(client.GET('/api/v1/chatbot/unanswered', { params: { query: { limit: 200 } }, signal })),
  });
  const kb = useKb();
  const faqs = (kb.data?.data ?? []).filter((e) => e.kind === 'faq');
  return (
    <Card testId="chat-unanswered">
      <CardHeader
        title="Questions to teach the bot"
        description="Pick the FAQ that answers a question and add it: the bot retrains and answers it next time."
      />
      {list.isPending ? (
        <div className="space-y-2 p-5">
          <Skeleton className="h-12" />
          <Skeleton className="h-12" />
        </div>
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <EmptyState
          icon="check"
          title="Nothing to teach right now"
          description="Questions the bot was unsure about, hand-offs and answers visitors marked unhelpful show up here."
        />
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="unanswered-list">
          {list.data.data.map((u) => (
            <Row key={u.messageId} u={u} faqs={faqs} canEdit={canEdit} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function Row({ u, faqs, canEdit }: { u: Unanswered; faqs: { id: string; question: string }[]; canEdit: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [entryId, setEntryId] = useState('');
  const done = () => {
    void qc.invalidateQueries({ queryKey: chatKeys.unanswered });
    void qc.invalidateQueries({ queryKey: chatKeys.kb });
  };
  const add = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/v1/chatbot/unanswered/add-variant', {
          body: { entryId, text: u.question ?? '', messageId: u.messageId },
        }),
      ),
    onSuccess: (e) => {
      toast('success', `Added to “${e.question}”. The bot is retraining.`);
      done();
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  const dismiss = useMutation({
    mutationFn: () =>
      call(client.POST('/api/v1/chatbot/unanswered/{id}/dismiss', { params: { path: { id: u.messageId } } })),
    onSuccess: done,
    onError: (e) => toast('error', errorMessage(e)),
  });
  const [label, tone] = reasons[u.reason];
  return (
    <li className="flex flex-wrap items-center gap-4 px-5 py-3">
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-slate-900">{u.question ? `“${u.question}”` : '(no question)'}</p>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <Badge tone={tone}>{label}</Badge>
          {u.confidence !== null && u.reason === 'low_confidence' && (
            <span>{Math.round(u.confidence * 100)}% sure</span>
          )}
          <span>{relative(u.createdAt)}</span>
        </div>
      </div>
      {canEdit && u.question && (
        <div className="flex items-center gap-2">
          <Select
            aria-label="The FAQ that answers it"
            value={entryId}
            onChange={(e) => setEntryId(e.target.value)}
            className="w-64"
          >
            <option value="">Answered by…</option>
            {faqs.map((f) => (
              <option key={f.id} value={f.id}>
                {f.question}
              </option>
            ))}
          </Select>
          <Button variant="primary" size="sm" disabled={!entryId} loading={add.isPending} onClick={() => add.mutate()}>
            Add
          </Button>
          <Button variant="ghost" size="sm" loading={dismiss.isPending} onClick={() => dismiss.mutate()}>
            Dismiss
          </Button>
        </div>
      )}
    </li>
  );
}
