import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../../lib/client';
import { isAdmin, useMe } from '../../lib/auth';
import { date, money } from '../../lib/format';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field, Input } from '../../components/Field';
import { ErrorState } from '../../components/EmptyState';
import { Skeleton } from '../../components/Spinner';
import { showValue } from './KpisPage';

type Roi = ApiResponse<'/api/v1/kpis/roi', 'get'>;

function Line({ label, value, formula, testId }: { label: string; value: string; formula: string; testId?: string }) {
  return (
    <div className="grid gap-1 border-t border-slate-100 px-5 py-3 sm:grid-cols-3" data-testid={testId}>
      <div className="text-sm text-slate-700">{label}</div>
      <div className="text-sm font-semibold text-slate-900">{value}</div>
      <div className="font-mono text-xs text-slate-500">{formula}</div>
    </div>
  );
}

/** The ROI report: every figure with its formula, the owner's own entries, honest caveats. */
export function RoiSection() {
  const me = useMe();
  const admin = isAdmin(me.user.role);
  const [editing, setEditing] = useState(false);
  const roi = useQuery({
    queryKey: ['kpis', 'roi'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/kpis/roi', { signal })),
  });
  const r = roi.data;
  return (
    <Card className="mt-6" testId="roi-report">
      <CardHeader
        title="Return on investment"
        description={
          r
            ? `Since ${date(r.adoptedOn)} (${r.adoptedOnSource === 'owner' ? 'the date you set' : 'when this workspace was created'}), ${r.months} months`
            : ' '
        }
        actions={
          admin && (
            <Button size="sm" onClick={() => setEditing(true)} data-testid="roi-edit">
              Your figures
            </Button>
          )
        }
      />
      {roi.error ? (
        <ErrorState error={roi.error} onRetry={() => void roi.refetch()} title="Could not load the ROI report" />
      ) : !r ? (
        <Skeleton className="m-5 h-40" />
      ) : (
        <>
          <Line
            label="Conversion in the top score tier vs all leads"
            value={r.topTier.available ? `${r.topTier.lift === null ? '—' : `${r.topTier.lift}×`}` : 'not yet'}
            formula={r.topTier.available ? r.topTier.formula : r.topTier.message}
          />
          <Line
            label="Sequences vs their holdout"
            value={r.sequences.available ? `${r.sequences.extraConversions ?? '—'} extra` : 'no sequences yet'}
            formula={r.sequences.available ? r.sequences.formula : r.sequences.message}
            testId="roi-sequences"
          />
          <Line
            label="Chatbot"
            value={r.chatbot.available ? `${r.chatbot.answeredWithoutPerson} answered` : 'not set up yet'}
            formula={r.chatbot.available ? r.chatbot.formula : r.chatbot.message}
            testId="roi-chatbot"
          />
          {r.hoursSaved.actions.map((a) => (
            <Line
              key={a.kind}
              label={`Time saved: ${a.label}`}
              value={`${a.hours} h`}
              formula={`${a.formula} = ${a.hours} h`}
            />
          ))}
          <Line label="Value of time saved" value={money(r.hoursSaved.value)} formula={r.hoursSaved.formula} />
          <Line label="Costs you entered" value={money(r.costs.total)} formula={r.costs.formula} />
          <Line label="Net" value={money(r.net.value)} formula={r.net.formula} testId="roi-net" />
          {r.beforeAfter && (
            <div className="border-t border-slate-100 px-5 py-3">
              <div className="mb-2 text-sm font-medium text-slate-900">
                Before and after adoption ({r.beforeAfter.days} days on each side)
              </div>
              <table className="w-full text-sm" data-testid="roi-before-after">
                <thead>
                  <tr className="text-left text-xs text-slate-500">
                    <th className="py-1 font-medium">Metric</th>
                    <th className="py-1 text-right font-medium">Before</th>
                    <th className="py-1 text-right font-medium">After</th>
                  </tr>
                </thead>
                <tbody>
                  {r.beforeAfter.metrics.map((m) => (
                    <tr key={m.metric} className="border-t border-slate-100">
                      <td className="py-1.5 text-slate-700">{m.label}</td>
                      <td className="py-1.5 text-right">
                        {showValue(m.unit, m.before)} <span className="text-xs text-slate-400">n {m.beforeN}</span>
                      </td>
                      <td className="py-1.5 text-right">
                        {showValue(m.unit, m.after)} <span className="text-xs text-slate-400">n {m.afterN}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ul className="list-disc space-y-0.5 border-t border-slate-100 py-3 pr-5 pl-9 text-xs text-slate-600">
            {r.caveats.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {editing && r && <RoiSettingsDialog s={r.settings} onClose={() => setEditing(false)} />}
    </Card>
  );
}

function RoiSettingsDialog({ s, onClose }: { s: Roi['settings']; onClose: () => void }) {
  const qc = useQueryClient();
  const form = useFormSubmit();
  const [adoptedOn, setAdoptedOn] = useState(s.adoptedOn ?? '');
  const [minutes, setMinutes] = useState(s.minutes);
  const [hourlyRate, setHourlyRate] = useState(String(s.hourlyRate));
  const [costs, setCosts] = useState(s.costs.map((c) => ({ label: c.label, monthly: String(c.monthly) })));
  const save = useMutation({
    mutationFn: () =>
      call(
        client.PUT('/api/v1/kpis/roi-settings', {
          body: {
            adoptedOn: adoptedOn || null,
            minutes,
            hourlyRate: Number(hourlyRate),
            costs: costs.filter((c) => c.label.trim()).map((c) => ({ label: c.label, monthly: Number(c.monthly) })),
          },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['kpis', 'roi'] }),
  });
  const minuteFields: [keyof typeof minutes, string][] = [
    ['scoredLead', 'Minutes saved per lead scored'],
    ['sequenceStep', 'per sequence email or task'],
    ['chatbotAnswer', 'per chat answered without a person'],
    ['leadCaptured', 'per lead the chatbot captured'],
  ];
  return (
    <Dialog
      open
      onClose={onClose}
      title="Your figures for the ROI"
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            loading={form.busy}
            onClick={() =>
              void form.run(async () => {
                await save.mutateAsync();
                onClose();
              })
            }
          >
            Save
          </Button>
        </>
      }
    >
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Adopted Pipewise on"
          htmlFor="roi-adopted"
          error={form.errors.adoptedOn}
          hint={`Empty: when the workspace was created (${date(s.workspaceCreatedOn)})`}
        >
          <Input id="roi-adopted" type="date" value={adoptedOn} onChange={(e) => setAdoptedOn(e.target.value)} />
        </Field>
        <Field label="Value of an hour of staff time" htmlFor="roi-rate" error={form.errors.hourlyRate}>
          <Input
            id="roi-rate"
            type="number"
            min={0}
            value={hourlyRate}
            onChange={(e) => setHourlyRate(e.target.value)}
          />
        </Field>
        {minuteFields.map(([k, label]) => (
          <Field key={k} label={label} htmlFor={`roi-${k}`} error={form.errors[`minutes.${k}`]}>
            <Input
              id={`roi-${k}`}
              type="number"
              min={0}
              value={minutes[k]}
              onChange={(e) => setMinutes({ ...minutes, [k]: Number(e.target.value) })}
            />
          </Field>
        ))}
      </div>
      <div className="mt-4 text-xs font-medium text-slate-700">Monthly costs (hosting, AI service, time spent)</div>
      {costs.map((c, i) => (
        <div key={i} className="mt-2 grid grid-cols-3 gap-2">
          <Input
            className="col-span-2"
            placeholder="What"
            value={c.label}
            onChange={(e) => setCosts(costs.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))}
          />
          <Input
            type="number"
            min={0}
            placeholder="A month"
            value={c.monthly}
            onChange={(e) => setCosts(costs.map((x, j) => (j === i ? { ...x, monthly: e.target.value } : x)))}
          />
        </div>
      ))}
      <Button
        size="sm"
        variant="ghost"
        className="mt-2"
        onClick={() => setCosts([...costs, { label: '', monthly: '' }])}
      >
        Add a cost
      </Button>
      {form.error ? <p className="mt-2 text-sm text-red-600">{(form.error as Error).message}</p> : null}
    </Dialog>
  );
}
