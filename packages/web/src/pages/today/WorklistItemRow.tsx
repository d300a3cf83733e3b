import { useState } from 'react';
import { api, errorMessage } from '../../lib/api';
import { money } from '../../lib/format';
import { Badge, type Tone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select } from '../../components/Field';
import { Icon, type IconName } from '../../components/Icon';
import { Link } from '../../components/Link';
import { useToast } from '../../components/Toast';
import type { WorklistItem } from './todayTypes';

const kinds: Record<WorklistItem['kind'], { label: string; tone: Tone }> = {
  new_lead: { label: 'New lead', tone: 'sky' },
  follow_up: { label: 'Follow-up', tone: 'violet' },
  deal_at_risk: { label: 'Deal at risk', tone: 'red' },
  churn_risk: { label: 'Churn risk', tone: 'amber' },
  upsell: { label: 'Upsell', tone: 'green' },
};
const actions: Record<WorklistItem['action'], IconName> = { call: 'phone', email: 'mail', meeting: 'calendar' };
const urgencyTone: Record<WorklistItem['urgency'], Tone> = { overdue: 'red', today: 'amber', soon: 'gray' };

/** One worklist line: what and why, the suggested action and hour, its value, and done / snooze / dismiss. */
export function WorklistItemRow({
  item,
  onOutcome,
  readOnly,
}: {
  item: WorklistItem;
  onOutcome: () => void;
  readOnly: boolean;
}) {
  const [dismissing, setDismissing] = useState(false);
  const [logging, setLogging] = useState(false);
  const [logType, setLogType] = useState<'call' | 'email' | 'meeting' | 'note'>(
    item.action === 'meeting' ? 'meeting' : item.action === 'email' ? 'email' : 'call',
  );
  const [logNote, setLogNote] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const record = async (outcome: 'done' | 'snoozed' | 'dismissed', extra: Record<string, unknown> = {}) => {
    setBusy(true);
    try {
      await api.post('/api/v1/worklist/outcomes', {
        itemKey: item.key,
        outcome,
        expectedValue: item.expectedValue,
        ...extra,
      });
      toast(
        'success',
        outcome === 'done' ? 'Marked done' : outcome === 'snoozed' ? 'Snoozed until tomorrow' : 'Dismissed',
      );
      setDismissing(false);
      onOutcome();
    } catch (e) {
      toast('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  /** Logs what was done (a call, an email…) on the contact's timeline, then marks the item done. */
  const logAndDone = async () => {
    setBusy(true);
    try {
      await api.post('/api/v1/activities', {
        type: logType === 'email' ? 'email_sent' : logType,
        occurredAt: new Date().toISOString(),
        ...(item.contactId ? { contactId: item.contactId } : {}),
        ...(item.dealId ? { dealId: item.dealId } : {}),
        subject: item.title,
        body: logNote.trim() || undefined,
      });
    } catch (e) {
      toast('error', errorMessage(e));
      setBusy(false);
      return;
    }
    setLogging(false);
    setLogNote('');
    await record('done');
  };
  const k = kinds[item.kind];
  const target = item.dealId ? `/deals?deal=${item.dealId}` : item.contactId ? `/contacts/${item.contactId}` : null;
  return (
    <li className="flex gap-4 px-5 py-3.5" data-testid="worklist-item">
      <span
        className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-50 text-slate-600 ring-1 ring-slate-200"
        title={item.action}
      >
        <Icon name={actions[item.action]} className="size-4" />
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={k.tone}>{k.label}</Badge>
          {target ? (
            <Link
              to={item.contactId ? `/contacts/${item.contactId}` : target}
              className="text-sm font-semibold text-slate-900 hover:text-brand-700"
            >
              {item.title}
            </Link>
          ) : (
            <span className="text-sm font-semibold text-slate-900">{item.title}</span>
          )}
          <Badge tone={urgencyTone[item.urgency]}>{item.urgency}</Badge>
          {item.assigneeName && (
            <span className="text-xs text-slate-500" data-testid="item-assignee">
              for {item.assigneeName}
            </span>
          )}
        </div>
        <p className="mt-1 text-sm text-slate-600">{item.why}</p>
        <p className="mt-1 text-xs text-slate-500">
          <span className="font-medium capitalize text-slate-700">{item.action}</span>
          {item.bestHourNote ? <> · {item.bestHourNote}</> : ' · no clear best hour in their history'}
        </p>
      </div>
      <div className="flex shrink-0 flex-col items-end gap-2">
        <span className="text-sm font-semibold text-slate-900 tabular-nums" title={item.valueBasis}>
          {money(item.expectedValue)}
        </span>
        <span className="max-w-48 text-right text-[11px] text-slate-400">{item.valueBasis}</span>
        {!readOnly && (
          <div className="flex gap-1">
            <Button size="sm" icon="check" onClick={() => void record('done')} disabled={busy} data-testid="item-done">
              Done
            </Button>
            {(item.contactId || item.dealId) && (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setLogging(true)}
                disabled={busy}
                data-testid="item-log"
                title="Write down what happened (a call, an email…) and mark it done"
              >
                Log
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost"
              onClick={() => void record('snoozed', { snoozeHours: 24 })}
              disabled={busy}
            >
              Snooze
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setDismissing(true)} disabled={busy}>
              Dismiss
            </Button>
          </div>
        )}
      </div>
      {logging && (
        <Dialog
          open
          onClose={() => setLogging(false)}
          title="Log what you did"
          description="It goes on the contact's timeline and the item is marked done."
          size="sm"
          footer={
            <>
              <Button variant="ghost" onClick={() => setLogging(false)}>
                Cancel
              </Button>
              <Button variant="primary" loading={busy} onClick={() => void logAndDone()} data-testid="item-log-save">
                Log and mark done
              </Button>
            </>
          }
        >
          <div className="space-y-3">
            <Field label="What was it" htmlFor="log-type">
              <Select id="log-type" value={logType} onChange={(e) => setLogType(e.target.value as typeof logType)}>
                <option value="call">A call</option>
                <option value="email">An email</option>
                <option value="meeting">A meeting</option>
                <option value="note">A note</option>
              </Select>
            </Field>
            <Field label="Notes (optional)" htmlFor="log-note">
              <Input
                id="log-note"
                value={logNote}
                onChange={(e) => setLogNote(e.target.value)}
                placeholder="Left a voicemail, will try again Friday"
                autoFocus
                maxLength={2000}
              />
            </Field>
          </div>
        </Dialog>
      )}
      {dismissing && (
        <Dialog
          open
          onClose={() => setDismissing(false)}
          title="Dismiss this item"
          description="The reason is kept, so the worklist can learn what is not worth doing."
          size="sm"
          footer={
            <>
              <Button variant="ghost" onClick={() => setDismissing(false)}>
                Cancel
              </Button>
              <Button
                variant="primary"
                disabled={!reason.trim()}
                loading={busy}
                onClick={() => void record('dismissed', { reason })}
              >
                Dismiss
              </Button>
            </>
          }
        >
          <Field label="Reason">
            <Input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder="Already in touch by phone"
              autoFocus
              maxLength={500}
            />
          </Field>
        </Dialog>
      )}
    </li>
  );
}
