import { useQuery } from '@tanstack/react-query';
import { call, client } from './client';
import { queryClient } from './queryClient';

export const usersQueryKey = ['users'] as const;

/** Workspace users (for owner pickers and filters), cached with the rest of the server state and cleared on sign-out. */
export function useUsers() {
  const { data } = useQuery({
    queryKey: usersQueryKey,
    queryFn: ({ signal }) => call(client.GET('/api/v1/users', { signal })),
    select: (r) => r.data,
  });
  return data ?? [];
}

/** After users change (invite, role, demo data): every picker reads them again. */
export function invalidateUsers() {
  return queryClient.invalidateQueries({ queryKey: usersQueryKey });
}
