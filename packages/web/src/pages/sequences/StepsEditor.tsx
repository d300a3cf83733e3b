import { useState } from 'react';
import { Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Field, Input, Select } from '../../components/Field';
import { cx } from '../../components/cx';
import { mergeFields, stepWords, type Step, type Variant } from './seqApi';

const textArea =
  'block w-full rounded-md border-0 px-3 py-2 font-mono text-[13px] text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none';
const FOOTER = '\n\n--\n{{ workspace.name }}, {{ postal_address }}\nUnsubscribe: {{ unsubscribe_url }}';

export const newStep = (kind: Step['kind']): Step => {
  switch (kind) {
    case 'email':
    case 'manual_email':
      return {
        kind,
        email: {
          kind: 'marketing',
          variants: [
            {
              key: 'A',
              subject: '',
              bodyText: `Hi {{ contact.first_name | default: "there" }},\n\n\n\nBest regards,\n{{ sender.name }}${FOOTER}`,
              weight: 1,
            },
          ],
        },
      };
    case 'wait':
      return { kind, wait: { amount: 2, unit: 'business_days' } };
    case 'task':
      return { kind, task: { taskKind: 'call', title: 'Call {{ contact.first_name }}', dueInDays: 0 } };
    case 'branch':
      return { kind, branch: { condition: { type: 'opened' }, elseGoTo: null } };
  }
};

/** A one-line summary of a step, in words. */
export function stepSummary(s: Step, all: Step[]): string {
  if (s.kind === 'wait' && s.wait)
    return `Wait ${s.wait.amount} ${s.wait.unit === 'business_days' ? 'working days' : 'days'}`;
  if (s.kind === 'task' && s.task)
    return `${s.task.taskKind === 'linkedin' ? 'LinkedIn' : s.task.taskKind === 'call' ? 'Call' : 'Task'}: ${s.task.title}`;
  if ((s.kind === 'email' || s.kind === 'manual_email') && s.email) {
    const v = s.email.variants;
    return `${v[0]?.subject || '(no subject yet)'}${v.length > 1 ? ` · ${v.length} versions (A/B test)` : ''}`;
  }
  if (s.kind === 'branch' && s.branch) {
    const c = s.branch.condition;
    const what =
      c.type === 'field'
        ? `${c.field ?? 'a field'} ${c.op ?? 'eq'} ${String(c.value ?? '')}`
        : c.type === 'score_tier'
          ? `the lead score tier is ${String(c.value ?? '…')}`
          : c.type === 'segment'
            ? 'they are in the segment'
            : `they ${c.type} an email`;
    const to = s.branch.elseGoTo;
    return `Go on only if ${what}; otherwise ${to === null ? 'stop' : `jump to step ${to + 1}`}${to !== null && to >= all.length ? ' (missing!)' : ''}`;
  }
  return stepWords[s.kind];
}

/** The list of steps with add / move / remove, and the selected step's editor. */
export function StepsEditor({
  steps,
  onChange,
  readOnly,
}: {
  steps: Step[];
  onChange: (steps: Step[]) => void;
  readOnly: boolean;
}) {
  const [open, setOpen] = useState<number | null>(steps.length ? 0 : null);
  const update = (i: number, s: Step) => onChange(steps.map((x, j) => (j === i ? s : x)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= steps.length) return;
    const next = [...steps];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
    setOpen(j);
  };
  const remove = (i: number) => {
    onChange(steps.filter((_, j) => j !== i));
    setOpen(null);
  };
  const add = (kind: Step['kind']) => {
    onChange([...steps, newStep(kind)]);
    setOpen(steps.length);
  };
  return (
    <div className="space-y-3" data-testid="steps-editor">
      {steps.length === 0 && (
        <Card className="p-6 text-center text-sm text-slate-500">
          No steps yet. A good start: an email, a wait of 3 working days, a follow-up email, then a call task.
        </Card>
      )}
      <ol className="space-y-3">
        {steps.map((s, i) => (
          <li key={s.id ?? `new-${i}`}>
            <Card testId="step">
              <div className="flex items-center gap-3 px-4 py-3">
                <span className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-200">
                  {i + 1}
                </span>
                <button
                  type="button"
                  className="min-w-0 flex-1 text-left"
                  onClick={() => setOpen(open === i ? null : i)}
                  data-testid="step-toggle"
                >
                  <div className="flex items-center gap-2">
                    <span className="text-sm font-semibold text-slate-900">{stepWords[s.kind]}</span>
                    {s.kind === 'manual_email' && <Badge tone="violet">you approve</Badge>}
                  </div>
                  <div className="truncate text-xs text-slate-500">{stepSummary(s, steps)}</div>
                </button>
                {!readOnly && (
                  <div className="flex shrink-0 gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => move(i, -1)}
                      disabled={i === 0}
                      aria-label="Move up"
                    >
                      ↑
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => move(i, 1)}
                      disabled={i === steps.length - 1}
                      aria-label="Move down"
                    >
                      ↓
                    </Button>
                    <Button size="sm" variant="ghost" icon="trash" onClick={() => remove(i)} aria-label="Remove step" />
                  </div>
                )}
              </div>
              {open === i && (
                <div className="border-t border-slate-100 px-4 py-4">
                  <StepForm
                    step={s}
                    index={i}
                    count={steps.length}
                    onChange={(x) => update(i, x)}
                    readOnly={readOnly}
                  />
                </div>
              )}
            </Card>
          </li>
        ))}
      </ol>
      {!readOnly && (
        <div className="flex flex-wrap gap-2" data-testid="add-step">
          <span className="self-center text-sm text-slate-500">Add:</span>
          <Button size="sm" icon="mail" onClick={() => add('email')} data-testid="add-email">
            Email
          </Button>
          <Button size="sm" icon="edit" onClick={() => add('manual_email')}>
            Email you approve
          </Button>
          <Button size="sm" icon="calendar" onClick={() => add('wait')} data-testid="add-wait">
            Wait
          </Button>
          <Button size="sm" icon="task" onClick={() => add('task')}>
            Task
          </Button>
          <Button size="sm" icon="filter" onClick={() => add('branch')}>
            Only if…
          </Button>
        </div>
      )}
    </div>
  );
}

function StepForm({
  step,
  index,
  count,
  onChange,
  readOnly,
}: {
  step: Step;
  index: number;
  count: number;
  onChange: (s: Step) => void;
  readOnly: boolean;
}) {
  if ((step.kind === 'email' || step.kind === 'manual_email') && step.email)
    return <EmailForm step={step} email={step.email} onChange={onChange} readOnly={readOnly} />;
  if (step.kind === 'wait' && step.wait) {
    const w = step.wait;
    return (
      <div className="grid max-w-md grid-cols-2 gap-3">
        <Field label="Wait for" htmlFor={`wait-${index}`}>
          <Input
            id={`wait-${index}`}
            type="number"
            min={0}
            max={365}
            value={w.amount}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, wait: { ...w, amount: Math.max(0, Number(e.target.value) || 0) } })}
          />
        </Field>
        <Field label="Counted in" htmlFor={`wait-unit-${index}`}>
          <Select
            id={`wait-unit-${index}`}
            value={w.unit}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, wait: { ...w, unit: e.target.value as typeof w.unit } })}
          >
            <option value="business_days">working days (Mon–Fri, not holidays)</option>
            <option value="days">days</option>
          </Select>
        </Field>
      </div>
    );
  }
  if (step.kind === 'task' && step.task) {
    const t = step.task;
    return (
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Kind" htmlFor={`task-kind-${index}`}>
          <Select
            id={`task-kind-${index}`}
            value={t.taskKind}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, task: { ...t, taskKind: e.target.value as typeof t.taskKind } })}
          >
            <option value="call">Call</option>
            <option value="linkedin">LinkedIn message</option>
            <option value="other">Other</option>
          </Select>
        </Field>
        <Field label="What to do" htmlFor={`task-title-${index}`}>
          <Input
            id={`task-title-${index}`}
            value={t.title}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, task: { ...t, title: e.target.value } })}
          />
        </Field>
        <Field label="Due after (days)" htmlFor={`task-due-${index}`}>
          <Input
            id={`task-due-${index}`}
            type="number"
            min={0}
            value={t.dueInDays}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, task: { ...t, dueInDays: Math.max(0, Number(e.target.value) || 0) } })}
          />
        </Field>
        <p className="text-xs text-slate-500 sm:col-span-3">
          The task goes on the contact owner&apos;s Today list; the sequence goes on when it is due.
        </p>
      </div>
    );
  }
  if (step.kind === 'branch' && step.branch) {
    const b = step.branch;
    const c = b.condition;
    const setCond = (patch: Partial<typeof c>) =>
      onChange({ ...step, branch: { ...b, condition: { ...c, ...patch } } });
    return (
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Go on only if" htmlFor={`branch-type-${index}`}>
          <Select
            id={`branch-type-${index}`}
            value={c.type}
            disabled={readOnly}
            onChange={(e) => setCond({ type: e.target.value as typeof c.type })}
          >
            <option value="opened">they opened an earlier email</option>
            <option value="clicked">they clicked a link in an earlier email</option>
            <option value="replied">they replied (with an auto-reply, for instance)</option>
            <option value="score_tier">their lead score tier is…</option>
            <option value="segment">they are in a segment…</option>
            <option value="field">a contact field…</option>
          </Select>
        </Field>
        <Field label="Otherwise" htmlFor={`branch-else-${index}`}>
          <Select
            id={`branch-else-${index}`}
            value={b.elseGoTo === null ? '' : String(b.elseGoTo)}
            disabled={readOnly}
            onChange={(e) =>
              onChange({ ...step, branch: { ...b, elseGoTo: e.target.value === '' ? null : Number(e.target.value) } })
            }
          >
            <option value="">stop the sequence for them</option>
            {Array.from({ length: count }, (_, j) => j)
              .filter((j) => j !== index)
              .map((j) => (
                <option key={j} value={j}>
                  jump to step {j + 1}
                </option>
              ))}
          </Select>
        </Field>
        {c.type === 'field' && (
          <Field label="Field" htmlFor={`branch-field-${index}`}>
            <Input
              id={`branch-field-${index}`}
              value={c.field ?? ''}
              disabled={readOnly}
              placeholder="country"
              onChange={(e) => setCond({ field: e.target.value })}
            />
          </Field>
        )}
        {c.type === 'field' && (
          <Field label="Test" htmlFor={`branch-op-${index}`}>
            <Select
              id={`branch-op-${index}`}
              value={c.op ?? 'eq'}
              disabled={readOnly}
              onChange={(e) => setCond({ op: e.target.value as NonNullable<typeof c.op> })}
            >
              <option value="eq">is</option>
              <option value="neq">is not</option>
              <option value="contains">contains</option>
              <option value="gt">is more than</option>
              <option value="lt">is less than</option>
              <option value="exists">has any value</option>
            </Select>
          </Field>
        )}
        {(c.type === 'field' || c.type === 'score_tier' || c.type === 'segment') && c.op !== 'exists' && (
          <Field
            label={c.type === 'score_tier' ? 'Tier' : c.type === 'segment' ? 'Segment id' : 'Value'}
            htmlFor={`branch-value-${index}`}
          >
            <Input
              id={`branch-value-${index}`}
              value={String(c.value ?? '')}
              disabled={readOnly}
              placeholder={c.type === 'score_tier' ? 'hot' : ''}
              onChange={(e) => setCond({ value: e.target.value })}
            />
          </Field>
        )}
      </div>
    );
  }
  return null;
}

function EmailForm({
  step,
  email,
  onChange,
  readOnly,
}: {
  step: Step;
  email: NonNullable<Step['email']>;
  onChange: (s: Step) => void;
  readOnly: boolean;
}) {
  const [active, setActive] = useState(0);
  const [help, setHelp] = useState(false);
  const v = email.variants[Math.min(active, email.variants.length - 1)]!;
  const setVariant = (patch: Partial<Variant>) =>
    onChange({
      ...step,
      email: { ...email, variants: email.variants.map((x, j) => (j === active ? { ...x, ...patch } : x)) },
    });
  const addVariant = () => {
    const key = String.fromCharCode(65 + email.variants.length);
    onChange({ ...step, email: { ...email, variants: [...email.variants, { ...v, key, weight: 1 }] } });
    setActive(email.variants.length);
  };
  const removeVariant = () => {
    const rest = email.variants
      .filter((_, j) => j !== active)
      .map((x, j) => ({ ...x, key: String.fromCharCode(65 + j) }));
    onChange({ ...step, email: { ...email, variants: rest } });
    setActive(0);
  };
  const total = email.variants.reduce((a, x) => a + (x.weight || 0), 0) || 1;
  return (
    <div className="space-y-3" data-testid="email-step-form">
      <div className="flex flex-wrap items-center gap-2">
        {email.variants.map((x, j) => (
          <button
            key={x.key}
            type="button"
            onClick={() => setActive(j)}
            className={cx(
              'rounded-md px-2.5 py-1 text-xs font-medium ring-1',
              j === active ? 'bg-brand-600 text-white ring-brand-600' : 'bg-white text-slate-700 ring-slate-300',
            )}
          >
            Version {x.key}
            {email.variants.length > 1 ? ` · ${Math.round(((x.weight || 0) / total) * 100)}%` : ''}
          </button>
        ))}
        {!readOnly && email.variants.length < 4 && (
          <Button size="sm" variant="ghost" icon="plus" onClick={addVariant} data-testid="add-variant">
            Test another version (A/B)
          </Button>
        )}
        {!readOnly && email.variants.length > 1 && (
          <Button size="sm" variant="ghost" onClick={removeVariant}>
            Remove version {v.key}
          </Button>
        )}
        <span className="flex-1" />
        {step.kind === 'email' && (
          <Select
            aria-label="Kind of email"
            value={email.kind}
            disabled={readOnly}
            className="w-auto"
            onChange={(e) => onChange({ ...step, email: { ...email, kind: e.target.value as typeof email.kind } })}
          >
            <option value="marketing">Marketing (needs unsubscribe link + address)</option>
            <option value="transactional">One-to-one business email</option>
          </Select>
        )}
      </div>
      <Field label="Subject" htmlFor={`subject-${step.id ?? 'new'}`}>
        <Input
          id={`subject-${step.id ?? 'new'}`}
          data-testid="email-subject"
          value={v.subject}
          disabled={readOnly}
          placeholder='A quick question, {{ contact.first_name | default: "there" }}'
          onChange={(e) => setVariant({ subject: e.target.value })}
        />
      </Field>
      <Field
        label="Message"
        htmlFor={`body-${step.id ?? 'new'}`}
        hint="Follow-up emails are sent as a reply in the same conversation (Re: the first subject)."
      >
        <textarea
          id={`body-${step.id ?? 'new'}`}
          data-testid="email-body"
          rows={9}
          className={textArea}
          value={v.bodyText}
          disabled={readOnly}
          onChange={(e) => setVariant({ bodyText: e.target.value })}
        />
      </Field>
      {email.variants.length > 1 && (
        <Field label={`Share of people who get version ${v.key}`} htmlFor={`weight-${v.key}`}>
          <Input
            id={`weight-${v.key}`}
            type="number"
            min={0}
            max={100}
            className="w-28"
            value={v.weight}
            disabled={readOnly}
            onChange={(e) => setVariant({ weight: Math.max(0, Number(e.target.value) || 0) })}
          />
        </Field>
      )}
      <div>
        <button
          type="button"
          className="text-xs font-medium text-brand-600 hover:underline"
          onClick={() => setHelp(!help)}
        >
          {help ? 'Hide' : 'Show'} the fields you can use
        </button>
        {help && (
          <div className="mt-2 rounded-md bg-slate-50 p-3 text-xs text-slate-600" data-testid="merge-help">
            <p className="mb-2">
              Put these in the subject or message; each person gets their own value. Add{' '}
              <code className="rounded bg-white px-1">| default: &quot;…&quot;</code> for when a value is missing: an
              email with a missing value is never sent, it waits for you to fix it.
            </p>
            <table className="w-full">
              <tbody>
                {mergeFields.map(([code, words]) => (
                  <tr key={code}>
                    <td className="py-0.5 pr-3 font-mono text-[11px] text-slate-800">{code}</td>
                    <td className="py-0.5">{words}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
