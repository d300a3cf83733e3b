import { Option, type Command } from 'commander';
import { withServices, pickWorkspace, systemActor, progressBar } from '../../platform/cli-kit';

const fx = (x: number | null | undefined, d = 3) =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a';
const pct = (x: number | null | undefined) =>
  typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a';
const label = (t: string) => (t === 'deal_won' ? 'Deals (won)' : 'Leads (customer)');

/** `pipewise monitoring status|drift`: model health against outcomes, and input drift since training. */
export function registerMonitoringCommands(program: Command) {
  const monitoring = program
    .command('monitoring')
    .description('model health: scores against outcomes, drift, alerts, forecast accuracy');

  monitoring
    .command('status')
    .description(
      'AUC, Brier, calibration and conversion by tier of each model version as outcomes arrive, overrides, alerts',
    )
    .addOption(new Option('--period <period>', 'time axis').choices(['month', 'week']).default('month'))
    .option('--refresh', 'log scores, fill in outcomes and check drift first (the nightly job)')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        if (o.refresh) {
          const bar = progressBar('Checking');
          await s.runner.runNow('monitoring.refresh', {}, ws.id, bar.update).finally(() => bar.stop());
        }
        const st = await s.monitoring.status(systemActor(ws.id), { period: o.period });
        if (o.json) return console.log(JSON.stringify(st, null, 2));
        for (const t of st.targets) {
          console.log(
            `${label(t.target)}: ${t.active ? `version ${t.active.version} active (${t.active.family})` : 'no active model'}; ${t.logged} scores logged, ${t.resolved} with outcomes`,
          );
          if (t.window)
            console.log(
              `  last ${st.windowDays} days: AUC ${fx(t.window.auc)} (bar ${t.promotionBar})  Brier ${fx(t.window.brier, 4)}  calibration gap ${pct(t.window.calibrationError)}  tier A lift ${fx(t.window.topTierLift, 2)}x  (${t.window.n} outcomes)`,
            );
          for (const p of t.overTime)
            console.log(
              `  ${p.period} v${p.modelVersion}: n ${p.n}  AUC ${fx(p.auc)}  Brier ${fx(p.brier, 4)}  conversion ${t.overTime.length ? p.tiers.map((x) => `${x.tier} ${pct(x.conversion)}`).join(' ') : ''}`,
            );
          if (t.overrides.overrides)
            console.log(
              `  overrides with outcomes: ${t.overrides.overrides}; the rep was right ${t.overrides.overrideRight} times, the model ${t.overrides.modelRight}`,
            );
          for (const a of t.alerts) console.log(`  ALERT ${a.kind}: ${a.message}`);
          if (t.suggestion) console.log(`  Suggested: ${t.suggestion}`);
        }
        for (const f of st.forecasts.slice(0, 10))
          console.log(
            `Forecast ${f.metric} (${f.method}, through ${f.trainedThrough}): MASE ${fx(f.mase, 2)}, ${f.periods} periods, within 80% range ${pct(f.coverage80)}, within 95% ${pct(f.coverage95)}`,
          );
      }),
    );

  monitoring
    .command('drift')
    .description("drift of every input of the active model between training and now (Evidently's default tests, PSI)")
    .addOption(
      new Option('--target <target>', 'which model')
        .choices(['contact_conversion', 'deal_won'])
        .default('contact_conversion'),
    )
    .option('--refresh', 'check drift now first')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        if (o.refresh) {
          const bar = progressBar('Checking');
          await s.runner.runNow('monitoring.refresh', {}, ws.id, bar.update).finally(() => bar.stop());
        }
        const d = await s.monitoring.drift(systemActor(ws.id), o.target);
        if (o.json) return console.log(JSON.stringify(d, null, 2));
        if (!d.checkedAt)
          return console.log(`${label(d.target)}: not checked yet (run with --refresh, or wait for the nightly check)`);
        console.log(
          `${label(d.target)} version ${d.modelVersion}, checked ${d.checkedAt}: ${d.features.filter((f) => f.drifted).length} of ${d.features.length} inputs drifted`,
        );
        for (const f of d.features) {
          console.log(
            `  ${f.drifted ? '!' : ' '} ${f.feature.padEnd(30)} ${f.test.padEnd(19)} ${fx(f.statistic, 4).padStart(9)}${f.pValue === null ? '' : ` (p ${fx(f.pValue, 4)})`}  PSI ${fx(f.psi, 3)}  rows ${f.referenceRows} -> ${f.currentRows}`,
          );
        }
      }),
    );
}
