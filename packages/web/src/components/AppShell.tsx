import type { ReactNode } from 'react';
import { Sidebar } from './Sidebar';
import { GlobalSearch } from './GlobalSearch';
import { UserMenu } from './UserMenu';

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-full">
      <Sidebar />
      <div className="pl-60">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-4 border-b border-slate-200 bg-white/90 px-6 backdrop-blur">
          <GlobalSearch />
          <div className="ml-auto flex items-center gap-3">
            <UserMenu />
          </div>
        </header>
        <main className="mx-auto max-w-[1400px] px-6 py-6">{children}</main>
      </div>
    </div>
  );
}
