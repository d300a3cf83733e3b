import { cx } from './cx';

export function ProgressBar({
  value,
  className,
  testId,
}: {
  value: number | null;
  className?: string;
  testId?: string;
}) {
  const pct = value === null ? null : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div
      className={cx('h-2 w-full overflow-hidden rounded-full bg-slate-100', className)}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      data-testid={testId}
    >
      {pct === null ? (
        <div className="pw-indeterminate h-full w-1/3 rounded-full bg-brand-600" />
      ) : (
        <div
          className="h-full rounded-full bg-brand-600 transition-[width] duration-300"
          style={{ width: `${pct}%` }}
        />
      )}
    </div>
  );
}
