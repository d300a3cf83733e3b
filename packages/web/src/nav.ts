import type { IconName } from './components/Icon';

/**
 * The sidebar's sections. To add a page: add an entry here and a route in `routes.tsx`.
 * `match` is the path prefix that marks the entry active.
 */
export type NavItem = {
  id: string;
  label: string;
  path: string;
  icon: IconName;
  section?: 'main' | 'insights' | 'admin';
};

export const navItems: NavItem[] = [
  { id: 'dashboard', label: 'Dashboard', path: '/', icon: 'dashboard', section: 'main' },
  { id: 'today', label: 'Today', path: '/today', icon: 'target', section: 'main' },
  { id: 'contacts', label: 'Contacts', path: '/contacts', icon: 'contacts', section: 'main' },
  { id: 'companies', label: 'Companies', path: '/companies', icon: 'companies', section: 'main' },
  { id: 'deals', label: 'Deals', path: '/deals', icon: 'deals', section: 'main' },
  { id: 'sequences', label: 'Sequences', path: '/sequences', icon: 'reply', section: 'main' },
  { id: 'outbox', label: 'Outbox', path: '/outbox', icon: 'mail', section: 'main' },
  { id: 'website', label: 'Website', path: '/website', icon: 'globe', section: 'main' },
  { id: 'chatbot', label: 'Chatbot', path: '/chatbot', icon: 'inbox', section: 'main' },
  { id: 'segments', label: 'Segments', path: '/segments', icon: 'layers', section: 'insights' },
  { id: 'scoring', label: 'Scoring', path: '/scoring', icon: 'target', section: 'insights' },
  { id: 'model-health', label: 'Model health', path: '/model-health', icon: 'gauge', section: 'insights' },
  { id: 'forecast', label: 'Forecast', path: '/forecast', icon: 'trend', section: 'insights' },
  { id: 'kpis', label: 'KPIs & ROI', path: '/kpis', icon: 'target', section: 'insights' },
  { id: 'data-quality', label: 'Data quality', path: '/data-quality', icon: 'gauge', section: 'admin' },
  { id: 'imports', label: 'Imports', path: '/imports', icon: 'upload', section: 'admin' },
  { id: 'privacy', label: 'Privacy', path: '/privacy', icon: 'shield', section: 'admin' },
  { id: 'settings', label: 'Settings', path: '/settings', icon: 'settings', section: 'admin' },
];

export const navSections: { id: NonNullable<NavItem['section']>; label: string | null }[] = [
  { id: 'main', label: null },
  { id: 'insights', label: 'Insights' },
  { id: 'admin', label: 'Workspace' },
];

export function isActive(item: NavItem, pathname: string): boolean {
  if (item.path === '/') return pathname === '/' || pathname === '/dashboard';
  return pathname === item.path || pathname.startsWith(item.path + '/');
}
