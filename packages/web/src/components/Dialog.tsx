import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { Icon } from './Icon';
import { cx } from './cx';

/**
 * A modal dialog on Radix UI's Dialog (decision 0270): focus moves in and is trapped, Escape and a click outside
 * close it, focus returns to the opener, and the title and description name the dialog for screen readers.
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  children,
  footer,
  size = 'md',
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  testId?: string;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(o) => !o && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[2px]" />
        <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center overflow-y-auto p-4">
          <RadixDialog.Content
            data-testid={testId}
            {...(description ? {} : { 'aria-describedby': undefined })}
            className={cx(
              'pointer-events-auto my-auto w-full rounded-xl bg-white shadow-2xl ring-1 ring-slate-900/10 focus:outline-none',
              size === 'sm' ? 'max-w-md' : size === 'lg' ? 'max-w-3xl' : 'max-w-xl',
            )}
          >
            <div className="flex items-start justify-between gap-4 border-b border-slate-100 px-6 py-4">
              <div>
                <RadixDialog.Title className="text-base font-semibold text-slate-900">{title}</RadixDialog.Title>
                {description && (
                  <RadixDialog.Description className="mt-0.5 text-sm text-slate-500">
                    {description}
                  </RadixDialog.Description>
                )}
              </div>
              <RadixDialog.Close
                className="-mr-2 rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600"
                aria-label="Close"
              >
                <Icon name="x" className="size-4" />
              </RadixDialog.Close>
            </div>
            {/* No scroll container here: pickers inside a dialog must be able to overflow it. */}
            <div className="px-6 py-5">{children}</div>
            {footer && (
              <div className="flex justify-end gap-2 rounded-b-xl border-t border-slate-100 bg-slate-50/60 px-6 py-3">
                {footer}
              </div>
            )}
          </RadixDialog.Content>
        </div>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
