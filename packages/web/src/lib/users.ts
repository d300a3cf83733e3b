import { useEffect, useState } from 'react';
import { api, type ListResponse } from './api';
import type { User } from './types';

let cache: Promise<User[]> | null = null;

/** Workspace users, fetched once per session (for owner pickers and filters). */
export function loadUsers(force = false): Promise<User[]> {
  if (!cache || force) {
    cache = api
      .get<ListResponse<User> | User[]>('/api/v1/users', { limit: 500 })
      .then((r) => (Array.isArray(r) ? r : r.data));
    cache.catch(() => {
      cache = null;
    });
  }
  return cache;
}

export function useUsers(): User[] {
  const [users, setUsers] = useState<User[]>([]);
  useEffect(() => {
    let live = true;
    loadUsers().then(
      (u) => live && setUsers(u),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return users;
}

export function resetUsersCache() {
  cache = null;
}
