import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { Icon } from './Icon';

/** A panel sliding in from the right, on Radix UI's Dialog (focus trap, Escape and outside click close it). */
export function Drawer({
  open,
  onClose,
  title,
  subtitle,
  children,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(o) => !o && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <RadixDialog.Content
          data-testid={testId}
          {...(subtitle ? {} : { 'aria-describedby': undefined })}
          className="fixed inset-y-0 right-0 z-50 h-full w-full max-w-lg bg-slate-50 shadow-2xl focus:outline-none"
        >
          <div className="flex h-full flex-col">
            <div className="flex items-start justify-between gap-4 border-b border-slate-200 bg-white px-6 py-4">
              <div className="min-w-0">
                <RadixDialog.Title className="truncate text-base font-semibold text-slate-900">
                  {title}
                </RadixDialog.Title>
                {subtitle && (
                  <RadixDialog.Description asChild>
                    <div className="mt-0.5 text-sm text-slate-500">{subtitle}</div>
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
            <div className="flex-1 space-y-5 overflow-y-auto px-6 py-5 pw-scroll">{children}</div>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
