import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { usePipelines, type PipelineRecord } from '../deals/usePipelines';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { num } from '../../lib/format';
import { Card, CardHeader } from '../../components/Card';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { Field, Input, Select } from '../../components/Field';
import { EmptyState, ErrorState, InlineError } from '../../components/EmptyState';
import { PageSpinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';

type Pipeline = PipelineRecord;
type Stage = Pipeline['stages'][number];
type Kind = Stage['kind'];
type Draft = { id?: string; name: string; percent: string; kind: Kind; deals: number };

const kindWords: Record<Kind, string> = { open: 'Open', won: 'Won', lost: 'Lost' };
const deals = (n: number) => `${num(n)} ${n === 1 ? 'deal' : 'deals'}`;
const defaultStages = [
  { name: 'New lead', probability: 0.1, kind: 'open' as const },
  { name: 'Qualified', probability: 0.3, kind: 'open' as const },
  { name: 'Proposal', probability: 0.6, kind: 'open' as const },
  { name: 'Won', probability: 1, kind: 'won' as const },
  { name: 'Lost', probability: 0, kind: 'lost' as const },
];

const toDraft = (s: Stage): Draft => ({
  id: s.id,
  name: s.name,
  percent: String(Math.round(s.probability * 100)),
  kind: s.kind,
  deals: s.deals,
});

/** Settings → Pipelines: the stages deals go through, their order, win probability and kind; archive with deals moved. */
export function PipelinesSettings() {
  const pipelines = usePipelines();
  const [creating, setCreating] = useState(false);
  if (pipelines.error)
    return (
      <Card>
        <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} title="Could not load pipelines" />
      </Card>
    );
  if (!pipelines.data) return <PageSpinner />;
  const all = pipelines.data;
  return (
    <div className="space-y-6" data-testid="pipelines-settings">
      <div className="flex items-center justify-between gap-4">
        <p className="text-sm text-slate-600">
          A pipeline is the list of stages a deal goes through. The win chance of a stage weights the pipeline total and
          the forecast; moving a deal to a Won or Lost stage closes it.
        </p>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-pipeline">
          New pipeline
        </Button>
      </div>
      {all.length === 0 && (
        <Card>
          <EmptyState icon="deals" title="No pipeline yet" description="Create one to start tracking deals." />
        </Card>
      )}
      {all.map((p, i) => (
        <PipelineCard
          key={`${p.id}:${JSON.stringify(p.stages)}:${p.name}`}
          pipeline={p}
          all={all}
          first={i === 0}
          last={i === all.length - 1}
        />
      ))}
      <NewPipelineDialog open={creating} onClose={() => setCreating(false)} count={all.length} />
    </div>
  );
}

function PipelineCard({
  pipeline,
  all,
  first,
  last,
}: {
  pipeline: Pipeline;
  all: Pipeline[];
  first: boolean;
  last: boolean;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState<Draft[]>(() => pipeline.stages.map(toDraft));
  const [archiving, setArchiving] = useState<{ stage?: Stage } | null>(null);
  const { errors, error, busy, run } = useFormSubmit();
  const original = JSON.stringify({ name: pipeline.name, stages: pipeline.stages.map(toDraft) });
  const dirty = JSON.stringify({ name, stages }) !== original;
  const totalDeals = pipeline.stages.reduce((a, s) => a + s.deals, 0);

  const update = (i: number, patch: Partial<Draft>) =>
    setStages((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const moveStage = (i: number, by: -1 | 1) =>
    setStages((list) => {
      const next = [...list];
      const [s] = next.splice(i, 1);
      next.splice(i + by, 0, s!);
      return next;
    });
  const invalidate = () =>
    Promise.all([qc.invalidateQueries({ queryKey: ['pipelines'] }), qc.invalidateQueries({ queryKey: ['deals'] })]);
  const save = () =>
    run(async () => {
      await call(
        client.PATCH('/api/v1/pipelines/{id}', {
          params: { path: { id: pipeline.id } },
          body: {
            name: name.trim(),
            stages: stages.map((s) => ({
              ...(s.id ? { id: s.id } : {}),
              name: s.name.trim(),
              probability: Math.min(100, Math.max(0, Number(s.percent) || 0)) / 100,
              kind: s.kind,
            })),
          },
        }),
      );
      await invalidate();
      toast('success', `${name.trim()} was saved`);
    });
  // Pipelines are shown by position: moving one renumbers them all 0..n-1 in the new order.
  const reorder = useMutation({
    mutationFn: async (by: -1 | 1) => {
      const order = [...all];
      const i = order.indexOf(pipeline);
      order.splice(i, 1);
      order.splice(i + by, 0, pipeline);
      for (const [position, p] of order.entries())
        if (p.position !== position)
          await call(client.PATCH('/api/v1/pipelines/{id}', { params: { path: { id: p.id } }, body: { position } }));
    },
    onSuccess: invalidate,
  });
  const removeNew = (i: number) => setStages((list) => list.filter((_, j) => j !== i));

  return (
    <Card testId={`pipeline-${pipeline.name}`}>
      <CardHeader
        title={
          <span className="flex min-w-0 items-center gap-2">
            <span className="truncate" title={pipeline.name}>
              {pipeline.name}
            </span>
            <Badge>{deals(totalDeals)}</Badge>
          </span>
        }
        actions={
          <>
            <Button
              size="sm"
              variant="ghost"
              disabled={first || reorder.isPending}
              aria-label="Move pipeline up"
              title="Show this pipeline earlier"
              onClick={() => reorder.mutate(-1)}
            >
              ↑
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={last || reorder.isPending}
              aria-label="Move pipeline down"
              title="Show this pipeline later"
              onClick={() => reorder.mutate(1)}
            >
              ↓
            </Button>
            <Button size="sm" variant="danger" onClick={() => setArchiving({})} data-testid="archive-pipeline">
              Archive pipeline
            </Button>
          </>
        }
      />
      <div className="space-y-4 p-5">
        <InlineError error={error} />
        <Field label="Pipeline name" htmlFor={`pipeline-name-${pipeline.id}`} error={errors.name}>
          <Input
            id={`pipeline-name-${pipeline.id}`}
            data-testid="pipeline-name"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            invalid={!!errors.name}
          />
        </Field>
        <div>
          <div className="mb-1 grid grid-cols-[1fr_90px_120px_120px] gap-2 text-xs font-medium text-slate-500">
            <span>Stage</span>
            <span>Win chance</span>
            <span title="Won and lost stages close the deal">Kind</span>
            <span />
          </div>
          <ol className="space-y-2" data-testid="stage-list">
            {stages.map((s, i) => {
              const field = (f: string) => errors[`stages.${i}.${f}`];
              return (
                <li key={s.id ?? `new-${i}`} className="grid grid-cols-[1fr_90px_120px_120px] items-start gap-2">
                  <div className="min-w-0">
                    <Input
                      aria-label={`Stage ${i + 1} name`}
                      data-testid="stage-name"
                      value={s.name}
                      maxLength={100}
                      onChange={(e) => update(i, { name: e.target.value })}
                      invalid={!!field('name')}
                    />
                    <p className="mt-0.5 text-xs text-slate-500">
                      {s.id ? deals(s.deals) : 'New stage'}
                      {field('name') && <span className="text-red-600"> · {field('name')}</span>}
                    </p>
                  </div>
                  <div className="relative">
                    <Input
                      aria-label={`Stage ${i + 1} win chance in percent`}
                      data-testid="stage-probability"
                      type="number"
                      min={0}
                      max={100}
                      value={s.percent}
                      onChange={(e) => update(i, { percent: e.target.value })}
                      className="pr-7"
                    />
                    <span className="pointer-events-none absolute top-1.5 right-2.5 text-sm text-slate-400">%</span>
                  </div>
                  <Select
                    aria-label={`Stage ${i + 1} kind`}
                    data-testid="stage-kind"
                    value={s.kind}
                    onChange={(e) => update(i, { kind: e.target.value as Kind })}
                  >
                    {(Object.keys(kindWords) as Kind[]).map((k) => (
                      <option key={k} value={k}>
                        {kindWords[k]}
                      </option>
                    ))}
                  </Select>
                  <div className="flex items-center gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${s.name} up`}
                      disabled={i === 0}
                      onClick={() => moveStage(i, -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${s.name} down`}
                      disabled={i === stages.length - 1}
                      onClick={() => moveStage(i, 1)}
                      data-testid="stage-down"
                    >
                      ↓
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      icon="trash"
                      aria-label={`Archive ${s.name}`}
                      title={s.id ? 'Archive this stage' : 'Remove'}
                      data-testid="archive-stage"
                      onClick={() => {
                        const stage = pipeline.stages.find((x) => x.id === s.id);
                        if (stage) setArchiving({ stage });
                        else removeNew(i);
                      }}
                    />
                  </div>
                </li>
              );
            })}
          </ol>
          {errors.stages && <p className="mt-2 text-sm text-red-600">{errors.stages}</p>}
        </div>
        <div className="flex items-center justify-between gap-2 border-t border-slate-100 pt-4">
          <Button
            size="sm"
            icon="plus"
            data-testid="add-stage"
            onClick={() =>
              setStages((list) => {
                const at = list.findIndex((s) => s.kind !== 'open');
                const next = [...list];
                next.splice(at < 0 ? list.length : at, 0, { name: '', percent: '50', kind: 'open', deals: 0 });
                return next;
              })
            }
          >
            Add stage
          </Button>
          <div className="flex gap-2">
            {dirty && (
              <Button
                onClick={() => {
                  setName(pipeline.name);
                  setStages(pipeline.stages.map(toDraft));
                }}
              >
                Undo changes
              </Button>
            )}
            <Button
              variant="primary"
              disabled={!dirty || !name.trim() || stages.some((s) => !s.name.trim())}
              loading={busy}
              onClick={() => void save()}
              data-testid="save-pipeline"
            >
              Save pipeline
            </Button>
          </div>
        </div>
      </div>
      {archiving && (
        <ArchiveDialog
          pipeline={pipeline}
          stage={archiving.stage}
          all={all}
          onClose={() => setArchiving(null)}
          onDone={async (moved) => {
            setArchiving(null);
            await invalidate();
            const what = archiving.stage ? `Stage ${archiving.stage.name}` : `Pipeline ${pipeline.name}`;
            toast('success', `${what} was archived${moved ? `; ${num(moved)} deals moved` : ''}`);
          }}
        />
      )}
    </Card>
  );
}

function ArchiveDialog({
  pipeline,
  stage,
  all,
  onClose,
  onDone,
}: {
  pipeline: Pipeline;
  stage?: Stage;
  all: Pipeline[];
  onClose: () => void;
  onDone: (moved: number) => Promise<void>;
}) {
  const count = stage ? stage.deals : pipeline.stages.reduce((a, s) => a + s.deals, 0);
  // Deals go to a stage that stays: another stage of this pipeline (for a stage), or of another pipeline.
  const targets = all
    .filter((p) => (stage ? true : p.id !== pipeline.id))
    .map((p) => ({ p, stages: p.stages.filter((s) => s.id !== stage?.id) }))
    .filter((g) => g.stages.length);
  const [to, setTo] = useState(targets[0]?.stages[0]?.id ?? '');
  const { errors, error, busy, run } = useFormSubmit();
  const submit = () =>
    run(async () => {
      const body = count ? { moveDealsTo: to } : {};
      const r = stage
        ? await call(
            client.POST('/api/v1/pipelines/{id}/stages/{stageId}/archive', {
              params: { path: { id: pipeline.id, stageId: stage.id } },
              body,
            }),
          )
        : await call(client.POST('/api/v1/pipelines/{id}/archive', { params: { path: { id: pipeline.id } }, body }));
      await onDone(r.moved);
    });
  const name = stage ? stage.name : pipeline.name;
  return (
    <Dialog
      open
      onClose={onClose}
      size="sm"
      title={`Archive ${stage ? 'stage' : 'pipeline'} “${name}”?`}
      description="It disappears from the board and the pickers. Past stage history is kept."
      testId="archive-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            loading={busy}
            disabled={count > 0 && !to}
            onClick={() => void submit()}
            data-testid="archive-confirm"
          >
            Archive{count ? ` and move ${deals(count)}` : ''}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        {count > 0 ? (
          targets.length ? (
            <Field label={`Move its ${deals(count)} to`} htmlFor="archive-target" error={errors.moveDealsTo}>
              <Select
                id="archive-target"
                data-testid="archive-target"
                value={to}
                onChange={(e) => setTo(e.target.value)}
              >
                {targets.map((g) => (
                  <optgroup key={g.p.id} label={g.p.name}>
                    {g.stages.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} ({kindWords[s.kind]})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </Select>
            </Field>
          ) : (
            <p className="text-sm text-slate-600">Create another pipeline first: its deals need somewhere to go.</p>
          )
        ) : (
          <p className="text-sm text-slate-600">No deals are in it, so none need to move.</p>
        )}
      </div>
    </Dialog>
  );
}

function NewPipelineDialog({ open, onClose, count }: { open: boolean; onClose: () => void; count: number }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const { errors, error, busy, reset, run } = useFormSubmit();
  const close = () => {
    setName('');
    reset();
    onClose();
  };
  const submit = () =>
    run(async () => {
      const p = await call(
        client.POST('/api/v1/pipelines', { body: { name: name.trim(), position: count, stages: defaultStages } }),
      );
      await qc.invalidateQueries({ queryKey: ['pipelines'] });
      toast('success', `${p.name} was created with ${defaultStages.length} stages: rename or add stages below`);
      close();
    });
  return (
    <Dialog
      open={open}
      onClose={close}
      size="sm"
      title="New pipeline"
      description="It starts with five usual stages; change them after."
      testId="new-pipeline-dialog"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            loading={busy}
            disabled={!name.trim()}
            onClick={() => void submit()}
            data-testid="new-pipeline-submit"
          >
            Create pipeline
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <InlineError error={error} />
        <Field label="Name" htmlFor="new-pipeline-name" error={errors.name}>
          <Input
            id="new-pipeline-name"
            data-testid="new-pipeline-name"
            value={name}
            maxLength={200}
            autoFocus
            placeholder="e.g. Wholesale"
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
      </div>
    </Dialog>
  );
}
