import { QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, useAuth } from './lib/auth';
import { queryClient } from './lib/queryClient';
import { ToastProvider } from './components/Toast';
import { AppShell } from './components/AppShell';
import { PageSpinner } from './components/Spinner';
import { ErrorState } from './components/EmptyState';
import { SetupPage } from './pages/SetupPage';
import { LoginPage } from './pages/LoginPage';
import { Routes } from './routes';
import { PreferencesPage } from './pages/privacy/PreferencesPage';

function Gate() {
  const { state, refresh } = useAuth();
  // The preference centre is public (a signed link from an email): no sign-in, no app shell.
  const preferences = /^\/preferences\/([^/]+)$/.exec(window.location.pathname);
  if (preferences) return <PreferencesPage token={decodeURIComponent(preferences[1]!)} />;
  if (state.status === 'loading') return <PageSpinner label="Starting Pipewise…" />;
  if (state.status === 'error')
    return (
      <div className="flex min-h-full items-center justify-center">
        <ErrorState error={state.error} title="Pipewise is not reachable" onRetry={() => void refresh()} />
      </div>
    );
  if (state.status === 'setup') return <SetupPage />;
  if (state.status === 'anonymous') return <LoginPage />;
  return (
    <AppShell>
      <Routes />
    </AppShell>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <AuthProvider>
          <Gate />
        </AuthProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}
