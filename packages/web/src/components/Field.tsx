import {
  createContext,
  useContext,
  useId,
  useMemo,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { cx } from './cx';

const control =
  'block w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';

type FieldIds = { id?: string; describedBy?: string; invalid: boolean };
const FieldContext = createContext<FieldIds>({ invalid: false });

/** `aria-describedby` from the field around a control and the control's own, without duplicates. */
function describedBy(own: string | undefined, ctx: string | undefined): string | undefined {
  const ids = [...new Set([...(own ?? '').split(' '), ...(ctx ?? '').split(' ')].filter(Boolean))];
  return ids.length ? ids.join(' ') : undefined;
}

/**
 * A label, a control and its error or hint. The control inside (Input, Select, Textarea) is bound to them: it gets
 * the label's id, `aria-describedby` pointing at the error or hint, and `aria-invalid` while there is an error.
 */
export function Field({
  label,
  error,
  hint,
  children,
  htmlFor,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  htmlFor?: string;
}) {
  const auto = useId();
  const id = htmlFor ?? `field${auto}`;
  const noteId = `${id}-${error ? 'error' : 'hint'}`;
  const ctx = useMemo<FieldIds>(
    () => ({ id, describedBy: error || hint ? noteId : undefined, invalid: Boolean(error) }),
    [id, error, hint, noteId],
  );
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <FieldContext.Provider value={ctx}>{children}</FieldContext.Provider>
      {error ? (
        <p
          id={noteId}
          className="mt-1 text-xs text-red-600"
          data-testid={htmlFor ? `error-${htmlFor}` : undefined}
          role="alert"
        >
          {error}
        </p>
      ) : hint ? (
        <p id={noteId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Input({ invalid, className, ...rest }: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  const field = useContext(FieldContext);
  const bad = invalid || field.invalid;
  return (
    <input
      {...rest}
      id={rest.id ?? field.id}
      aria-describedby={describedBy(rest['aria-describedby'], field.describedBy)}
      aria-invalid={bad || undefined}
      className={cx(
        control,
        'h-9',
        bad ? 'ring-red-300 focus:ring-red-500' : 'ring-slate-300 focus:ring-brand-600',
        className,
      )}
    />
  );
}

export function Select({
  invalid,
  className,
  children,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }) {
  const field = useContext(FieldContext);
  const bad = invalid || field.invalid;
  return (
    <select
      {...rest}
      id={rest.id ?? field.id}
      aria-describedby={describedBy(rest['aria-describedby'], field.describedBy)}
      aria-invalid={bad || undefined}
      className={cx(
        control,
        'h-9 pr-8',
        bad ? 'ring-red-300 focus:ring-red-500' : 'ring-slate-300 focus:ring-brand-600',
        className,
      )}
    >
      {children}
    </select>
  );
}

export function Textarea({
  invalid,
  className,
  ...rest
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }) {
  const field = useContext(FieldContext);
  const bad = invalid || field.invalid;
  return (
    <textarea
      {...rest}
      id={rest.id ?? field.id}
      aria-describedby={describedBy(rest['aria-describedby'], field.describedBy)}
      aria-invalid={bad || undefined}
      className={cx(
        control,
        'py-2',
        bad ? 'ring-red-300 focus:ring-red-500' : 'ring-slate-300 focus:ring-brand-600',
        className,
      )}
    />
  );
}

/**
 * The text input the forms repeat: a labelled `Input` whose id doubles as its test id, with its error or hint.
 * `onValue` receives the text; every other input attribute passes through.
 */
export function TextField({
  id,
  label,
  error,
  hint,
  onValue,
  testId,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'> & {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  onValue: (value: string) => void;
  testId?: string;
}) {
  return (
    <Field label={label} htmlFor={id} error={error} hint={hint}>
      <Input {...input} id={id} data-testid={testId ?? id} onChange={(e) => onValue(e.target.value)} />
    </Field>
  );
}

export function Toggle({
  checked,
  onChange,
  disabled,
  label,
  testId,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
  label: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      data-testid={testId}
      onClick={() => onChange(!checked)}
      className={cx(
        'relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-50',
        checked ? 'bg-brand-600' : 'bg-slate-300',
      )}
    >
      <span
        className={cx(
          'inline-block size-4 rounded-full bg-white shadow transition-transform',
          checked ? 'translate-x-4.5' : 'translate-x-0.5',
        )}
      />
    </button>
  );
}
