import { AuthProvider, useAuth } from './lib/auth';
import { ToastProvider } from './components/Toast';
import { AppShell } from './components/AppShell';
import { PageSpinner } from './components/Spinner';
import { ErrorState } from './components/EmptyState';
import { SetupPage } from './pages/SetupPage';
import { LoginPage } from './pages/LoginPage';
import { Routes } from './routes';

function Gate() {
  const { state, refresh } = useAuth();
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
    <ToastProvider>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </ToastProvider>
  );
}
