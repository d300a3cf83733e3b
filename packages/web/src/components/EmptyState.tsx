import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import { ApiError, errorMessage } from '../lib/api';
import { Button } from './Button';

export function EmptyState({
  icon = 'inbox',
  title,
  description,
  action,
  testId,
  compact,
}: {
  icon?: IconName;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  testId?: string;
  compact?: boolean;
}) {
  if (compact)
    return (
      <div className="flex items-center gap-3 px-5 py-5" data-testid={testId}>
        <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-50 text-slate-400 ring-1 ring-slate-200">
          <Icon name={icon} className="size-4" />
        </div>
        <div>
          <h3 className="text-sm font-medium text-slate-700">{title}</h3>
          {description && <p className="text-xs text-slate-500">{description}</p>}
        </div>
        {action && <div className="ml-auto">{action}</div>}
      </div>
    );
  return (
    <div className="flex flex-col items-center justify-center px-6 py-14 text-center" data-testid={testId}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-600 ring-8 ring-brand-50/50">
        <Icon name={icon} className="size-6" />
      </div>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {description && <p className="mt-1 max-w-sm text-sm text-slate-500">{description}</p>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

export function ErrorState({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  if (error instanceof ApiError && (error.isNotFound || error.isForbidden))
    return (
      <div
        className="flex flex-col items-center justify-center px-6 py-14 text-center"
        role="alert"
        data-testid="error-state"
      >
        <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-500 ring-8 ring-slate-50">
          <Icon name={error.isNotFound ? 'search' : 'shield'} className="size-6" />
        </div>
        <h3 className="text-sm font-semibold text-slate-900">{error.isNotFound ? 'Not found' : 'No access'}</h3>
        <p className="mt-1 max-w-md text-sm text-slate-500">
          {error.isNotFound
            ? 'It may have been deleted, or it belongs to someone whose records you cannot see.'
            : error.message}
        </p>
        <Button className="mt-5" icon="chevronLeft" onClick={() => window.history.back()}>
          Go back
        </Button>
      </div>
    );
  return (
    <div
      className="flex flex-col items-center justify-center px-6 py-14 text-center"
      role="alert"
      data-testid="error-state"
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-red-50 text-red-600 ring-8 ring-red-50/50">
        <Icon name="alert" className="size-6" />
      </div>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <p className="mt-1 max-w-md text-sm text-slate-500">{errorMessage(error)}</p>
      {onRetry && (
        <Button className="mt-5" icon="refresh" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function InlineError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div
      className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200 ring-inset"
      role="alert"
    >
      <Icon name="alert" className="mt-0.5 size-4 shrink-0" />
      <span>{errorMessage(error)}</span>
    </div>
  );
}
