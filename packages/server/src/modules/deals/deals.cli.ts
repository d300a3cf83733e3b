import type { Command } from 'commander';
import { AppError } from '../../platform/errors';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import type { Services } from '../../app';
import type { Actor } from '../../platform/http';

type Pipeline = Awaited<ReturnType<Services['deals']['listPipelines']>>[number];

/** A pipeline or stage named by id or (case-insensitive) name. */
function pick<T extends { id: string; name: string }>(what: string, list: T[], ref: string): T {
  const found = list.find((x) => x.id === ref) ?? list.filter((x) => x.name.toLowerCase() === ref.toLowerCase())[0];
  if (!found)
    throw new AppError('not_found', `No ${what} "${ref}" (have: ${list.map((x) => x.name).join(', ') || 'none'})`);
  return found;
}
const stageOf = (all: Pipeline[], ref: string) =>
  pick(
    'stage',
    all.flatMap((p) => p.stages),
    ref,
  );

/** "Lead:0.1, Proposal:0.5, Won:1:won, Lost:0:lost" → stages. */
export function parseStages(text: string) {
  return text.split(',').map((part, i) => {
    const [name = '', prob = '', kind = 'open'] = part.split(':').map((x) => x.trim());
    const probability = Number(prob.endsWith('%') ? Number(prob.slice(0, -1)) / 100 : prob);
    if (!name || prob === '' || !Number.isFinite(probability) || !['open', 'won', 'lost'].includes(kind))
      throw new AppError(
        'validation',
        `--stages item ${i + 1} ("${part.trim()}") must look like Name:0.5 or Won:1:won`,
        {
          field: '--stages',
        },
      );
    return { name, probability, kind: kind as 'open' | 'won' | 'lost' };
  });
}

function print(p: Pipeline) {
  console.log(`${p.name}${p.archivedAt ? ' (archived)' : ''}  ${p.id}`);
  for (const s of p.stages)
    console.log(
      `  ${String(s.position + 1).padStart(2)}. ${s.name.padEnd(24)} ${s.kind.padEnd(4)} ${String(Math.round(s.probability * 100)).padStart(3)}%  ${s.deals} deals${s.archivedAt ? '  (archived)' : ''}`,
    );
}

async function run(o: { workspace?: string }, fn: (s: Services, actor: Actor, all: Pipeline[]) => Promise<void>) {
  return withServices(async (s) => {
    const ws = await pickWorkspace(s, o.workspace);
    const actor = systemActor(ws.id);
    await fn(s, actor, await s.deals.listPipelines(actor));
  });
}

/** `pipewise pipeline ...`: the same pipeline and stage settings as Settings → Pipelines. */
export function registerDealsCommands(program: Command) {
  const pipeline = program.command('pipeline').description('pipelines and their stages');
  pipeline
    .command('list')
    .description('pipelines with their stages, probabilities and deal counts')
    .option('--workspace <id>', 'workspace id or name')
    .option('--archived', 'include archived pipelines and stages')
    .option('--json', 'print JSON')
    .action((o) =>
      run(o, async (s, actor) => {
        const all = await s.deals.listPipelines(actor, o.archived ? 'include' : undefined);
        if (o.json) console.log(JSON.stringify(all, null, 2));
        else if (!all.length) console.log('No pipelines yet: create one with `pipewise pipeline create`.');
        else all.forEach(print);
      }),
    );
  pipeline
    .command('create')
    .description('create a pipeline')
    .requiredOption('--name <name>', 'pipeline name')
    .requiredOption('--stages <list>', 'stages in order, e.g. "Lead:0.1, Proposal:0.5, Won:1:won, Lost:0:lost"')
    .option('--workspace <id>', 'workspace id or name')
    .option('--json', 'print JSON')
    .action((o) =>
      run(o, async (s, actor) => {
        const p = await s.deals.createPipeline(actor, { name: o.name, stages: parseStages(o.stages) });
        if (o.json) console.log(JSON.stringify(p, null, 2));
        else print(p);
      }),
    );
  pipeline
    .command('rename')
    .description('rename a pipeline, or one of its stages with --stage')
    .requiredOption('--pipeline <ref>', 'pipeline id or name')
    .option('--stage <ref>', 'stage id or name')
    .requiredOption('--to <name>', 'new name')
    .option('--probability <p>', 'with --stage: new default probability, 0..1')
    .option('--workspace <id>', 'workspace id or name')
    .action((o) =>
      run(o, async (s, actor, all) => {
        const p = pick('pipeline', all, o.pipeline);
        if (!o.stage) return print(await s.deals.updatePipeline(actor, p.id, { name: o.to }));
        const st = pick('stage', p.stages, o.stage);
        const probability = o.probability === undefined ? undefined : Number(o.probability);
        if (probability !== undefined && !(probability >= 0 && probability <= 1))
          throw new AppError('validation', '--probability must be between 0 and 1', { field: '--probability' });
        const stages = p.stages.map(({ id, name, probability: pr, kind }) =>
          id === st.id ? { id, name: o.to, probability: probability ?? pr, kind } : { id, name, probability: pr, kind },
        );
        print(await s.deals.updatePipeline(actor, p.id, { stages }));
      }),
    );
  pipeline
    .command('archive')
    .description('archive a pipeline, or one stage with --stage; deals in it move to --move-to')
    .requiredOption('--pipeline <ref>', 'pipeline id or name')
    .option('--stage <ref>', 'stage id or name (default: the whole pipeline)')
    .option('--move-to <stage>', 'stage the deals move to (id, name, or "Pipeline/Stage")')
    .option('--workspace <id>', 'workspace id or name')
    .action((o) =>
      run(o, async (s, actor, all) => {
        const p = pick('pipeline', all, o.pipeline);
        let moveDealsTo: string | undefined;
        if (o.moveTo) {
          const [pName, ...rest] = String(o.moveTo).split('/');
          const scope = rest.length ? [pick('pipeline', all, pName!)] : all;
          moveDealsTo = stageOf(scope, rest.length ? rest.join('/') : o.moveTo).id;
        }
        if (o.stage) {
          const st = pick('stage', p.stages, o.stage);
          const r = await s.deals.archiveStage(actor, p.id, st.id, { moveDealsTo });
          console.log(`Archived stage ${st.name} of ${p.name}; ${r.moved} deals moved.`);
        } else {
          const r = await s.deals.archivePipeline(actor, p.id, { moveDealsTo });
          console.log(`Archived pipeline ${p.name}; ${r.moved} deals moved.`);
        }
      }),
    );
}
