import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { errorMessage } from '../../lib/api';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { Field, Select } from '../../components/Field';
import { RecordPicker } from '../../components/RecordPicker';
import { useToast } from '../../components/Toast';
import { useSequences } from './seqApi';

type Result = { enrolled: number; skipped: { contactId: string; reason: string }[] };

/**
 * Puts people into a sequence: one contact (from the contact page), a list of contacts, or every member of a rule
 * segment. Whichever is fixed by the caller is shown; the rest is chosen here.
 */
export function EnrolDialog({
  open,
  onClose,
  sequenceId,
  contactIds,
  contactLabel,
  segmentId,
  segmentLabel,
}: {
  open: boolean;
  onClose: () => void;
  sequenceId?: string;
  contactIds?: string[];
  contactLabel?: string;
  segmentId?: string;
  segmentLabel?: string;
}) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const sequences = useSequences();
  const [chosenSequence, setSequence] = useState('');
  const [who, setWho] = useState<'contact' | 'segment'>(segmentId ? 'segment' : 'contact');
  const [pickedContact, setPickedContact] = useState<{ id: string | null; label: string | null }>({
    id: null,
    label: null,
  });
  const [pickedSegment, setPickedSegment] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const fixedPeople = Boolean(contactIds?.length || segmentId);
  const rules = useQuery({
    queryKey: ['segments', 'rules'],
    enabled: open && !fixedPeople,
    queryFn: ({ signal }) => call(client.GET('/api/v1/segments/rules', { signal })),
  });
  const seqId = sequenceId ?? chosenSequence;
  const body = contactIds?.length
    ? { contactIds }
    : segmentId
      ? { segmentId }
      : who === 'segment'
        ? pickedSegment
          ? { segmentId: pickedSegment }
          : null
        : pickedContact.id
          ? { contactIds: [pickedContact.id] }
          : null;
  const enrol = useMutation({
    mutationFn: () =>
      call(client.POST('/api/v1/sequences/{id}/enrolments', { params: { path: { id: seqId } }, body: body! })),
    onSuccess: (r) => {
      setResult(r as Result);
      void queryClient.invalidateQueries({ queryKey: ['sequences'] });
      toast('success', `${(r as Result).enrolled} enrolled`);
    },
    onError: (e) => toast('error', errorMessage(e)),
  });
  const close = () => {
    setResult(null);
    onClose();
  };
  const usable = (sequences.data?.items ?? []).filter((s) => s.status !== 'archived');
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add to a sequence"
      description="They get the sequence's emails and tasks until they reply, book, buy or say no."
      footer={
        result ? (
          <Button variant="primary" onClick={close}>
            Close
          </Button>
        ) : (
          <>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={!seqId || !body}
              loading={enrol.isPending}
              onClick={() => enrol.mutate()}
              data-testid="enrol-confirm"
            >
              Add
            </Button>
          </>
        )
      }
    >
      {result ? (
        <div className="space-y-3 text-sm" data-testid="enrol-result">
          <p className="text-slate-800">
            <span className="font-semibold">{result.enrolled}</span> added to the sequence.
          </p>
          {result.skipped.length > 0 && (
            <div>
              <p className="font-medium text-slate-700">{result.skipped.length} not added:</p>
              <ul className="mt-1 max-h-48 space-y-1 overflow-y-auto text-slate-600">
                {result.skipped.slice(0, 50).map((s) => (
                  <li key={s.contactId}>· {s.reason}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      ) : (
        <div className="space-y-4">
          {!sequenceId && (
            <Field label="Sequence" htmlFor="enrol-sequence">
              <Select
                id="enrol-sequence"
                value={chosenSequence}
                onChange={(e) => setSequence(e.target.value)}
                data-testid="enrol-sequence"
              >
                <option value="">Choose a sequence…</option>
                {usable.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                    {s.status !== 'active' ? ` (${s.status})` : ''}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {fixedPeople ? (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
              {contactIds?.length
                ? (contactLabel ?? `${contactIds.length} contacts`)
                : `Everyone in the segment ${segmentLabel ?? ''}`}
            </p>
          ) : (
            <>
              <Field label="Who" htmlFor="enrol-who">
                <Select id="enrol-who" value={who} onChange={(e) => setWho(e.target.value as typeof who)}>
                  <option value="contact">One contact</option>
                  <option value="segment">Everyone in a rule segment</option>
                </Select>
              </Field>
              {who === 'contact' ? (
                <Field label="Contact" htmlFor="enrol-contact">
                  <RecordPicker
                    id="enrol-contact"
                    resource="contacts"
                    value={pickedContact.id}
                    valueLabel={pickedContact.label}
                    onChange={(id, label) => setPickedContact({ id, label })}
                    toOption={(c: { id: string; firstName?: string; lastName?: string; email?: string }) => ({
                      id: c.id,
                      label: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || 'Contact',
                      sub: c.email,
                    })}
                    placeholder="Search contacts…"
                    testId="enrol-contact"
                  />
                </Field>
              ) : (
                <Field label="Segment" htmlFor="enrol-segment">
                  <Select id="enrol-segment" value={pickedSegment} onChange={(e) => setPickedSegment(e.target.value)}>
                    <option value="">Choose a segment…</option>
                    {(rules.data?.data ?? []).map((r) => (
                      <option key={String(r.id)} value={String(r.id)}>
                        {String(r.name)}
                      </option>
                    ))}
                  </Select>
                </Field>
              )}
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
