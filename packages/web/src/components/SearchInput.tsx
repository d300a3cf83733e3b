import { useEffect, useState } from 'react';
import { useDebounced } from '../lib/hooks';
import { Icon } from './Icon';

/** A search box that reports its value after the user pauses typing. */
export function SearchInput({
  value,
  onChange,
  placeholder = 'Search…',
  testId = 'table-search',
  delay = 300,
}: {
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  testId?: string;
  delay?: number;
}) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, delay);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // only the debounced text drives changes
  }, [debounced]);
  return (
    <div className="relative w-72">
      <Icon
        name="search"
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400"
      />
      <input
        data-testid={testId}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={placeholder}
        className="h-9 w-full rounded-md border-0 bg-white pr-3 pl-8 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none"
      />
    </div>
  );
}

export function FilterSelect({
  label,
  value,
  onChange,
  options,
  testId,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  testId?: string;
}) {
  return (
    <select
      data-testid={testId}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className={`h-9 w-auto max-w-56 rounded-md border-0 py-0 pr-8 pl-3 text-sm shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-brand-600 ${value ? 'bg-brand-50 text-brand-700 ring-brand-200' : 'bg-white text-slate-700 ring-slate-300'}`}
    >
      <option value="">{label}: All</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {label}: {o.label}
        </option>
      ))}
    </select>
  );
}
