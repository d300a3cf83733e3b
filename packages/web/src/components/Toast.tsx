import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { Icon } from './Icon';
import { cx } from './cx';

type ToastOptions = { action?: { label: string; onClick: () => void }; durationMs?: number };
type Toast = { id: number; tone: 'success' | 'error' | 'info'; message: string } & ToastOptions;
type Push = (tone: Toast['tone'], message: string, options?: ToastOptions) => void;
const ToastContext = createContext<Push>(() => {});

let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback<Push>((tone, message, options) => {
    const id = nextId++;
    setToasts((t) => [...t, { id, tone, message, ...options }]);
    setTimeout(
      () => setToasts((t) => t.filter((x) => x.id !== id)),
      options?.durationMs ?? (tone === 'error' ? 6000 : 3500),
    );
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex flex-col gap-2" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            data-testid={`toast-${t.tone}`}
            className={cx(
              'pointer-events-auto flex max-w-sm items-start gap-2 rounded-lg bg-white px-4 py-3 text-sm shadow-lg ring-1',
              t.tone === 'error' ? 'ring-red-200' : 'ring-slate-200',
            )}
          >
            <Icon
              name={t.tone === 'error' ? 'alert' : t.tone === 'success' ? 'check' : 'info'}
              className={cx(
                'mt-0.5 size-4 shrink-0',
                t.tone === 'error' ? 'text-red-600' : t.tone === 'success' ? 'text-emerald-600' : 'text-brand-600',
              )}
            />
            <span className="pw-wrap text-slate-700">{t.message}</span>
            {t.action && (
              <button
                type="button"
                data-testid="toast-action"
                className="ml-2 shrink-0 font-semibold text-brand-700 hover:underline"
                onClick={() => {
                  setToasts((list) => list.filter((x) => x.id !== t.id));
                  t.action!.onClick();
                }}
              >
                {t.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
