import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../../lib/client';
import type { Deal } from '../../lib/types';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useMe } from '../../lib/auth';
import { useUsers } from '../../lib/users';
import { getCurrency } from '../../lib/format';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { Field, Input, Select } from '../../components/Field';
import { InlineError } from '../../components/EmptyState';
import { RecordPicker, companyOption, contactOption } from '../../components/RecordPicker';
import { CustomFieldInputs, compactValues } from '../../components/CustomFields';

type Pipeline = ApiResponse<'/api/v1/pipelines', 'get'>['data'][number];

export function NewDealDialog({
  open,
  onClose,
  pipeline,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  pipeline: Pipeline;
  onCreated: (d: Deal) => void;
}) {
  const { user } = useMe();
  const users = useUsers();
  const qc = useQueryClient();
  const firstStage = [...pipeline.stages].sort((a, b) => a.position - b.position)[0];
  const init = () => ({
    name: '',
    amount: '',
    expectedCloseDate: '',
    stageId: firstStage?.id ?? '',
    companyId: null as string | null,
    companyName: null as string | null,
    contactId: null as string | null,
    contactName: null as string | null,
    ownerId: user.role === 'viewer' ? '' : user.id,
    customFields: {} as Record<string, string | number | boolean | null>,
  });
  const [form, setForm] = useState(init);
  const { errors, error, busy, reset, run } = useFormSubmit();
  const close = () => {
    setForm(init());
    reset();
    onClose();
  };
  const submit = () =>
    run(async () => {
      const d = await call(
        client.POST('/api/v1/deals', {
          body: {
            name: form.name.trim(),
            amount: form.amount === '' ? undefined : Number(form.amount),
            currency: getCurrency(),
            expectedCloseDate: form.expectedCloseDate || undefined,
            pipelineId: pipeline.id,
            stageId: form.stageId,
            companyId: form.companyId ?? undefined,
            contactId: form.contactId ?? undefined,
            ownerId: form.ownerId || undefined,
            customFields: compactValues(form.customFields),
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: ['deals'] });
      // The Deal schema is all-optional (a partial record); a created deal carries every field.
      onCreated(d as unknown as Deal);
      close();
    });
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New deal"
      description={`In the ${pipeline.name} pipeline`}
      testId="new-deal-dialog"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void submit()}
            loading={busy}
            disabled={!form.name.trim()}
            data-testid="new-deal-submit"
          >
            Create deal
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        <Field label="Deal name" htmlFor="deal-name" error={errors.name}>
          <Input
            id="deal-name"
            data-testid="deal-name-input"
            value={form.name}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
            maxLength={300}
            autoFocus
            invalid={!!errors.name}
            placeholder="e.g. 50 bags of house blend"
          />
        </Field>
        <div className="grid grid-cols-2 gap-4">
          <Field label={`Amount (${getCurrency()})`} htmlFor="deal-amount" error={errors.amount}>
            <Input
              id="deal-amount"
              data-testid="deal-amount"
              type="number"
              min={0}
              step="0.01"
              value={form.amount}
              onChange={(e) => setForm((f) => ({ ...f, amount: e.target.value }))}
              invalid={!!errors.amount}
            />
          </Field>
          <Field label="Expected close" htmlFor="deal-close" error={errors.expectedCloseDate}>
            <Input
              id="deal-close"
              type="date"
              value={form.expectedCloseDate}
              onChange={(e) => setForm((f) => ({ ...f, expectedCloseDate: e.target.value }))}
              invalid={!!errors.expectedCloseDate}
            />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Stage" htmlFor="deal-stage" error={errors.stageId}>
            <Select
              id="deal-stage"
              value={form.stageId}
              onChange={(e) => setForm((f) => ({ ...f, stageId: e.target.value }))}
            >
              {[...pipeline.stages]
                .sort((a, b) => a.position - b.position)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </Select>
          </Field>
          <Field label="Company" htmlFor="deal-company" error={errors.companyId}>
            <RecordPicker
              id="deal-company"
              resource="companies"
              value={form.companyId}
              valueLabel={form.companyName}
              onChange={(id, label) => setForm((f) => ({ ...f, companyId: id, companyName: label }))}
              toOption={companyOption}
              placeholder="Search companies…"
              testId="deal-company"
            />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Contact" htmlFor="deal-contact" error={errors.contactId}>
            <RecordPicker
              id="deal-contact"
              resource="contacts"
              value={form.contactId}
              valueLabel={form.contactName}
              onChange={(id, label) => setForm((f) => ({ ...f, contactId: id, contactName: label }))}
              toOption={contactOption}
              placeholder="Search contacts…"
              testId="deal-contact"
            />
          </Field>
          <Field label="Owner" htmlFor="deal-owner" error={errors.ownerId}>
            <Select
              id="deal-owner"
              data-testid="deal-owner"
              value={form.ownerId}
              onChange={(e) => setForm((f) => ({ ...f, ownerId: e.target.value }))}
            >
              <option value="">Unassigned</option>
              {(users.some((u) => u.id === user.id) ? users : [{ id: user.id, name: user.name }, ...users]).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.id === user.id ? `${u.name} (me)` : u.name}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <CustomFieldInputs
          entity="deal"
          values={form.customFields}
          onChange={(customFields) => setForm((f) => ({ ...f, customFields }))}
          errors={errors}
        />
      </div>
    </Dialog>
  );
}
