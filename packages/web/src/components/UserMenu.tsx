import { useEffect, useRef, useState } from 'react';
import { useAuth, useMe } from '../lib/auth';
import { navigate } from '../lib/router';
import { titleCase } from '../lib/format';
import { Avatar } from './Avatar';
import { Icon } from './Icon';

export function UserMenu() {
  const { user } = useMe();
  const { logout } = useAuth();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2.5 rounded-lg py-1 pr-2 pl-1 hover:bg-slate-100"
        aria-haspopup="menu"
        aria-expanded={open}
      >
        <Avatar name={user.name} size="sm" />
        <span className="hidden text-left leading-tight sm:block">
          <span className="block text-sm font-medium text-slate-800" data-testid="user-name">
            {user.name}
          </span>
          <span className="block text-[11px] text-slate-500" data-testid="user-role">
            {titleCase(user.role)}
          </span>
        </span>
        <Icon name="chevronDown" className="size-3.5 text-slate-400" />
      </button>
      {open && (
        <div
          role="menu"
          className="absolute right-0 z-40 mt-1.5 w-60 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
        >
          <div className="border-b border-slate-100 px-3 py-2.5">
            <div className="truncate text-sm font-medium text-slate-900">{user.name}</div>
            <div className="truncate text-xs text-slate-500">{user.email}</div>
          </div>
          <button
            type="button"
            role="menuitem"
            className="mt-1 flex w-full items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
            onClick={() => {
              setOpen(false);
              navigate('/settings');
            }}
          >
            <Icon name="settings" className="size-4 text-slate-400" /> Settings
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="logout"
            className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
            onClick={() => {
              setOpen(false);
              void logout().then(() => navigate('/', { replace: true }));
            }}
          >
            <Icon name="logout" className="size-4 text-slate-400" /> Log out
          </button>
        </div>
      )}
    </div>
  );
}
