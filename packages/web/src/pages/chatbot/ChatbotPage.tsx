import { useDocumentTitle } from '../../lib/hooks';
import { navigate } from '../../lib/router';
import { PageHeader } from '../../components/Card';
import { cx } from '../../components/cx';
import { TrustPanel } from '../../components/TrustPanel';
import { InboxTab } from './InboxTab';
import { KnowledgeTab } from './KnowledgeTab';
import { TryItTab } from './TryItTab';
import { UnansweredTab } from './UnansweredTab';
import { ChatSettingsTab } from './ChatSettingsTab';

const tabs = [
  { id: 'inbox', label: 'Inbox', description: 'Chats on your website, live. Take one over to answer yourself.' },
  { id: 'knowledge', label: 'Knowledge base', description: 'The questions and answers the bot knows.' },
  { id: 'try', label: 'Try it', description: 'Ask the bot a question, as a visitor would.' },
  { id: 'unanswered', label: 'Unanswered', description: 'Questions the bot could not answer well.' },
  { id: 'settings', label: 'Settings', description: 'Greeting, opening hours, confidence and hand-off.' },
] as const;

/** The website chatbot: its inbox, what it knows, how it answers, and what it could not answer. */
export function ChatbotPage({ params }: { params: Record<string, string> }) {
  const tab = tabs.find((t) => t.id === params.tab) ?? tabs[0];
  useDocumentTitle(`Chatbot · ${tab.label}`);
  return (
    <div data-testid="chatbot-page">
      <PageHeader title="Chatbot" description={tab.description} />
      <TrustPanel area="chatbot" />
      <div className="mb-5 flex flex-wrap gap-1 border-b border-slate-200" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === tab.id}
            data-testid={`chatbot-tab-${t.id}`}
            onClick={() => navigate(`/chatbot/${t.id}`)}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
              t.id === tab.id
                ? 'border-brand-600 text-brand-700'
                : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700',
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab.id === 'inbox' && <InboxTab />}
      {tab.id === 'knowledge' && <KnowledgeTab />}
      {tab.id === 'try' && <TryItTab />}
      {tab.id === 'unanswered' && <UnansweredTab />}
      {tab.id === 'settings' && <ChatSettingsTab />}
    </div>
  );
}
