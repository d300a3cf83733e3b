import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, request } from './api';
import { setCurrency } from './format';
import { queryClient } from './queryClient';
import type { Me, Role, Workspace } from './types';

type AuthState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'setup' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: Me };

type AuthContextValue = {
  state: AuthState;
  login: (email: string, password: string) => Promise<void>;
  setup: (input: { workspaceName: string; name: string; email: string; password: string }) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  updateWorkspace: (ws: Workspace) => void;
};

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const { needsSetup } = await request<{ needsSetup: boolean }>('GET', '/api/auth/setup', undefined, {
        quiet401: true,
      });
      if (needsSetup) return setState({ status: 'setup' });
      const me = await request<Me>('GET', '/api/auth/me', undefined, { quiet401: true });
      setCurrency(me.workspace.settings?.currency);
      setState({ status: 'signed-in', me });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setState({ status: 'anonymous' });
      setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network', String(e)) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => onUnauthorized(() => setState((s) => (s.status === 'signed-in' ? { status: 'anonymous' } : s))), []);

  const value = useMemo<AuthContextValue>(
    () => ({
      state,
      refresh,
      login: async (email, password) => {
        await request('POST', '/api/auth/login', { email, password }, { quiet401: true });
        queryClient.clear();
        await refresh();
      },
      setup: async (input) => {
        await api.post('/api/auth/setup', input);
        await refresh();
      },
      logout: async () => {
        try {
          await api.post('/api/auth/logout');
        } finally {
          queryClient.clear();
          setState({ status: 'anonymous' });
        }
      },
      updateWorkspace: (ws) => {
        setCurrency(ws.settings?.currency);
        setState((s) => (s.status === 'signed-in' ? { status: 'signed-in', me: { ...s.me, workspace: ws } } : s));
      },
    }),
    [state, refresh],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user and workspace; only call inside the app shell. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe without a session');
  return state.me;
}

export const canWriteRecords = (role: Role) => role !== 'viewer';
export const isAdmin = (role: Role) => role === 'owner' || role === 'admin';
