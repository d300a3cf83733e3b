import type { ReactNode } from 'react';
import { cx } from './cx';

export function Card({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={cx('rounded-xl bg-white shadow-xs ring-1 ring-slate-200', className)} data-testid={testId}>
      {children}
    </section>
  );
}

export function CardHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex min-h-[52px] items-center justify-between gap-4 border-b border-slate-100 px-5 py-3">
      <div className="min-w-0">
        <h2 className="pw-wrap text-sm font-semibold text-slate-900">{title}</h2>
        {description && <p className="pw-wrap mt-0.5 text-xs text-slate-500">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </div>
  );
}

export function PageHeader({
  title,
  description,
  actions,
  breadcrumb,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
}) {
  return (
    <div className="mb-6">
      {breadcrumb && <div className="mb-2 text-sm text-slate-500">{breadcrumb}</div>}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="pw-wrap text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
          {description && <p className="pw-wrap mt-1 text-sm text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </div>
    </div>
  );
}
