import { EmptyState } from '../components/EmptyState';
import { Button } from '../components/Button';
import { navigate } from '../lib/router';

export function NotFoundPage() {
  return (
    <EmptyState
      icon="alert"
      title="Page not found"
      description="This page does not exist or was moved."
      action={
        <Button variant="primary" onClick={() => navigate('/')}>
          Back to dashboard
        </Button>
      }
    />
  );
}
