import { initials } from '../lib/format';
import { cx } from './cx';

const palette = [
  'bg-indigo-100 text-indigo-700',
  'bg-emerald-100 text-emerald-700',
  'bg-amber-100 text-amber-800',
  'bg-sky-100 text-sky-700',
  'bg-rose-100 text-rose-700',
  'bg-violet-100 text-violet-700',
  'bg-teal-100 text-teal-700',
];

function hash(s: string) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function Avatar({
  name,
  size = 'md',
  className,
}: {
  name: string | null | undefined;
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  className?: string;
}) {
  const sz = {
    xs: 'size-5 text-[10px]',
    sm: 'size-6 text-[11px]',
    md: 'size-8 text-xs',
    lg: 'size-10 text-sm',
    xl: 'size-14 text-lg',
  }[size];
  return (
    <span
      className={cx(
        'inline-flex shrink-0 items-center justify-center rounded-full font-semibold',
        palette[hash(name ?? '') % palette.length],
        sz,
        className,
      )}
      title={name ?? undefined}
    >
      {initials(name)}
    </span>
  );
}
