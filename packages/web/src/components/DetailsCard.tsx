import { useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api';
import { useUsers } from '../lib/users';
import { Card, CardHeader } from './Card';
import { Button } from './Button';
import { Field, Input, Select, Toggle } from './Field';
import { InlineError } from './EmptyState';
import { RecordPicker, companyOption } from './RecordPicker';

export type DetailField<T> = {
  key: keyof T & string;
  label: string;
  kind?: 'text' | 'email' | 'number' | 'date' | 'select' | 'toggle' | 'company' | 'owner';
  options?: { value: string; label: string }[];
  /** View-mode rendering; defaults to the plain value. */
  render?: (record: T) => ReactNode;
  /** For `company`: the label of the current value. */
  labelKey?: keyof T & string;
};

/** A record's fields, read-only until "Edit"; saving PATCHes only what changed and shows the API's field errors. */
export function DetailsCard<T extends { id: string }>({
  title,
  record,
  fields,
  canEdit,
  onSave,
  testId = 'details-card',
}: {
  title: string;
  record: T;
  fields: DetailField<T>[];
  canEdit: boolean;
  onSave: (patch: Partial<T>) => Promise<void>;
  testId?: string;
}) {
  const users = useUsers();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const rec = record as Record<string, unknown>;
  const value = (k: string) => (k in draft ? draft[k] : rec[k]);
  const set = (k: string, v: unknown) => setDraft((d) => ({ ...d, [k]: v }));

  const start = () => {
    setDraft({});
    setErrors({});
    setError(null);
    setEditing(true);
  };

  const save = async () => {
    const patch: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(draft)) {
      const norm = typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v;
      if (norm !== (rec[k] ?? null) && !k.startsWith('__')) patch[k] = norm;
    }
    if (Object.keys(patch).length === 0) return setEditing(false);
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await onSave(patch as Partial<T>);
      setEditing(false);
    } catch (e) {
      const fe = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fe);
      if (Object.keys(fe).length === 0) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card testId={testId}>
      <CardHeader
        title={title}
        actions={
          canEdit &&
          (editing ? (
            <>
              <Button size="sm" variant="ghost" onClick={() => setEditing(false)} disabled={busy}>
                Cancel
              </Button>
              <Button size="sm" variant="primary" onClick={() => void save()} loading={busy} data-testid="details-save">
                Save
              </Button>
            </>
          ) : (
            <Button size="sm" icon="edit" onClick={start} data-testid="details-edit">
              Edit
            </Button>
          ))
        }
      />
      {editing ? (
        <form
          className="space-y-3 px-5 py-4"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <InlineError error={error} />
          {fields.map((f) => {
            const id = `edit-${f.key}`;
            const v = value(f.key);
            const err = errors[f.key];
            if (f.kind === 'toggle')
              return (
                <div key={f.key} className="flex items-center justify-between">
                  <span className="text-xs font-medium text-slate-700">{f.label}</span>
                  <Toggle label={f.label} checked={Boolean(v)} onChange={(b) => set(f.key, b)} testId={id} />
                </div>
              );
            return (
              <Field key={f.key} label={f.label} htmlFor={id} error={err}>
                {f.kind === 'select' ? (
                  <Select
                    id={id}
                    data-testid={id}
                    value={String(v ?? '')}
                    onChange={(e) => set(f.key, e.target.value)}
                    invalid={!!err}
                  >
                    {f.options?.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </Select>
                ) : f.kind === 'owner' ? (
                  <Select
                    id={id}
                    data-testid={id}
                    value={String(v ?? '')}
                    onChange={(e) => set(f.key, e.target.value || null)}
                    invalid={!!err}
                  >
                    <option value="">Unassigned</option>
                    {users
                      .filter((u) => !u.disabled || u.id === v)
                      .map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.name}
                        </option>
                      ))}
                  </Select>
                ) : f.kind === 'company' ? (
                  <RecordPicker
                    id={id}
                    testId={id}
                    resource="companies"
                    value={(v as string | null) ?? null}
                    valueLabel={(f.labelKey ? (value(`__${f.labelKey}`) ?? rec[f.labelKey]) : null) as string | null}
                    onChange={(nid, label) => {
                      set(f.key, nid);
                      if (f.labelKey) set(`__${f.labelKey}`, label);
                    }}
                    toOption={companyOption}
                    invalid={!!err}
                  />
                ) : (
                  <Input
                    id={id}
                    data-testid={id}
                    type={f.kind === 'email' || f.kind === 'number' || f.kind === 'date' ? f.kind : 'text'}
                    value={v === null || v === undefined ? '' : String(v)}
                    onChange={(e) =>
                      set(
                        f.key,
                        f.kind === 'number' ? (e.target.value === '' ? null : Number(e.target.value)) : e.target.value,
                      )
                    }
                    invalid={!!err}
                  />
                )}
              </Field>
            );
          })}
          <button type="submit" className="hidden" />
        </form>
      ) : (
        <dl className="divide-y divide-slate-100 px-5">
          {fields.map((f) => {
            const v = rec[f.key];
            return (
              <div key={f.key} className="grid grid-cols-[120px_1fr] gap-3 py-2.5 text-sm">
                <dt className="text-slate-500">{f.label}</dt>
                <dd className="min-w-0 truncate text-slate-900" data-testid={`field-${f.key}`}>
                  {f.render ? (
                    f.render(record)
                  ) : v === null || v === undefined || v === '' ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    String(v)
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </Card>
  );
}
