import type { ComponentType } from 'react';
import { matchPath, useLocation } from './lib/router';
import { DashboardPage } from './pages/DashboardPage';
import { ContactsPage } from './pages/ContactsPage';
import { ContactPage } from './pages/ContactPage';
import { CompaniesPage } from './pages/CompaniesPage';
import { CompanyPage } from './pages/CompanyPage';
import { DealsPage } from './pages/deals/DealsPage';
import { SettingsPage } from './pages/settings/SettingsPage';
import { NotFoundPage } from './pages/NotFoundPage';

/** Route table: first match wins. Add new pages here and in `nav.ts`. */
export const routes: { path: string; component: ComponentType<{ params: Record<string, string> }> }[] = [
  { path: '/', component: DashboardPage },
  { path: '/dashboard', component: DashboardPage },
  { path: '/contacts', component: ContactsPage },
  { path: '/contacts/:id', component: ContactPage },
  { path: '/companies', component: CompaniesPage },
  { path: '/companies/:id', component: CompanyPage },
  { path: '/deals', component: DealsPage },
  { path: '/settings', component: SettingsPage },
  { path: '/settings/:tab', component: SettingsPage },
];

export function Routes() {
  const { pathname } = useLocation();
  for (const r of routes) {
    const params = matchPath(r.path, pathname);
    if (params) {
      const C = r.component;
      return <C key={r.path + JSON.stringify(params)} params={params} />;
    }
  }
  return <NotFoundPage />;
}
