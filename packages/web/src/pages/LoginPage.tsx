import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useAuth } from '../lib/auth';
import { useDocumentTitle } from '../lib/hooks';
import { ApiError } from '../lib/api';
import { Button } from '../components/Button';
import { Field, Input } from '../components/Field';
import { InlineError } from '../components/EmptyState';
import { AuthLayout } from './AuthLayout';

export function LoginPage() {
  useDocumentTitle('Log in');
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useMutation({ mutationFn: () => login(email.trim(), password) });
  const busy = signIn.isPending;
  const error =
    signIn.error instanceof ApiError && signIn.error.status === 401
      ? new Error('That email and password do not match an active account.')
      : signIn.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };

  return (
    <AuthLayout title="Welcome back" subtitle="Log in to your Pipewise workspace.">
      <form onSubmit={submit} className="space-y-4" data-testid="login-form" noValidate>
        <InlineError error={error} />
        <Field label="Email" htmlFor="login-email">
          <Input
            id="login-email"
            data-testid="login-email"
            type="email"
            autoComplete="email"
            autoFocus
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="you@company.com"
          />
        </Field>
        <Field label="Password" htmlFor="login-password">
          <Input
            id="login-password"
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Button
          type="submit"
          variant="primary"
          className="w-full"
          loading={busy}
          data-testid="login-submit"
          disabled={!email || !password}
        >
          Log in
        </Button>
      </form>
      <p className="mt-6 text-xs text-slate-500">Forgot your password? A workspace admin can set a new one for you.</p>
    </AuthLayout>
  );
}
