import { navItems, navSections, isActive } from '../nav';
import { useLocation } from '../lib/router';
import { useMe } from '../lib/auth';
import { Icon } from './Icon';
import { Link } from './Link';
import { cx } from './cx';

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cx('flex items-center gap-2', className)}>
      <span className="flex size-7 items-center justify-center rounded-lg bg-brand-600 text-white shadow-sm">
        <svg
          viewBox="0 0 24 24"
          className="size-4"
          fill="none"
          stroke="currentColor"
          strokeWidth={2.5}
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden
        >
          <path d="M7 18V6h6a4 4 0 010 8H7" />
        </svg>
      </span>
      <span className="text-[15px] font-semibold tracking-tight text-slate-900">Pipewise</span>
    </span>
  );
}

export function Sidebar() {
  const { pathname } = useLocation();
  const { workspace } = useMe();
  return (
    <aside
      className="fixed inset-y-0 left-0 z-30 flex w-60 flex-col border-r border-slate-200 bg-white"
      data-testid="sidebar"
    >
      <div className="flex h-14 items-center border-b border-slate-100 px-4">
        <Link to="/" aria-label="Pipewise home">
          <Logo />
        </Link>
      </div>
      <div className="px-3 pt-4 pb-2">
        <div className="flex items-center gap-2 rounded-lg bg-slate-50 px-2.5 py-2 ring-1 ring-slate-200/70 ring-inset">
          <span className="flex size-6 items-center justify-center rounded-md bg-slate-900 text-[11px] font-semibold text-white">
            {workspace.name.slice(0, 1).toUpperCase()}
          </span>
          <span className="truncate text-sm font-medium text-slate-800" data-testid="workspace-name">
            {workspace.name}
          </span>
        </div>
      </div>
      <nav className="flex-1 overflow-y-auto px-3 py-2 pw-scroll" aria-label="Main">
        {navSections.map((section) => {
          const items = navItems.filter((i) => (i.section ?? 'main') === section.id);
          if (items.length === 0) return null;
          return (
            <div key={section.id} className="mb-4">
              {section.label && (
                <div className="px-2.5 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">
                  {section.label}
                </div>
              )}
              <ul className="space-y-0.5">
                {items.map((item) => {
                  const active = isActive(item, pathname);
                  return (
                    <li key={item.id}>
                      <Link
                        to={item.path}
                        data-testid={`nav-${item.id}`}
                        aria-current={active ? 'page' : undefined}
                        className={cx(
                          'group flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors',
                          active
                            ? 'bg-brand-50 text-brand-700'
                            : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900',
                        )}
                      >
                        <Icon
                          name={item.icon}
                          className={cx(
                            'size-4',
                            active ? 'text-brand-600' : 'text-slate-400 group-hover:text-slate-500',
                          )}
                        />
                        {item.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </nav>
      <div className="border-t border-slate-100 px-4 py-3 text-xs text-slate-400">Self-hosted · open source</div>
    </aside>
  );
}
