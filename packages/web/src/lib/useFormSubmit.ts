import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { ApiError } from './api';

function split(e: unknown): { errors: Record<string, string>; error: unknown } {
  const fieldErrors = e instanceof ApiError ? e.fieldErrors() : {};
  return { errors: fieldErrors, error: Object.keys(fieldErrors).length === 0 ? e : null };
}

/**
 * The submit plumbing every create dialog shares: a busy flag, the API's field errors shown under their fields,
 * and any other error for the dialog's banner.
 */
export function useFormSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reset = useCallback(() => {
    setErrors({});
    setError(null);
  }, []);
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      reset();
      try {
        await action();
      } catch (e) {
        const s = split(e);
        setErrors(s.errors);
        setError(s.error);
      } finally {
        setBusy(false);
      }
    },
    [reset],
  );
  return { errors, error, busy, reset, run };
}

/**
 * A form's mutation (TanStack Query `useMutation`) with the same shape as `useFormSubmit`: `errors` are the API's
 * field errors keyed by field, `error` anything else (for the banner), `busy` while it runs, `submit(vars)` to send.
 */
export function useFormMutation<TData, TVars = void>(options: UseMutationOptions<TData, Error, TVars>) {
  const mutation = useMutation(options);
  const { errors, error } = useMemo(
    () => (mutation.error ? split(mutation.error) : { errors: {} as Record<string, string>, error: null }),
    [mutation.error],
  );
  return {
    errors,
    error,
    busy: mutation.isPending,
    reset: mutation.reset,
    submit: mutation.mutate,
    submitAsync: mutation.mutateAsync,
    mutation,
  };
}
