import { useState } from 'react';
import { api } from '../../lib/api';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useMe } from '../../lib/auth';
import { getCurrency } from '../../lib/format';
import type { Deal, Pipeline } from '../../lib/types';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { Field, Input, Select } from '../../components/Field';
import { InlineError } from '../../components/EmptyState';
import { RecordPicker, companyOption } from '../../components/RecordPicker';

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
  const firstStage = [...pipeline.stages].sort((a, b) => a.position - b.position)[0];
  const init = () => ({
    name: '',
    amount: '',
    expectedCloseDate: '',
    stageId: firstStage?.id ?? '',
    companyId: null as string | null,
    companyName: null as string | null,
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
      const d = await api.post<Deal>('/api/v1/deals', {
        name: form.name.trim(),
        amount: form.amount === '' ? undefined : Number(form.amount),
        currency: getCurrency(),
        expectedCloseDate: form.expectedCloseDate || undefined,
        pipelineId: pipeline.id,
        stageId: form.stageId,
        companyId: form.companyId ?? undefined,
        ownerId: user.id,
      });
      onCreated(d);
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
            />
          </Field>
        </div>
      </div>
    </Dialog>
  );
}
