import * as ToggleGroup from '@radix-ui/react-toggle-group';
import type { ReactNode } from 'react';
import { cx } from './cx';

/**
 * One choice out of a few that filters what is shown below (outbox states, contacts or companies): Radix UI's
 * ToggleGroup, so arrow keys move between the choices and a screen reader hears which one is on.
 */
export function ChoiceGroup<T extends string>({
  value,
  onChange,
  options,
  label,
  variant = 'pills',
  className,
}: {
  value: T;
  onChange: (v: T) => void;
  options: { id: T; label: ReactNode; testId?: string }[];
  label: string;
  variant?: 'pills' | 'segmented';
  className?: string;
}) {
  return (
    <ToggleGroup.Root
      type="single"
      value={value}
      onValueChange={(v) => v && onChange(v as T)}
      aria-label={label}
      className={cx(
        variant === 'segmented' ? 'flex rounded-md ring-1 ring-slate-200' : 'flex flex-wrap gap-1',
        className,
      )}
    >
      {options.map((o) => (
        <ToggleGroup.Item
          key={o.id}
          value={o.id}
          data-testid={o.testId}
          className={cx(
            'text-xs font-medium focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none',
            variant === 'segmented'
              ? 'px-3 py-1 capitalize first:rounded-l-md last:rounded-r-md'
              : 'rounded-md px-2.5 py-1',
            o.id === value
              ? 'bg-slate-900 text-white'
              : variant === 'segmented'
                ? 'text-slate-600 hover:bg-slate-50'
                : 'text-slate-600 hover:bg-slate-100',
          )}
        >
          {o.label}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
