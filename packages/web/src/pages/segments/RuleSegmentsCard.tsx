import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { num, relative } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select } from '../../components/Field';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { Icon } from '../../components/Icon';
import { useToast } from '../../components/Toast';
import { cx } from '../../components/cx';
import type { RuleSegment } from './segmentTypes';
import { EnrolDialog } from '../sequences/EnrolDialog';

const ops = [
  ['eq', 'is'],
  ['ne', 'is not'],
  ['gte', '≥'],
  ['lte', '≤'],
  ['gt', '>'],
  ['lt', '<'],
  ['contains', 'contains'],
  ['in', 'is one of (a,b)'],
  ['isnull', 'is empty (true/false)'],
] as const;
const opLabel = (op: string) => ops.find(([o]) => o === op)?.[1] ?? op;
type Rule = { field: string; op: string; value: string };

/** Saved filters ("leads with no activity for 14 days"), their sizes, and a clear message when a rule broke. */
export function RuleSegmentsCard({
  selected,
  onPick,
  canEdit,
}: {
  selected?: string;
  onPick: (s: RuleSegment) => void;
  canEdit: boolean;
}) {
  const [enrolling, setEnrolling] = useState<RuleSegment | null>(null);
  const segs = useQuery({
    queryKey: ['segments', 'rules'],
    queryFn: ({ signal }) => api.get<{ data: RuleSegment[] }>('/api/v1/segments/rules', undefined, signal),
  });
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const recompute = async (s: RuleSegment) => {
    try {
      const r = await api.post<{ members: number; error: string | null }>(`/api/v1/segments/rules/${s.id}/recompute`);
      toast(r.error ? 'error' : 'success', r.error ?? `${s.name}: ${num(r.members)} members`);
      void segs.refetch();
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <Card testId="rule-segments">
      <CardHeader
        title="Rule segments"
        description="Saved filters over fields, activity and RFM values; recomputed every 15 minutes and on demand"
        actions={
          canEdit && (
            <Button size="sm" icon="plus" onClick={() => setOpen(true)} data-testid="new-rule-segment">
              New segment
            </Button>
          )
        }
      />
      {segs.error ? (
        <ErrorState error={segs.error} onRetry={() => void segs.refetch()} />
      ) : !segs.data ? (
        <div className="p-5">
          <Skeleton className="h-10" />
        </div>
      ) : segs.data.data.length === 0 ? (
        <EmptyState
          compact
          icon="filter"
          title="No rule segments yet"
          description='For example "leads with no activity for 14 days": lifecycleStage is lead, daysSinceLastActivity ≥ 14.'
        />
      ) : (
        <ul className="divide-y divide-slate-100">
          {segs.data.data.map((s) => (
            <li
              key={s.id}
              className={cx('px-5 py-3', selected === s.id && 'bg-brand-50/50')}
              data-testid={`rule-segment-${s.name}`}
            >
              <div className="flex items-center gap-2">
                <button
                  type="button"
                  className="text-sm font-semibold text-slate-900 hover:text-brand-700"
                  onClick={() => onPick(s)}
                >
                  {s.name}
                </button>
                <span className="text-xs text-slate-500 tabular-nums">
                  {num(s.memberCount)} members{s.computedAt ? ` · ${relative(s.computedAt)}` : ''}
                </span>
                <Button size="sm" variant="ghost" icon="refresh" className="ml-auto" onClick={() => void recompute(s)}>
                  Recompute
                </Button>
                {canEdit && (
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="reply"
                    onClick={() => setEnrolling(s)}
                    data-testid="segment-enrol"
                    title="Add everyone in this segment to a follow-up sequence"
                  >
                    Add to sequence
                  </Button>
                )}
              </div>
              <p className="mt-1 text-xs text-slate-600">
                {s.rules.map((r) => `${r.field} ${opLabel(r.op)} ${r.value}`).join(' and ')}
              </p>
              {s.lastError && (
                <p
                  className="mt-1 flex items-start gap-1.5 rounded-md bg-amber-50 px-2 py-1.5 text-xs text-amber-800"
                  role="alert"
                >
                  <Icon name="alert" className="mt-0.5 size-3.5 shrink-0" />
                  {s.lastError} (members shown are from the last successful run)
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <NewRuleSegmentDialog
          onClose={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            void segs.refetch();
          }}
        />
      )}
      {enrolling && (
        <EnrolDialog
          open
          onClose={() => setEnrolling(null)}
          segmentId={enrolling.id}
          segmentLabel={`“${enrolling.name}” (${num(enrolling.memberCount)} members)`}
        />
      )}
    </Card>
  );
}

function NewRuleSegmentDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const fields = useQuery({
    queryKey: ['segments', 'rules', 'fields'],
    queryFn: ({ signal }) => api.get<{ data: string[] }>('/api/v1/segments/rules/fields', undefined, signal),
  });
  const [name, setName] = useState('');
  const [rules, setRules] = useState<Rule[]>([
    { field: 'lifecycleStage', op: 'eq', value: 'lead' },
    { field: 'daysSinceLastActivity', op: 'gte', value: '14' },
  ]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (i: number, patch: Partial<Rule>) => setRules(rules.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.post('/api/v1/segments/rules', { name, rules });
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const names = (fields.data?.data ?? []).filter((f) => f !== 'custom.<key>');
  return (
    <Dialog
      open
      onClose={onClose}
      title="New rule segment"
      description="Contacts matching every rule. Custom fields: type custom.yourKey."
      size="lg"
      testId="rule-segment-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => void save()} loading={saving} disabled={!name.trim()}>
            Save and compute
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label="Name">
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Leads gone quiet" />
        </Field>
        <div className="space-y-2">
          {rules.map((r, i) => (
            <div key={i} className="flex gap-2">
              <Input
                list="rule-fields"
                value={r.field}
                onChange={(e) => set(i, { field: e.target.value })}
                aria-label="Field"
                className="flex-1"
              />
              <Select
                value={r.op}
                onChange={(e) => set(i, { op: e.target.value })}
                aria-label="Operator"
                className="w-44"
              >
                {ops.map(([o, l]) => (
                  <option key={o} value={o}>
                    {l}
                  </option>
                ))}
              </Select>
              <Input
                value={r.value}
                onChange={(e) => set(i, { value: e.target.value })}
                aria-label="Value"
                className="flex-1"
              />
              <Button
                variant="ghost"
                icon="x"
                aria-label="Remove rule"
                disabled={rules.length === 1}
                onClick={() => setRules(rules.filter((_, k) => k !== i))}
              />
            </div>
          ))}
          <datalist id="rule-fields">
            {names.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <Button
            size="sm"
            icon="plus"
            onClick={() => setRules([...rules, { field: 'rfm.segment', op: 'eq', value: 'At risk' }])}
          >
            Add rule
          </Button>
        </div>
        {error && (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" role="alert">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
