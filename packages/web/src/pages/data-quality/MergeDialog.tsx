import { useMemo, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { cx } from '../../components/cx';
import { fieldLabels, recordName, show, type DqRecord, type Pair } from './types';

type Side = 'survivor' | 'loser';

const counts = (r: DqRecord, type: Pair['type']) =>
  type === 'contacts'
    ? `${r.activity_count ?? 0} activities · ${r.deal_count ?? 0} deals · ${r.order_count ?? 0} orders`
    : `${r.contact_count ?? 0} contacts · ${r.deal_count ?? 0} deals · ${r.order_count ?? 0} orders`;

const empty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  v === 'unknown' ||
  (typeof v === 'object' && Object.keys(v as object).length === 0);

/** Side by side: pick which record survives, then per differing field whose value it keeps. */
export function MergeDialog({
  pair,
  onClose,
  onMerge,
  onDismiss,
  busy,
}: {
  pair: Pair;
  onClose: () => void;
  onMerge: (survivorId: string, loserId: string, fields: Record<string, Side>) => void;
  onDismiss: () => void;
  busy: boolean;
}) {
  const a = pair.a!;
  const b = pair.b!;
  const [keep, setKeep] = useState<'a' | 'b'>('a');
  const fields = fieldLabels[pair.type];
  const differing = useMemo(
    () => fields.filter(([f]) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null)).map(([f]) => f),
    [a, b, fields],
  );
  // Default per field, as the server does: the survivor's value unless it is empty.
  const [picked, setPicked] = useState<Record<string, 'a' | 'b'>>({});
  const sideOf = (f: string): 'a' | 'b' => {
    if (picked[f]) return picked[f]!;
    const s = keep === 'a' ? a : b;
    const l = keep === 'a' ? b : a;
    return empty(s[f]) && !empty(l[f]) ? (keep === 'a' ? 'b' : 'a') : keep;
  };
  const submit = () => {
    const survivor = keep === 'a' ? a : b;
    const loser = keep === 'a' ? b : a;
    const choice: Record<string, Side> = {};
    for (const f of differing) choice[f] = sideOf(f) === keep ? 'survivor' : 'loser';
    onMerge(survivor.id, loser.id, choice);
  };
  const cell = (r: DqRecord, side: 'a' | 'b', f: string) => {
    const differs = differing.includes(f);
    const chosen = sideOf(f) === side;
    return (
      <td className={cx('px-3 py-2 align-top', differs && chosen && 'bg-brand-50/70')}>
        {differs ? (
          <label className="flex cursor-pointer items-start gap-2">
            <input
              type="radio"
              name={`f-${f}`}
              className="mt-0.5 accent-brand-600"
              checked={chosen}
              onChange={() => setPicked((p) => ({ ...p, [f]: side }))}
              data-testid={`pick-${f}-${side}`}
            />
            <span
              className={cx(
                'break-all',
                chosen ? 'text-slate-900' : 'text-slate-400 line-through decoration-slate-300',
              )}
            >
              {show(r[f], f, r)}
            </span>
          </label>
        ) : (
          <span className="text-slate-600">{show(r[f], f, r)}</span>
        )}
      </td>
    );
  };
  const head = (r: DqRecord, side: 'a' | 'b') => (
    <th className="w-[42%] px-3 py-3 text-left align-top font-normal">
      <label className="flex cursor-pointer items-start gap-2">
        <input
          type="radio"
          name="keep"
          className="mt-1 accent-brand-600"
          checked={keep === side}
          onChange={() => {
            setKeep(side);
            setPicked({});
          }}
          data-testid={`keep-${side}`}
        />
        <span>
          <span className="block font-semibold text-slate-900">{recordName(r)}</span>
          <span className="block text-xs text-slate-500">{counts(r, pair.type)}</span>
          {keep === side ? (
            <Badge tone="green" className="mt-1">
              Survives
            </Badge>
          ) : (
            <Badge tone="gray" className="mt-1">
              Merged in, then removed
            </Badge>
          )}
        </span>
      </label>
    </th>
  );
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      testId="merge-dialog"
      title="Compare and merge"
      description={`Score ${pair.score.toFixed(2)} · ${pair.reasons.map((r) => r.detail).join(' · ')}`}
      footer={
        <div className="flex w-full items-center justify-between gap-2">
          <Button variant="ghost" onClick={onDismiss} disabled={busy} data-testid="dismiss-pair">
            Not a duplicate
          </Button>
          <div className="flex gap-2">
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button variant="primary" icon="layers" onClick={submit} loading={busy} data-testid="confirm-merge">
              Merge
            </Button>
          </div>
        </div>
      }
    >
      <div className="max-h-[60vh] overflow-auto">
        <table className="w-full text-sm">
          <thead className="sticky top-0 border-b border-slate-200 bg-white">
            <tr>
              <th className="w-[16%] px-3 py-3 text-left text-xs font-medium text-slate-500">Field</th>
              {head(a, 'a')}
              {head(b, 'b')}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {fields.map(([f, label]) => (
              <tr key={f}>
                <td className="px-3 py-2 text-xs font-medium text-slate-500">{label}</td>
                {cell(a, 'a', f)}
                {cell(b, 'b', f)}
              </tr>
            ))}
            <tr>
              <td className="px-3 py-2 text-xs font-medium text-slate-500">Tags</td>
              <td colSpan={2} className="px-3 py-2 text-slate-600">
                {[...new Set([...((a.tags as string[]) ?? []), ...((b.tags as string[]) ?? [])])].join(', ') || '—'}{' '}
                <span className="text-xs text-slate-400">(united)</span>
              </td>
            </tr>
          </tbody>
        </table>
        <p className="px-3 pt-3 text-xs text-slate-500">
          Activities, deals, orders{pair.type === 'contacts' ? ', consent history' : ' and contacts'} of the removed
          record move to the survivor. You can undo the merge from “Recent merges”.
        </p>
      </div>
    </Dialog>
  );
}
