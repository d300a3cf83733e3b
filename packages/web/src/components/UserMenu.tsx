import * as Menu from '@radix-ui/react-dropdown-menu';
import { useAuth, useMe } from '../lib/auth';
import { navigate } from '../lib/router';
import { titleCase } from '../lib/format';
import { Avatar } from './Avatar';
import { Icon } from './Icon';

const item =
  'flex w-full cursor-default items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-700 outline-none select-none data-[highlighted]:bg-slate-100';

/** The signed-in user's menu, on Radix UI's DropdownMenu: arrow keys, Home/End, type-ahead, Escape, focus return. */
export function UserMenu() {
  const { user } = useMe();
  const { logout } = useAuth();
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger
        data-testid="user-menu"
        className="flex items-center gap-2.5 rounded-lg py-1 pr-2 pl-1 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:outline-none"
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
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={6}
          className="z-40 w-60 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200"
        >
          <Menu.Label className="border-b border-slate-100 px-3 py-2.5">
            <div className="truncate text-sm font-medium text-slate-900">{user.name}</div>
            <div className="truncate text-xs text-slate-500">{user.email}</div>
          </Menu.Label>
          <Menu.Item className={`${item} mt-1`} onSelect={() => navigate('/settings')}>
            <Icon name="settings" className="size-4 text-slate-400" /> Settings
          </Menu.Item>
          <Menu.Item
            data-testid="logout"
            className={item}
            onSelect={() => void logout().then(() => navigate('/', { replace: true }))}
          >
            <Icon name="logout" className="size-4 text-slate-400" /> Log out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
