import { useCallback, useState } from 'react';
import { ApiError } from './api';

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
        const fieldErrors = e instanceof ApiError ? e.fieldErrors() : {};
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length === 0) setError(e);
      } finally {
        setBusy(false);
      }
    },
    [reset],
  );
  return { errors, error, busy, reset, run };
}
