import { useEffect, useRef, useState } from 'react';
import { list } from '../lib/api';
import { useDebounced } from '../lib/hooks';
import { navigate } from '../lib/router';
import { fullName } from '../lib/format';
import type { Company, Contact } from '../lib/types';
import { Icon } from './Icon';
import { Avatar } from './Avatar';
import { Spinner } from './Spinner';
import { cx } from './cx';

type Hit = { kind: 'contact' | 'company'; id: string; title: string; subtitle: string };

/** Top-bar quick search over contacts and companies; Enter opens the full contact search. */
export function GlobalSearch() {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<Hit[]>([]);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const debounced = useDebounced(q.trim(), 250);
  const ref = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        e.key === '/' &&
        !(
          e.target instanceof HTMLInputElement ||
          e.target instanceof HTMLTextAreaElement ||
          e.target instanceof HTMLSelectElement
        )
      ) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, []);

  useEffect(() => {
    if (!debounced) {
      setHits([]);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    Promise.allSettled([
      list<Contact>('contacts', { q: debounced, limit: 5 }, ctrl.signal),
      list<Company>('companies', { q: debounced, limit: 3 }, ctrl.signal),
    ]).then(([c, co]) => {
      if (ctrl.signal.aborted) return;
      const out: Hit[] = [];
      if (c.status === 'fulfilled')
        for (const x of c.value.data)
          out.push({
            kind: 'contact',
            id: x.id,
            title: fullName(x),
            subtitle: [x.email, x.companyName].filter(Boolean).join(' · '),
          });
      if (co.status === 'fulfilled')
        for (const x of co.value.data)
          out.push({
            kind: 'company',
            id: x.id,
            title: x.name,
            subtitle: [x.domain, x.industry].filter(Boolean).join(' · '),
          });
      setHits(out);
      setActive(0);
      setLoading(false);
    });
    return () => ctrl.abort();
  }, [debounced]);

  const go = (h: Hit | undefined) => {
    setOpen(false);
    if (h) navigate(`/${h.kind === 'contact' ? 'contacts' : 'companies'}/${h.id}`);
    else if (q.trim()) navigate(`/contacts?q=${encodeURIComponent(q.trim())}`);
    setQ('');
    inputRef.current?.blur();
  };

  return (
    <div className="relative w-full max-w-md" ref={ref}>
      <Icon
        name="search"
        className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400"
      />
      <input
        ref={inputRef}
        data-testid="global-search"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') go(hits[active]);
          else if (e.key === 'Escape') setOpen(false);
        }}
        placeholder="Search contacts and companies…"
        className="h-9 w-full rounded-lg border-0 bg-slate-100 pr-10 pl-9 text-sm text-slate-900 placeholder:text-slate-400 focus:bg-white focus:ring-2 focus:ring-brand-600 focus:outline-none"
      />
      <kbd className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 rounded border border-slate-200 bg-white px-1.5 text-[10px] font-medium text-slate-400">
        /
      </kbd>
      {open && debounced && (
        <div className="absolute z-40 mt-1.5 w-full overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200">
          {loading && hits.length === 0 ? (
            <div className="flex items-center gap-2 px-4 py-3 text-sm text-slate-500">
              <Spinner className="size-4" /> Searching…
            </div>
          ) : hits.length === 0 ? (
            <div className="px-4 py-3 text-sm text-slate-500">No matches for “{debounced}”</div>
          ) : (
            <ul className="py-1">
              {hits.map((h, i) => (
                <li key={`${h.kind}-${h.id}`}>
                  <button
                    type="button"
                    onMouseEnter={() => setActive(i)}
                    onClick={() => go(h)}
                    className={cx('flex w-full items-center gap-3 px-3 py-2 text-left', i === active && 'bg-slate-50')}
                  >
                    {h.kind === 'contact' ? (
                      <Avatar name={h.title} size="sm" />
                    ) : (
                      <span className="flex size-6 items-center justify-center rounded-md bg-slate-100 text-slate-500">
                        <Icon name="companies" className="size-3.5" />
                      </span>
                    )}
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-slate-800">{h.title}</span>
                      {h.subtitle && <span className="block truncate text-xs text-slate-500">{h.subtitle}</span>}
                    </span>
                    <span className="text-[11px] text-slate-400 capitalize">{h.kind}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            onClick={() => go(undefined)}
            className="flex w-full items-center gap-2 border-t border-slate-100 px-3 py-2 text-left text-xs text-slate-500 hover:bg-slate-50"
          >
            <Icon name="search" className="size-3.5" /> Search all contacts for “{debounced}”
          </button>
        </div>
      )}
    </div>
  );
}
