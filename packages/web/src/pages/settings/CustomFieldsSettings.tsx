import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { useFormSubmit } from '../../lib/useFormSubmit';
import type { CustomEntity, CustomFieldDef } from '../../components/CustomFields';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input, Select, Toggle } from '../../components/Field';
import { EmptyState, ErrorState, InlineError } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';

const entities: { id: CustomEntity; label: string }[] = [
  { id: 'contact', label: 'Contacts' },
  { id: 'company', label: 'Companies' },
  { id: 'deal', label: 'Deals' },
];
const typeWords: Record<CustomFieldDef['type'], string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  select: 'Choice from a list',
};
const splitOptions = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Settings → Custom fields: extra fields on contacts, companies and deals, with their type, choices and whether required. */
export function CustomFieldsSettings() {
  const qc = useQueryClient();
  const toast = useToast();
  const fields = useQuery({
    queryKey: ['custom-fields'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/custom-fields', { signal })),
    select: (r) => r.data,
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: ['custom-fields'] });
  const patch = useMutation({
    mutationFn: (v: { id: string; required?: boolean; options?: string[] }) =>
      call(
        client.PATCH('/api/v1/custom-fields/{id}', {
          params: { path: { id: v.id } },
          body: { required: v.required, options: v.options },
        }),
      ),
    onSuccess: (f) => {
      void invalidate();
      toast('success', `${f.label} was saved`);
    },
    onError: (e) => toast('error', e instanceof Error ? e.message : 'Could not save'),
  });
  const remove = useMutation({
    mutationFn: (f: CustomFieldDef) =>
      call(client.DELETE('/api/v1/custom-fields/{id}', { params: { path: { id: f.id } } })).then(() => f),
    onSuccess: (f) => {
      void invalidate();
      toast('success', `${f.label} was removed; values already saved on records are kept`);
    },
  });
  if (fields.error)
    return (
      <Card>
        <ErrorState error={fields.error} onRetry={() => void fields.refetch()} title="Could not load custom fields" />
      </Card>
    );
  if (!fields.data) return <PageSpinner />;
  return (
    <div className="space-y-6" data-testid="custom-fields-settings">
      <p className="text-sm text-slate-600">
        Extra fields your business keeps on its records, such as a loyalty card number or a sales channel. They show on
        each record's page and in the forms; a required field must be filled in before a record is saved.
      </p>
      <NewFieldCard />
      {entities.map((e) => {
        const list = fields.data.filter((f) => f.entity === e.id);
        return (
          <Card key={e.id} testId={`custom-fields-${e.id}`}>
            <CardHeader
              title={e.label}
              description={`${list.length} custom ${list.length === 1 ? 'field' : 'fields'}`}
            />
            {list.length === 0 ? (
              <EmptyState
                icon="edit"
                title="No custom fields"
                description={`Add one above for ${e.label.toLowerCase()}.`}
              />
            ) : (
              <ul className="divide-y divide-slate-100">
                {list.map((f) => (
                  <li key={f.id} className="flex flex-wrap items-center gap-3 px-5 py-3" data-testid="custom-field-row">
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-medium text-slate-900" title={f.label}>
                        {f.label}
                      </p>
                      <p className="truncate text-xs text-slate-500" title={f.options.join(', ')}>
                        {typeWords[f.type]}
                        {f.options.length > 0 && `: ${f.options.join(', ')}`} · key {f.key}
                      </p>
                    </div>
                    <span className="flex items-center gap-2 text-xs text-slate-600">
                      <Toggle
                        label={`${f.label} is required`}
                        checked={f.required}
                        onChange={(required) => patch.mutate({ id: f.id, required })}
                        testId={`required-${f.key}`}
                      />
                      Required
                    </span>
                    <Button
                      size="sm"
                      variant="ghost"
                      icon="trash"
                      aria-label={`Remove ${f.label}`}
                      onClick={() => remove.mutate(f)}
                      data-testid={`remove-${f.key}`}
                    />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        );
      })}
    </div>
  );
}

function NewFieldCard() {
  const qc = useQueryClient();
  const toast = useToast();
  const blank = {
    entity: 'contact' as CustomEntity,
    label: '',
    type: 'text' as CustomFieldDef['type'],
    options: '',
    required: false,
  };
  const [form, setForm] = useState(blank);
  const { errors, error, busy, run } = useFormSubmit();
  const submit = () =>
    run(async () => {
      const f = await call(
        client.POST('/api/v1/custom-fields', {
          body: {
            entity: form.entity,
            label: form.label.trim(),
            type: form.type,
            options: form.type === 'select' ? splitOptions(form.options) : undefined,
            required: form.required,
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: ['custom-fields'] });
      toast('success', `${f.label} was added`);
      setForm({ ...blank, entity: form.entity });
    });
  return (
    <Card testId="new-custom-field">
      <CardHeader title="Add a field" />
      <div className="space-y-4 p-5">
        <InlineError error={error} />
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="On" htmlFor="cf-entity">
            <Select
              id="cf-entity"
              data-testid="cf-entity"
              value={form.entity}
              onChange={(e) => setForm((f) => ({ ...f, entity: e.target.value as CustomEntity }))}
            >
              {entities.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Name" htmlFor="cf-label" error={errors.label ?? errors.key}>
            <Input
              id="cf-label"
              data-testid="cf-label"
              value={form.label}
              maxLength={100}
              placeholder="e.g. Sales channel"
              onChange={(e) => setForm((f) => ({ ...f, label: e.target.value }))}
              invalid={!!(errors.label ?? errors.key)}
            />
          </Field>
          <Field label="Type" htmlFor="cf-type">
            <Select
              id="cf-type"
              data-testid="cf-type"
              value={form.type}
              onChange={(e) => setForm((f) => ({ ...f, type: e.target.value as CustomFieldDef['type'] }))}
            >
              {(Object.keys(typeWords) as CustomFieldDef['type'][]).map((t) => (
                <option key={t} value={t}>
                  {typeWords[t]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {form.type === 'select' && (
          <Field label="Choices" htmlFor="cf-options" error={errors.options} hint="Separate them with commas">
            <Input
              id="cf-options"
              data-testid="cf-options"
              value={form.options}
              placeholder="Web, Shop, Phone"
              onChange={(e) => setForm((f) => ({ ...f, options: e.target.value }))}
              invalid={!!errors.options}
            />
          </Field>
        )}
        <div className="flex items-center justify-between gap-4">
          <span className="flex items-center gap-2 text-sm text-slate-700">
            <Toggle
              label="Required"
              checked={form.required}
              onChange={(required) => setForm((f) => ({ ...f, required }))}
              testId="cf-required"
            />
            Required: every new record must have it
          </span>
          <Button
            variant="primary"
            icon="plus"
            loading={busy}
            disabled={!form.label.trim() || (form.type === 'select' && splitOptions(form.options).length === 0)}
            onClick={() => void submit()}
            data-testid="cf-add"
          >
            Add field
          </Button>
        </div>
      </div>
    </Card>
  );
}
