import { lazy, Suspense, type ComponentType } from 'react';
import { matchPath, useLocation } from './lib/router';
import { PageSpinner } from './components/Spinner';
import { NotFoundPage } from './pages/NotFoundPage';

type Page = ComponentType<{ params: Record<string, string> }>;
// Pages load on demand so the first paint does not wait for the charts and the board.
const page = (load: () => Promise<Record<string, unknown>>, name: string) =>
  lazy(async () => ({ default: (await load())[name] as Page }));

const DashboardPage = page(() => import('./pages/DashboardPage'), 'DashboardPage');
const ContactsPage = page(() => import('./pages/ContactsPage'), 'ContactsPage');
const ContactPage = page(() => import('./pages/ContactPage'), 'ContactPage');
const CompaniesPage = page(() => import('./pages/CompaniesPage'), 'CompaniesPage');
const CompanyPage = page(() => import('./pages/CompanyPage'), 'CompanyPage');
const DealsPage = page(() => import('./pages/deals/DealsPage'), 'DealsPage');
const SettingsPage = page(() => import('./pages/settings/SettingsPage'), 'SettingsPage');
const SegmentsPage = page(() => import('./pages/segments/SegmentsPage'), 'SegmentsPage');
const ScoringPage = page(() => import('./pages/scoring/ScoringPage'), 'ScoringPage');
const ModelHealthPage = page(() => import('./pages/monitoring/ModelHealthPage'), 'ModelHealthPage');
const ForecastPage = page(() => import('./pages/forecast/ForecastPage'), 'ForecastPage');
const TodayPage = page(() => import('./pages/today/TodayPage'), 'TodayPage');
const DataQualityPage = page(() => import('./pages/data-quality/DataQualityPage'), 'DataQualityPage');
const ImportsPage = page(() => import('./pages/imports/ImportsPage'), 'ImportsPage');
const OutboxPage = page(() => import('./pages/mail/OutboxPage'), 'OutboxPage');
const ImportPage = page(() => import('./pages/imports/ImportPage'), 'ImportPage');
const SequencesPage = page(() => import('./pages/sequences/SequencesPage'), 'SequencesPage');
const SequencePage = page(() => import('./pages/sequences/SequencePage'), 'SequencePage');
const ApprovalsPage = page(() => import('./pages/sequences/ApprovalsPage'), 'ApprovalsPage');
const PrivacyPage = page(() => import('./pages/privacy/PrivacyPage'), 'PrivacyPage');
const WebsitePage = page(() => import('./pages/website/WebsitePage'), 'WebsitePage');
const ChatbotPage = page(() => import('./pages/chatbot/ChatbotPage'), 'ChatbotPage');
const KpisPage = page(() => import('./pages/kpis/KpisPage'), 'KpisPage');

/** Route table: first match wins. Add new pages here and in `nav.ts`. */
export const routes: { path: string; component: Page }[] = [
  { path: '/', component: DashboardPage },
  { path: '/dashboard', component: DashboardPage },
  { path: '/today', component: TodayPage },
  { path: '/segments', component: SegmentsPage },
  { path: '/scoring', component: ScoringPage },
  { path: '/model-health', component: ModelHealthPage },
  { path: '/forecast', component: ForecastPage },
  { path: '/kpis', component: KpisPage },
  { path: '/contacts', component: ContactsPage },
  { path: '/contacts/:id', component: ContactPage },
  { path: '/companies', component: CompaniesPage },
  { path: '/companies/:id', component: CompanyPage },
  { path: '/deals', component: DealsPage },
  { path: '/outbox', component: OutboxPage },
  { path: '/sequences', component: SequencesPage },
  { path: '/sequences/approvals', component: ApprovalsPage },
  { path: '/sequences/:id', component: SequencePage },
  { path: '/data-quality', component: DataQualityPage },
  { path: '/imports', component: ImportsPage },
  { path: '/imports/:id', component: ImportPage },
  { path: '/privacy', component: PrivacyPage },
  { path: '/website', component: WebsitePage },
  { path: '/website/:tab', component: WebsitePage },
  { path: '/chatbot', component: ChatbotPage },
  { path: '/chatbot/:tab', component: ChatbotPage },
  { path: '/settings', component: SettingsPage },
  { path: '/settings/:tab', component: SettingsPage },
];

export function Routes() {
  const { pathname } = useLocation();
  for (const r of routes) {
    const params = matchPath(r.path, pathname);
    if (params) {
      const C = r.component;
      return (
        <Suspense fallback={<PageSpinner />}>
          <C key={r.path + JSON.stringify(params)} params={params} />
        </Suspense>
      );
    }
  }
  return <NotFoundPage />;
}
