import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api';
import { useUsers } from '../lib/users';
import { Button } from './Button';
import { Input, Select } from './Field';
import { useToast } from './Toast';

type Row = { id: string; tags?: string[] | null } & Record<string, unknown>;
type Resource = 'contacts' | 'companies' | 'deals';
const UNDO_MS = 8000;
const nouns: Record<Resource, [string, string]> = {
  contacts: ['contact', 'contacts'],
  companies: ['company', 'companies'],
  deals: ['deal', 'deals'],
};

/** A CSV of the given rows: every plain field, custom fields as their own columns, quoted as RFC 4180 says. */
export function rowsToCsv(rows: Row[]): string {
  const flat = rows.map((r) => {
    const { customFields, ...rest } = r as Row & { customFields?: Record<string, unknown> };
    const out: Record<string, unknown> = { ...rest };
    for (const [k, v] of Object.entries(customFields ?? {})) out[`custom.${k}`] = v;
    return out;
  });
  const cols = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [cols.join(','), ...flat.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * What can be done to the selected rows of a list: assign an owner, add or remove a tag, change the deal stage or
 * the lifecycle stage, export as CSV, delete (with an Undo toast: the rows disappear at once and are deleted when the
 * toast runs out).
 */
export function BulkActions({
  resource,
  rows,
  onClear,
  onChanged,
  onHide,
  onRestore,
  stages,
  lifecycle,
}: {
  resource: Resource;
  rows: Row[];
  onClear: () => void;
  onChanged: () => void;
  onHide: (ids: Set<string>) => void;
  onRestore: () => void;
  stages?: { id: string; name: string }[];
  lifecycle?: { value: string; label: string }[];
}) {
  const users = useUsers();
  const toast = useToast();
  const qc = useQueryClient();
  const [action, setAction] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  if (rows.length === 0) return null;
  const [one, many] = nouns[resource];
  const count = `${rows.length} ${rows.length === 1 ? one : many}`;

  const patchAll = async (records: Record<string, unknown>[], done: string) => {
    setBusy(true);
    try {
      await api.post(`/api/v1/${resource}/bulk`, { records });
      toast('success', done);
      setAction('');
      setValue('');
      onClear();
      onChanged();
      await qc.invalidateQueries({ queryKey: [resource] });
    } catch (e) {
      toast('error', e instanceof Error ? e.message : 'Could not change them');
    } finally {
      setBusy(false);
    }
  };

  const apply = () => {
    const tag = value.trim();
    if (action === 'owner')
      return patchAll(
        rows.map((r) => ({ id: r.id, ownerId: value || null })),
        `${count} now ${value ? `belong to ${users.find((u) => u.id === value)?.name ?? 'them'}` : 'unassigned'}`,
      );
    if (action === 'tag-add')
      return patchAll(
        rows.map((r) => ({ id: r.id, tags: [...new Set([...(r.tags ?? []), tag])] })),
        `Tagged ${count} “${tag}”`,
      );
    if (action === 'tag-remove')
      return patchAll(
        rows.map((r) => ({ id: r.id, tags: (r.tags ?? []).filter((t) => t !== tag) })),
        `Removed “${tag}” from ${count}`,
      );
    if (action === 'stage')
      return patchAll(
        rows.map((r) => ({ id: r.id, stageId: value })),
        `Moved ${count} to ${stages?.find((s) => s.id === value)?.name}`,
      );
    if (action === 'lifecycle')
      return patchAll(
        rows.map((r) => ({ id: r.id, lifecycleStage: value })),
        `${count} now ${lifecycle?.find((l) => l.value === value)?.label}`,
      );
  };

  const remove = () => {
    const ids = new Set(rows.map((r) => r.id));
    let undone = false;
    onHide(ids);
    onClear();
    toast('info', `Deleted ${count}`, {
      durationMs: UNDO_MS,
      action: {
        label: 'Undo',
        onClick: () => {
          undone = true;
          onRestore();
          toast('success', `${count} restored`);
        },
      },
    });
    setTimeout(async () => {
      if (undone) return;
      const failed: string[] = [];
      for (const id of ids) await api.del(`/api/v1/${resource}/${id}`).catch(() => failed.push(id));
      if (failed.length) toast('error', `${failed.length} could not be deleted (you may not own them)`);
      onChanged();
      await qc.invalidateQueries({ queryKey: [resource] });
    }, UNDO_MS);
  };

  const needsValue = action === 'tag-add' || action === 'tag-remove' || action === 'stage' || action === 'lifecycle';
  return (
    <div
      className="flex flex-wrap items-center gap-2 border-b border-brand-100 bg-brand-50/60 px-4 py-2 text-sm"
      data-testid="bulk-bar"
    >
      <span className="font-medium text-slate-800">{count} selected</span>
      <div className="w-52">
        <Select
          aria-label="Bulk action"
          data-testid="bulk-action"
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            setValue('');
          }}
          className="h-8 py-0"
        >
          <option value="">Choose an action…</option>
          <option value="owner">Assign owner</option>
          <option value="tag-add">Add a tag</option>
          <option value="tag-remove">Remove a tag</option>
          {stages && <option value="stage">Change stage</option>}
          {lifecycle && <option value="lifecycle">Change lifecycle stage</option>}
        </Select>
      </div>
      {action === 'owner' && (
        <div className="w-52">
          <Select
            aria-label="Owner"
            data-testid="bulk-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="h-8 py-0"
          >
            <option value="">Unassigned</option>
            {users
              .filter((u) => !u.disabled)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </Select>
        </div>
      )}
      {(action === 'tag-add' || action === 'tag-remove') && (
        <div className="w-52">
          <Input
            aria-label="Tag"
            data-testid="bulk-value"
            value={value}
            maxLength={60}
            placeholder="Tag"
            onChange={(e) => setValue(e.target.value)}
            className="h-8"
          />
        </div>
      )}
      {action === 'stage' && (
        <div className="w-52">
          <Select
            aria-label="Stage"
            data-testid="bulk-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="h-8 py-0"
          >
            <option value="">Choose a stage…</option>
            {stages?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
      )}
      {action === 'lifecycle' && (
        <div className="w-52">
          <Select
            aria-label="Lifecycle stage"
            data-testid="bulk-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="h-8 py-0"
          >
            <option value="">Choose…</option>
            {lifecycle?.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </Select>
        </div>
      )}
      {action && (
        <Button
          size="sm"
          variant="primary"
          loading={busy}
          disabled={needsValue && !value.trim()}
          onClick={() => void apply()}
          data-testid="bulk-apply"
        >
          Apply
        </Button>
      )}
      <span className="ml-auto flex gap-2">
        <Button
          size="sm"
          onClick={() => download(`${resource}-selection.csv`, rowsToCsv(rows))}
          data-testid="bulk-export"
        >
          Export CSV
        </Button>
        <Button size="sm" variant="danger" icon="trash" onClick={remove} data-testid="bulk-delete">
          Delete
        </Button>
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear
        </Button>
      </span>
    </div>
  );
}
