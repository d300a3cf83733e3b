import { useState } from 'react';
import { api } from '../../lib/api';
import { useMe } from '../../lib/auth';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Field, Input } from '../../components/Field';
import { InlineError } from '../../components/EmptyState';
import { useToast } from '../../components/Toast';

const empty = { currentPassword: '', newPassword: '', repeat: '' };

/** Your own password: needs the current one; the server signs out your other sessions. */
export function AccountSettings() {
  const { user } = useMe();
  const toast = useToast();
  const [form, setForm] = useState(empty);
  const { errors, error, busy, run } = useFormSubmit();
  const mismatch = form.repeat !== '' && form.repeat !== form.newPassword;
  const set = (field: keyof typeof empty) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = () =>
    run(async () => {
      await api.post('/api/v1/account/password', {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
      });
      setForm(empty);
      toast('success', 'Password changed. Your other sessions were signed out.');
    });

  return (
    <Card testId="account-settings">
      <CardHeader
        title="Your password"
        description={`Signed in as ${user.email}. Changing it signs you out everywhere else.`}
      />
      <form
        className="max-w-md space-y-4 px-5 py-5"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <InlineError error={error} />
        <Field label="Current password" htmlFor="current-password" error={errors.currentPassword}>
          <Input
            id="current-password"
            data-testid="current-password"
            type="password"
            autoComplete="current-password"
            value={form.currentPassword}
            onChange={set('currentPassword')}
            invalid={!!errors.currentPassword}
          />
        </Field>
        <Field label="New password" htmlFor="new-password" error={errors.newPassword} hint="At least 8 characters.">
          <Input
            id="new-password"
            data-testid="new-password"
            type="password"
            autoComplete="new-password"
            value={form.newPassword}
            onChange={set('newPassword')}
            invalid={!!errors.newPassword}
          />
        </Field>
        <Field
          label="New password again"
          htmlFor="repeat-password"
          error={mismatch ? 'does not match the new password' : undefined}
        >
          <Input
            id="repeat-password"
            data-testid="repeat-password"
            type="password"
            autoComplete="new-password"
            value={form.repeat}
            onChange={set('repeat')}
            invalid={mismatch}
          />
        </Field>
        <Button
          type="submit"
          variant="primary"
          loading={busy}
          disabled={!form.currentPassword || !form.newPassword || form.repeat !== form.newPassword}
          data-testid="change-password"
        >
          Change password
        </Button>
      </form>
    </Card>
  );
}
