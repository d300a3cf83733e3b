import { useState, type FormEvent } from 'react';
import { useFormMutation } from '../lib/useFormSubmit';
import { useAuth } from '../lib/auth';
import { useDocumentTitle } from '../lib/hooks';
import { Button } from '../components/Button';
import { Field, Input } from '../components/Field';
import { InlineError } from '../components/EmptyState';
import { AuthLayout } from './AuthLayout';

export function SetupPage() {
  useDocumentTitle('Set up');
  const { setup } = useAuth();
  const [form, setForm] = useState({ workspaceName: '', name: '', email: '', password: '' });
  const [tooShort, setTooShort] = useState(false);
  const creating = useFormMutation({ mutationFn: setup });
  const { busy, error } = creating;
  const fieldErrors: Record<string, string> = tooShort ? { password: 'Use at least 8 characters.' } : creating.errors;

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTooShort(form.password.length < 8);
    if (form.password.length < 8) return;
    creating.submit({
      ...form,
      email: form.email.trim(),
      workspaceName: form.workspaceName.trim(),
      name: form.name.trim(),
    });
  };

  return (
    <AuthLayout
      title="Set up Pipewise"
      subtitle="Create your workspace and the owner account. You can invite your team next."
    >
      <form onSubmit={submit} className="space-y-4" data-testid="setup-form" noValidate>
        <InlineError error={error} />
        <Field label="Business name" htmlFor="setup-workspace" error={fieldErrors.workspaceName}>
          <Input
            id="setup-workspace"
            data-testid="setup-workspace"
            autoFocus
            required
            value={form.workspaceName}
            onChange={set('workspaceName')}
            placeholder="Acme Coffee Roasters"
            invalid={!!fieldErrors.workspaceName}
          />
        </Field>
        <Field label="Your name" htmlFor="setup-name" error={fieldErrors.name}>
          <Input
            id="setup-name"
            data-testid="setup-name"
            autoComplete="name"
            required
            value={form.name}
            onChange={set('name')}
            invalid={!!fieldErrors.name}
          />
        </Field>
        <Field label="Email" htmlFor="setup-email" error={fieldErrors.email}>
          <Input
            id="setup-email"
            data-testid="setup-email"
            type="email"
            autoComplete="email"
            required
            value={form.email}
            onChange={set('email')}
            invalid={!!fieldErrors.email}
          />
        </Field>
        <Field label="Password" htmlFor="setup-password" error={fieldErrors.password} hint="At least 8 characters.">
          <Input
            id="setup-password"
            data-testid="setup-password"
            type="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set('password')}
            invalid={!!fieldErrors.password}
          />
        </Field>
        <Button
          type="submit"
          variant="primary"
          className="w-full"
          loading={busy}
          data-testid="setup-submit"
          disabled={!form.workspaceName || !form.name || !form.email || !form.password}
        >
          Create workspace
        </Button>
      </form>
    </AuthLayout>
  );
}
