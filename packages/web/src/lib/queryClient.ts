import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

/**
 * Server state for the whole app. A 4xx is an answer, not a glitch: only network errors and 5xx are retried (once).
 * Signing out clears it, so the next workspace never sees the previous one's data.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) =>
        failures < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
    mutations: { retry: false },
  },
});
