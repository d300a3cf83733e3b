import { Option, type Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { kpiMetrics } from './kpis.schema';

const show = (unit: string, v: number | null | undefined) => {
  if (v === null || v === undefined) return 'n/a';
  if (unit === 'rate') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'days') return `${v.toFixed(1)} days`;
  if (unit === 'money_per_day') return `${v.toFixed(2)}/day`;
  return v.toFixed(2);
};

/** `pipewise kpis [--json]`, `pipewise kpis set-target`, `pipewise kpis roi`: objectives, key metrics and the ROI. */
export function registerKpiCommands(program: Command) {
  const kpis = program
    .command('kpis')
    .description('key metrics against their targets (by month, rep, source, segment); set-target; roi')
    .option('--months <n>', 'months shown', '12')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const r = await s.kpis.overview(systemActor(ws.id), { months: Number(o.months) });
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        for (const m of r.metrics) {
          const t = m.target ? ` target ${show(m.unit, m.target.target)} a ${m.target.period}` : ' (no target)';
          const last = m.lastComplete;
          const verdict = last?.meetsTarget === true ? ' ✓ met' : last?.meetsTarget === false ? ' ✗ missed' : '';
          console.log(
            `${m.label.padEnd(24)} ${last ? `${last.period}: ${show(m.unit, last.value)} (n ${last.n})${verdict}` : 'n/a'};${t}; so far ${m.current?.period ?? ''}: ${show(m.unit, m.current?.value)}`,
          );
          console.log(`  = ${m.formula}`);
        }
        for (const c of r.caveats) console.log(`Note: ${c}`);
      }),
    );

  kpis
    .command('set-target')
    .description('set (or with --remove, remove) the target of one metric')
    .addOption(new Option('--metric <metric>', 'which metric').choices([...kpiMetrics]).makeOptionMandatory())
    .option('--target <value>', 'the target (rates as a share: 0.25 for 25%)')
    .addOption(new Option('--period <period>', 'per month or quarter').choices(['month', 'quarter']).default('month'))
    .option('--note <text>', 'why this target')
    .option('--remove', 'remove the target')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        if (o.remove) {
          await s.kpis.removeTarget(actor, o.metric);
          return console.log(`Removed the target of ${o.metric}`);
        }
        if (o.target === undefined) throw new Error('--target is required (or --remove)');
        const t = await s.kpis.setTarget(actor, o.metric, {
          period: o.period,
          target: Number(o.target),
          ...(o.note ? { note: o.note } : {}),
        });
        console.log(`Target of ${t.metric}: ${t.target} a ${t.period}`);
      }),
    );

  kpis
    .command('roi')
    .description('the ROI report from your own figures, each formula beside its number')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const r = await s.kpis.roi(systemActor(ws.id));
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        console.log(`Since ${r.adoptedOn} (${r.months} months)`);
        console.log(`Top score tier: ${r.topTier.available ? r.topTier.formula : r.topTier.message}`);
        console.log(`Sequences: ${r.sequences.available ? r.sequences.formula : r.sequences.message}`);
        console.log(`Chatbot: ${r.chatbot.available ? r.chatbot.formula : r.chatbot.message}`);
        for (const a of r.hoursSaved.actions) console.log(`  ${a.label}: ${a.formula} = ${a.hours} h`);
        console.log(`Time saved: ${r.hoursSaved.formula}`);
        console.log(`Costs: ${r.costs.formula}`);
        console.log(`Net: ${r.net.formula}`);
        for (const c of r.caveats) console.log(`Note: ${c}`);
      }),
    );
}
