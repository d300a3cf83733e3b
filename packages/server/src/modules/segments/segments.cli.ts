import type { Command } from 'commander';
import { withServices, pickWorkspace, progressBar } from '../../platform/cli-kit';
import { formatRfmReport, parseKRange, readOrderCsv, rfmFromRows } from './rfm-csv';
import type { RunSummary } from './segments.service';

/** `pipewise segments rfm --csv FILE` (no workspace needed) and `pipewise segments run` (the workspace job). */
export function registerSegmentsCommands(program: Command) {
  const segments = program.command('segments').description('RFM segments and customer clusters');
  segments
    .command('rfm')
    .description(
      'RFM segments, lifetime value, churn risk and the k-means sweep from any order-lines CSV (.csv or .csv.gz), outside any workspace',
    )
    .requiredOption('--csv <file>', 'order lines: one row per order line (or order)')
    .option('--customer <col>', 'customer column (default: detected)')
    .option('--date <col>', 'order date column (default: detected)')
    .option('--amount <col>', 'line or order amount column (or give --quantity and --price)')
    .option('--quantity <col>', 'quantity column (amount = quantity × price)')
    .option('--price <col>', 'unit price column')
    .option('--order <col>', 'order/invoice id column (default: detected)')
    .option('--as-of <date>', 'reference date (default: the day after the last order)')
    .option('--k <range>', 'k for k-means: 2..8 (range, best by silhouette) or one number', '2..8')
    .option('--json', 'print the full result as JSON (customers included)')
    .action(async (o) => {
      const rows = await readOrderCsv(o.csv);
      const result = rfmFromRows(rows, {
        customer: o.customer,
        date: o.date,
        amount: o.amount,
        quantity: o.quantity,
        price: o.price,
        order: o.order,
        asOf: o.asOf,
        kRange: parseKRange(o.k),
      });
      console.log(o.json ? JSON.stringify(result, null, 2) : formatRfmReport(result));
    });

  segments
    .command('run')
    .description(
      "compute this workspace's RFM segments and clusters now (the segments.compute job) and recompute rule segments",
    )
    .option('--k <range>', 'k range 2..8 or one number', '2..8')
    .option(
      '--features <list>',
      'extra cluster features, comma-separated: clv, returns, activities90d, avgOrderValue, country, source, lifecycleStage',
    )
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print the run summary as JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const [kMin, kMax] = parseKRange(o.k);
        const picked: string[] = o.features
          ? String(o.features)
              .split(',')
              .map((f: string) => f.trim())
              .filter(Boolean)
          : [];
        const categorical = picked.filter((f) => ['country', 'source', 'lifecycleStage'].includes(f));
        const numeric = picked.filter((f) => !categorical.includes(f));
        const bar = progressBar('Segments');
        await s.runner
          .runNow('segments.compute', { kMin, kMax, numeric, categorical }, ws.id, bar.update)
          .finally(() => bar.stop());
        const run = await s.segments.repo.latestRun(ws.id);
        const summary = run!.summary as RunSummary;
        if (o.json) return console.log(JSON.stringify(summary, null, 2));
        console.log(
          `${summary.customers} customers as of ${summary.asOf.slice(0, 10)}; ${summary.churnRisk} at churn risk`,
        );
        for (const seg of summary.segments)
          if (seg.customers)
            console.log(
              `  ${seg.name.padEnd(22)} ${String(seg.customers).padStart(6)}  revenue ${Math.round(seg.revenue).toLocaleString('en')}`,
            );
        console.log(
          `k sweep: ${summary.clusters.sweep.map((p) => `k=${p.k} ${p.silhouette.toFixed(3)}`).join(', ')}; chosen k=${summary.clusters.bestK ?? '—'}`,
        );
        for (const p of summary.clusters.profiles) console.log(`  cluster ${p.cluster} "${p.name}": ${p.description}`);
        for (const w of summary.warnings) console.warn(`warning: ${w}`);
      }),
    );
}
