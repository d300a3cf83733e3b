import { Option, type Command } from 'commander';
import { withServices, pickWorkspace, systemActor, progressBar } from '../../platform/cli-kit';
import { entityTypes, type EntityType } from './data-quality.repo';

const name = (r: Record<string, unknown> | null) =>
  !r
    ? '(gone)'
    : r.name
      ? String(r.name)
      : [r.first_name, r.last_name].filter(Boolean).join(' ') || String(r.email ?? r.id);
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** `pipewise duplicates` and `pipewise quality`. */
export function registerDataQualityCommands(program: Command) {
  program
    .command('duplicates')
    .description('scan for duplicate records and list the likely pairs with their reasons')
    .addOption(new Option('--type <type>', 'record type').choices([...entityTypes]).default('contacts'))
    .option('--min-score <n>', 'lowest score listed (0.7 likely, 0.5 possible)', (v) => Number(v), 0.7)
    .option('--limit <n>', 'pairs listed', (v) => parseInt(v, 10), 50)
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const type = o.type as EntityType;
        const bar = o.json ? null : progressBar(`Scanning ${type}`);
        const started = Date.now();
        const scan = await s.runner
          .runNow('data-quality.scan', { types: [type] }, ws.id, bar?.update)
          .finally(() => bar?.stop());
        const page = await s.dataQuality.candidates(systemActor(ws.id), {
          type,
          minScore: o.minScore,
          limit: Math.min(200, Math.max(1, o.limit)),
        });
        if (o.json) {
          console.log(
            JSON.stringify(
              {
                scan: (scan as { scans: unknown[] }).scans[0],
                total: page.total,
                pairs: page.data.map((p) => ({
                  score: p.score,
                  reasons: p.reasons,
                  a: p.a?.id,
                  b: p.b?.id,
                  aName: name(p.a),
                  bName: name(p.b),
                })),
              },
              null,
              2,
            ),
          );
          return;
        }
        console.log(
          `Scanned in ${((Date.now() - started) / 1000).toFixed(1)} s: ${page.total} open pair(s) scoring ≥ ${o.minScore}${page.total > page.data.length ? ` (showing ${page.data.length})` : ''}`,
        );
        for (const p of page.data) {
          console.log(`${p.score.toFixed(2)}  ${name(p.a)} (${p.a?.id})  ⇄  ${name(p.b)} (${p.b?.id})`);
          console.log(`      ${p.reasons.map((r) => `${r.code}: ${r.detail}`).join('; ')}`);
        }
        if (page.total) console.log('Merge in the web app (Data quality) or with POST /api/v1/data-quality/merges.');
      }),
    );

  program
    .command('quality')
    .description("the workspace's data-quality report: score, checks and the three fixes that would raise it most")
    .option('--stale-months <n>', 'months without activity that make a contact stale', (v) => parseInt(v, 10), 6)
    .option('--import <id>', 'only the contacts and companies this import created or updated')
    .option('--json', 'print JSON')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const report = await s.dataQuality.report(systemActor(ws.id), {
          staleMonths: o.staleMonths,
          importId: o.import,
        });
        if (o.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        console.log(
          `Data quality of ${o.import ? `import ${o.import} (${report.scope.importType} import)` : `"${ws.name}"`}: ${report.score === null ? 'no score (nothing to measure)' : `${report.score}/100`}  (${report.records.contacts} contacts, ${report.records.companies} companies)`,
        );
        for (const p of report.components)
          console.log(
            `  ${p.component.padEnd(13)} ${p.ok === null ? '   n/a' : pct(p.ok).padStart(6)}  ${p.points.toFixed(1).padStart(5)} of ${p.weight} points`,
          );
        console.log('\nChecks:');
        for (const c of report.checks)
          console.log(`  ${pct(c.ok).padStart(5)} ok  ${c.label}: ${c.affected} of ${c.total}`);
        console.log('\nTop fixes:');
        report.fixes.forEach((f, i) => console.log(`  ${i + 1}. +${f.points} points  ${f.title}\n     ${f.link}`));
        if (!report.fixes.length) console.log('  Nothing to fix.');
      }),
    );
}
