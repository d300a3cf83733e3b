import { useEffect, useRef, useState } from 'react';
import { list } from '../lib/api';
import { useDebounced } from '../lib/hooks';
import { Icon } from './Icon';
import { Spinner } from './Spinner';
import { cx } from './cx';

type Option = { id: string; label: string; sub?: string };

/** A search-as-you-type picker for a related record (company, contact), asking the server for a few matches. */
export function RecordPicker({
  resource,
  value,
  valueLabel,
  onChange,
  placeholder,
  testId,
  toOption,
  invalid,
  id,
}: {
  resource: string;
  value: string | null;
  valueLabel?: string | null;
  onChange: (id: string | null, label: string | null) => void;
  placeholder?: string;
  testId?: string;
  toOption: (row: any) => Option;
  invalid?: boolean;
  id?: string;
}) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [opts, setOpts] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const q = useDebounced(text, 200);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const ctrl = new AbortController();
    setLoading(true);
    list<any>(resource, { q: q || undefined, limit: 8, sort: q ? undefined : '-updatedAt' }, ctrl.signal).then(
      (r) => {
        setOpts(r.data.map(toOption));
        setLoading(false);
      },
      () => setLoading(false),
    );
    return () => ctrl.abort();
  }, [q, open, resource]); // toOption is stable per call site

  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  if (value && !open) {
    return (
      <div
        className={cx(
          'flex h-9 items-center justify-between rounded-md bg-white px-3 text-sm shadow-xs ring-1 ring-inset',
          invalid ? 'ring-red-300' : 'ring-slate-300',
        )}
        data-testid={testId}
      >
        <span className="truncate text-slate-900">{valueLabel ?? 'Selected'}</span>
        <button
          type="button"
          className="ml-2 text-slate-400 hover:text-slate-600"
          onClick={() => onChange(null, null)}
          aria-label="Clear"
        >
          <Icon name="x" className="size-3.5" />
        </button>
      </div>
    );
  }

  return (
    <div className="relative" ref={ref}>
      <input
        id={id}
        data-testid={testId}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        placeholder={placeholder ?? 'Search…'}
        className={cx(
          'block h-9 w-full rounded-md border-0 bg-white px-3 text-sm shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:outline-none',
          invalid ? 'ring-red-300 focus:ring-red-500' : 'ring-slate-300 focus:ring-brand-600',
        )}
      />
      {open && (
        <div className="absolute z-50 mt-1 max-h-60 w-full overflow-auto rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
          {loading && opts.length === 0 ? (
            <div className="flex items-center gap-2 px-3 py-2 text-sm text-slate-500">
              <Spinner className="size-4" /> Searching…
            </div>
          ) : opts.length === 0 ? (
            <div className="px-3 py-2 text-sm text-slate-500">No matches</div>
          ) : (
            opts.map((o) => (
              <button
                key={o.id}
                type="button"
                className="block w-full px-3 py-1.5 text-left hover:bg-slate-50"
                onClick={() => {
                  onChange(o.id, o.label);
                  setText('');
                  setOpen(false);
                }}
              >
                <span className="block truncate text-sm text-slate-800">{o.label}</span>
                {o.sub && <span className="block truncate text-xs text-slate-500">{o.sub}</span>}
              </button>
            ))
          )}
        </div>
      )}
    </div>
  );
}

export const companyOption = (c: { id: string; name: string; domain?: string | null }) => ({
  id: c.id,
  label: c.name,
  sub: c.domain ?? undefined,
});

export const contactOption = (c: {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  companyName?: string | null;
}) => ({
  id: c.id,
  label: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || 'Unnamed contact',
  sub: [c.email, c.companyName].filter(Boolean).join(' · ') || undefined,
});
