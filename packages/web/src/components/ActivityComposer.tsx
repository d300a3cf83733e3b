import { useState } from 'react';
import { api, errorMessage } from '../lib/api';
import type { Activity, ActivityType } from '../lib/types';
import { Button } from './Button';
import { Icon, type IconName } from './Icon';
import { cx } from './cx';
import { useToast } from './Toast';

const kinds: { type: ActivityType; label: string; icon: IconName; placeholder: string }[] = [
  { type: 'note', label: 'Note', icon: 'note', placeholder: 'Write a note about this contact…' },
  { type: 'call', label: 'Call', icon: 'phone', placeholder: 'What was the call about? What are the next steps?' },
  { type: 'meeting', label: 'Meeting', icon: 'calendar', placeholder: 'Who was there, what was agreed?' },
];

/** Logs a note, call or meeting against a contact (POST /api/v1/activities). */
export function ActivityComposer({
  contactId,
  companyId,
  onLogged,
}: {
  contactId: string;
  companyId: string | null;
  onLogged: (a: Activity) => void;
}) {
  const toast = useToast();
  const [kind, setKind] = useState<(typeof kinds)[number]>(kinds[0]!);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      const a = await api.post<Activity>('/api/v1/activities', {
        type: kind.type,
        contactId,
        companyId: companyId ?? undefined,
        occurredAt: new Date().toISOString(),
        subject: subject.trim() || undefined,
        body: body.trim() || undefined,
      });
      onLogged(a);
      setSubject('');
      setBody('');
      toast('success', `${kind.label} logged`);
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="border-b border-slate-100 px-5 py-4" data-testid="activity-composer">
      <div className="mb-3 flex gap-1">
        {kinds.map((k) => (
          <button
            key={k.type}
            type="button"
            onClick={() => setKind(k)}
            data-testid={`compose-${k.type}`}
            className={cx(
              'flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium',
              kind.type === k.type
                ? 'bg-brand-50 text-brand-700 ring-1 ring-brand-200'
                : 'text-slate-600 hover:bg-slate-100',
            )}
          >
            <Icon name={k.icon} className="size-3.5" />
            {k.label}
          </button>
        ))}
      </div>
      {kind.type !== 'note' && (
        <input
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          placeholder={`${kind.label} subject`}
          className="mb-2 block h-9 w-full rounded-md border-0 px-3 text-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        />
      )}
      <textarea
        data-testid="compose-body"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={2}
        placeholder={kind.placeholder}
        className="block w-full resize-y rounded-md border-0 px-3 py-2 text-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none"
      />
      <div className="mt-2 flex justify-end">
        <Button
          size="sm"
          variant="primary"
          onClick={() => void save()}
          loading={busy}
          disabled={!body.trim() && !subject.trim()}
          data-testid="compose-save"
        >
          Log {kind.label.toLowerCase()}
        </Button>
      </div>
    </div>
  );
}
