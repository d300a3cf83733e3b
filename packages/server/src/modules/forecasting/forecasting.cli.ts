import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { AppError } from '../../platform/errors';
import { grains, periodLabel, type Grain } from './periods';
import { metrics } from './forecasting-series.repo';
import { csvForecast } from './csv';

const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2));
const int = (name: string) => (v: string) => {
  if (!/^-?\d+$/.test(v.trim()))
    throw new AppError('validation', `--${name} must be a whole number (got "${v}")`, { field: name });
  return Number(v);
};

type Printable = {
  history: { period: string; value: number }[];
  forecast: { period: string; mean: number; lo80: number; hi80: number; lo95: number; hi95: number }[];
  method: string;
  reason: string;
  warnings: string[];
  notes: string[];
};

function printForecast(title: string, grain: Grain, r: Printable) {
  console.log(title);
  console.log(`Method: ${r.method}\nWhy: ${r.reason}`);
  for (const n of r.notes) console.log(`Note: ${n}`);
  for (const w of r.warnings) console.log(`Warning: ${w}`);
  console.log('\nLast periods:');
  for (const h of r.history.slice(-6))
    console.log(`  ${periodLabel(h.period, grain).padEnd(20)} ${fmt(h.value).padStart(12)}`);
  if (!r.forecast.length) return;
  console.log(
    `\n${'Forecast'.padEnd(22)} ${'expected'.padStart(12)}   ${'80% range'.padStart(25)}   ${'95% range'.padStart(25)}`,
  );
  for (const p of r.forecast)
    console.log(
      `  ${periodLabel(p.period, grain).padEnd(20)} ${fmt(p.mean).padStart(12)}   ${`${fmt(p.lo80)} – ${fmt(p.hi80)}`.padStart(25)}   ${`${fmt(p.lo95)} – ${fmt(p.hi95)}`.padStart(25)}`,
    );
}

/** `pipewise forecast`: a workspace series, or `--csv FILE` for a series file outside any workspace. */
export function registerForecastingCommands(program: Command) {
  program
    .command('forecast')
    .description('forecast revenue, orders or units with 80/95% ranges (workspace data, or --csv FILE)')
    .addOption(new Option('--metric <metric>', 'what to forecast').choices([...metrics]).default('revenue'))
    .addOption(
      new Option('--by <grain>', "period (default: month; with --csv the file's own spacing)").choices([...grains]),
    )
    .option('--horizon <n>', 'periods ahead', int('horizon'))
    .addOption(new Option('--source <source>', 'orders, or won deals').choices(['orders', 'deals']).default('orders'))
    .option('--product <id>', 'one product')
    .option('--category <name>', 'one product category')
    .option('--rep <email>', 'one rep: their won deals (--source deals) or the orders of customers they own')
    .option('--csv <file>', 'forecast your own series file instead of workspace data (nothing is stored)')
    .option('--date <column>', 'date column of the CSV')
    .option('--value <column>', 'value column of the CSV')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action(async (o) => {
      if (o.csv) {
        let text: string;
        try {
          text = readFileSync(o.csv, 'utf8');
        } catch (e) {
          throw new AppError('validation', `Cannot read ${o.csv}: ${(e as Error).message}`, { field: 'csv' });
        }
        const r = csvForecast(text, { date: o.date, value: o.value, by: o.by, horizon: o.horizon });
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else
          printForecast(
            `${o.csv}: "${r.valueColumn}" by ${r.grain} (dates from "${r.dateColumn}"), ${r.horizon} ${r.grain}(s) ahead`,
            r.grain,
            r,
          );
        return;
      }
      await withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const grain = (o.by ?? 'month') as Grain;
        const r = await s.forecasting.series(
          systemActor(ws.id),
          {
            source: o.source,
            metric: o.metric,
            grain,
            horizon: o.horizon ?? 6,
            product: o.product,
            category: o.category,
            rep: o.rep,
          },
          'pipewise CLI',
        );
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else
          printForecast(
            `${ws.name}: ${r.metric} from ${r.source} by ${grain}, ${r.scope.label}, ${r.horizon} ${grain}(s) ahead${r.runId ? ` (stored as ${r.runId})` : ''}`,
            grain,
            r,
          );
      });
    });
}
