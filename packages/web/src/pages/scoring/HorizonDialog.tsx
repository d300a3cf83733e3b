import { useState } from 'react';
import { call, client } from '../../lib/client';
import { useFormMutation } from '../../lib/useFormSubmit';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Input } from '../../components/Field';

/** Admins choose the lead target: a contact counts as converted when it becomes a customer within N days. */
export function HorizonDialog({
  current,
  onClose,
  onSaved,
}: {
  current: number;
  onClose: () => void;
  onSaved: (days: number) => void;
}) {
  const [days, setDays] = useState(String(current));
  const { errors, error, busy, submit, reset } = useFormMutation({
    mutationFn: (horizonDays: number) => call(client.PUT('/api/v1/scoring/settings', { body: { horizonDays } })),
    onSuccess: (saved) => onSaved(saved.horizonDays),
  });
  const n = Number(days);
  const valid = /^\d+$/.test(days.trim()) && n >= 7 && n <= 730;
  const save = () => submit(n);
  return (
    <Dialog
      open
      onClose={onClose}
      title="Lead target"
      description="A lead counts as converted when it becomes a customer within this many days of being observed. The next training uses it; active models keep theirs until then."
      testId="horizon-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={save}
            loading={busy}
            disabled={!valid || n === current}
            data-testid="horizon-save"
          >
            Save
          </Button>
        </>
      }
    >
      <Field
        label="Becomes a customer within (days)"
        htmlFor="horizonDays"
        error={
          errors.horizonDays ??
          (error instanceof Error ? error.message : !valid ? 'A whole number of days from 7 to 730' : undefined)
        }
        hint="90 days suits most small businesses; use the length of your usual sales cycle."
      >
        <Input
          id="horizonDays"
          type="number"
          min={7}
          max={730}
          step={1}
          value={days}
          invalid={!valid}
          onChange={(e) => {
            setDays(e.target.value);
            reset();
          }}
          data-testid="horizon-input"
        />
      </Field>
    </Dialog>
  );
}
