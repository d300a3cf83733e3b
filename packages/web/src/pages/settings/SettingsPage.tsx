import { useDocumentTitle } from '../../lib/hooks';
import { isAdmin, useMe } from '../../lib/auth';
import { PageHeader } from '../../components/Card';
import { Link } from '../../components/Link';
import { Icon, type IconName } from '../../components/Icon';
import { cx } from '../../components/cx';
import { WorkspaceSettings } from './WorkspaceSettings';
import { UsersSettings } from './UsersSettings';
import { PipelinesSettings } from './PipelinesSettings';
import { CustomFieldsSettings } from './CustomFieldsSettings';
import { AuditSettings } from './AuditSettings';
import { ApiKeysSettings } from './ApiKeysSettings';
import { AccountSettings } from './AccountSettings';
import { MailboxesSettings } from '../mail/MailboxesSettings';

const tabs: { id: string; label: string; icon: IconName; adminOnly?: boolean; managers?: boolean }[] = [
  { id: 'workspace', label: 'Workspace', icon: 'companies' },
  { id: 'pipelines', label: 'Pipelines', icon: 'deals', managers: true },
  { id: 'custom-fields', label: 'Custom fields', icon: 'edit', adminOnly: true },
  { id: 'users', label: 'Users', icon: 'users' },
  { id: 'api-keys', label: 'API keys', icon: 'key', adminOnly: true },
  { id: 'account', label: 'Your password', icon: 'key' },
  { id: 'mailboxes', label: 'Mailboxes', icon: 'mail', adminOnly: true },
  { id: 'audit', label: 'Audit log', icon: 'shield', adminOnly: true },
];

export function SettingsPage({ params }: { params: Record<string, string> }) {
  useDocumentTitle('Settings');
  const { user } = useMe();
  const manager = isAdmin(user.role) || user.role === 'manager';
  const visible = tabs.filter((t) => (!t.adminOnly || isAdmin(user.role)) && (!t.managers || manager));
  const tab = visible.find((t) => t.id === params.tab) ?? visible[0]!;
  return (
    <div data-testid="settings-page">
      <PageHeader title="Settings" description="Your workspace, pipelines, team and access for scripts." />
      <div className="grid gap-8 lg:grid-cols-[200px_1fr]">
        <nav className="space-y-0.5" aria-label="Settings">
          {visible.map((t) => (
            <Link
              key={t.id}
              to={`/settings/${t.id}`}
              data-testid={`settings-tab-${t.id}`}
              aria-current={t.id === tab.id ? 'page' : undefined}
              className={cx(
                'flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium',
                t.id === tab.id
                  ? 'bg-white text-slate-900 shadow-xs ring-1 ring-slate-200'
                  : 'text-slate-600 hover:bg-white/60 hover:text-slate-900',
              )}
            >
              <Icon name={t.icon} className="size-4 text-slate-400" />
              {t.label}
            </Link>
          ))}
        </nav>
        <div className="min-w-0">
          {tab.id === 'workspace' && <WorkspaceSettings />}
          {tab.id === 'pipelines' && <PipelinesSettings />}
          {tab.id === 'custom-fields' && <CustomFieldsSettings />}
          {tab.id === 'users' && <UsersSettings />}
          {tab.id === 'api-keys' && <ApiKeysSettings />}
          {tab.id === 'account' && <AccountSettings />}
          {tab.id === 'mailboxes' && <MailboxesSettings />}
          {tab.id === 'audit' && <AuditSettings />}
        </div>
      </div>
    </div>
  );
}
