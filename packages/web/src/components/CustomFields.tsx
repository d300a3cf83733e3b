import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../lib/client';
import { ApiError } from '../lib/api';
import { date } from '../lib/format';
import { Card, CardHeader } from './Card';
import { Button } from './Button';
import { Field, Input, Select } from './Field';
import { InlineError } from './EmptyState';

export type CustomFieldDef = ApiResponse<'/api/v1/custom-fields', 'get'>['data'][number];
export type CustomEntity = CustomFieldDef['entity'];
type Values = Record<string, string | number | boolean | null>;

/** The workspace's custom field definitions of one record type, in their order. */
export function useCustomFields(entity: CustomEntity) {
  const q = useQuery({
    queryKey: ['custom-fields'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/custom-fields', { signal })),
    select: (r) => r.data,
  });
  return (q.data ?? []).filter((f) => f.entity === entity).sort((a, b) => a.position - b.position);
}

export function showValue(def: Pick<CustomFieldDef, 'type'> | undefined, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (def?.type === 'boolean' || typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (def?.type === 'date' && typeof v === 'string') return date(v);
  return String(v);
}

/** One input for a custom field, typed by its definition. */
export function CustomFieldInput({
  def,
  value,
  onChange,
  error,
  idPrefix = 'cf',
}: {
  def: CustomFieldDef;
  value: unknown;
  onChange: (v: string | number | boolean | null) => void;
  error?: string;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${def.key}`;
  const label = def.required ? `${def.label} *` : def.label;
  return (
    <Field label={label} htmlFor={id} error={error}>
      {def.type === 'select' || def.type === 'boolean' ? (
        <Select
          id={id}
          data-testid={id}
          value={value === null || value === undefined ? '' : String(value)}
          invalid={!!error}
          onChange={(e) => {
            const v = e.target.value;
            onChange(v === '' ? null : def.type === 'boolean' ? v === 'true' : v);
          }}
        >
          <option value="">{def.required ? 'Choose…' : '—'}</option>
          {def.type === 'boolean' ? (
            <>
              <option value="true">Yes</option>
              <option value="false">No</option>
            </>
          ) : (
            def.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))
          )}
        </Select>
      ) : (
        <Input
          id={id}
          data-testid={id}
          type={def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text'}
          maxLength={def.type === 'text' ? 2000 : undefined}
          value={value === null || value === undefined ? '' : String(value)}
          invalid={!!error}
          onChange={(e) => {
            const v = e.target.value;
            onChange(v === '' ? null : def.type === 'number' ? Number(v) : v);
          }}
        />
      )}
    </Field>
  );
}

/** Inputs for a create dialog: the required fields always, the others too when `all`. */
export function CustomFieldInputs({
  entity,
  values,
  onChange,
  errors,
  all = false,
}: {
  entity: CustomEntity;
  values: Values;
  onChange: (v: Values) => void;
  errors: Record<string, string>;
  all?: boolean;
}) {
  const defs = useCustomFields(entity).filter((d) => all || d.required);
  if (!defs.length) return null;
  return (
    <div className="grid grid-cols-2 gap-4" data-testid="custom-field-inputs">
      {defs.map((d) => (
        <CustomFieldInput
          key={d.id}
          def={d}
          value={values[d.key]}
          error={errors[`customFields.${d.key}`]}
          onChange={(v) => onChange({ ...values, [d.key]: v })}
        />
      ))}
    </div>
  );
}

/** Drops empty values so an untouched optional field is not sent. */
export const compactValues = (v: Values) =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== '')) as Values;

/**
 * A record's custom fields: the defined ones (editable, typed) and any other values the record carries (from an import),
 * read-only. Saving sends the whole customFields object, merged with what was there.
 */
export function CustomFieldsCard({
  entity,
  values,
  canEdit,
  onSave,
}: {
  entity: CustomEntity;
  values: Values | null | undefined;
  canEdit: boolean;
  onSave: (customFields: Values) => Promise<void>;
}) {
  const defs = useCustomFields(entity);
  const current = values ?? {};
  const others = Object.keys(current).filter((k) => !defs.some((d) => d.key === k));
  const [draft, setDraft] = useState<Values | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!defs.length && !others.length) return null;

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await onSave(compactValues({ ...current, ...draft }));
      setDraft(null);
    } catch (e) {
      const fe = e instanceof ApiError ? e.fieldErrors() : {};
      setErrors(fe);
      if (Object.keys(fe).length === 0) setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card testId="custom-fields-card">
      <CardHeader
        title="More fields"
        actions={
          canEdit &&
          defs.length > 0 &&
          (draft ? (
            <>
              <Button size="sm" variant="ghost" onClick={() => setDraft(null)} disabled={busy}>
                Cancel
              </Button>
              <Button size="sm" variant="primary" loading={busy} onClick={() => void save()} data-testid="custom-save">
                Save
              </Button>
            </>
          ) : (
            <Button size="sm" icon="edit" onClick={() => setDraft({})} data-testid="custom-edit">
              Edit
            </Button>
          ))
        }
      />
      {draft ? (
        <div className="space-y-3 px-5 py-4">
          <InlineError error={error} />
          {defs.map((d) => (
            <CustomFieldInput
              key={d.id}
              def={d}
              value={d.key in draft ? draft[d.key] : current[d.key]}
              error={errors[`customFields.${d.key}`]}
              onChange={(v) => setDraft((x) => ({ ...x, [d.key]: v }))}
            />
          ))}
        </div>
      ) : (
        <dl className="divide-y divide-slate-100 px-5">
          {[
            ...defs.map((d) => ({ key: d.key, label: d.label, def: d as CustomFieldDef | undefined })),
            ...others.map((k) => ({ key: k, label: k, def: undefined })),
          ].map((f) => (
            <div key={f.key} className="grid grid-cols-[120px_1fr] gap-3 py-2.5 text-sm">
              <dt className="truncate text-slate-500" title={f.label}>
                {f.label}
              </dt>
              <dd
                className="min-w-0 truncate text-slate-900"
                title={showValue(f.def, current[f.key])}
                data-testid={`custom-${f.key}`}
              >
                {showValue(f.def, current[f.key])}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
