import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { withServices, pickWorkspace, systemActor, progressBar } from '../../platform/cli-kit';
import { importTypes } from './mapping/fields';
import type { Preview } from './imports.service';

const mappingFile = z.union([
  z.record(z.string(), z.string()),
  z.array(z.object({ column: z.string(), target: z.string() })),
]);

/** `pipewise import FILE --type …`: the same upload → preview → run flow as the API, with a progress bar. */
export function registerImportCommands(program: Command) {
  const cmd = program
    .command('import')
    .description('import a CSV/TSV file of contacts, companies, deals or orders (upsert; revertible)')
    .argument('[file]', 'the CSV/TSV file (may be .gz)')
    .addOption(new Option('--type <type>', 'what the rows are').choices([...importTypes]))
    .option(
      '--preset <name>',
      'column preset (hubspot-contacts, salesforce-leads, shopify-orders, …; default: detected, else generic)',
    )
    .option('--mapping <file>', 'JSON mapping: {"Column": "field" | "custom:key" | "skip"} or [{column, target}]')
    .option('--delimiter <char>', 'force the delimiter (",", ";", "tab", "|")')
    .option('--date-order <order>', 'numeric dates: mdy (US) or dmy (European)')
    .option(
      '--stage <value=stage>',
      'deals: map a stage value of the file to a stage by name, or to "create" (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      '--create-stages',
      'deals: create the stages the file names that match no stage (after the last open stage)',
    )
    .option('--dry-run', 'count what would be created, updated, unchanged and rejected; write nothing')
    .option('--rejected <file>', 'write the rejected rows (with row, column and reason) to this CSV')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action(async (file: string | undefined, o) => {
      if (!file) return cmd.help();
      if (!o.type) throw new AppError('validation', 'Pass --type contacts|companies|deals|orders');
      await stat(file).catch(() => {
        throw new AppError('not_found', `No file ${file}`);
      });
      const mapping = o.mapping ? parseMapping(o.mapping, await readFile(o.mapping, 'utf8')) : undefined;
      await withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const delimiter = o.delimiter === 'tab' ? '\t' : o.delimiter;
        let { import: imp, preview } = await s.imports.upload(actor, {
          type: o.type,
          fileName: path.basename(file),
          body: createReadStream(file),
          preset: o.preset,
          delimiter,
        });
        if (mapping || o.dateOrder)
          ({ import: imp, preview } = await s.imports.update(actor, imp.id, { mapping, dateOrder: o.dateOrder }));
        if (preview.stages && (o.stage.length || o.createStages)) {
          ({ import: imp, preview } = await s.imports.update(actor, imp.id, {
            stageMap: stageMapFrom(preview.stages, o.stage, !!o.createStages),
          }));
        }
        console.error(`Import ${imp.id}: ${imp.type}, preset ${imp.preset}, ${imp.headers.length} columns`);
        for (const m of imp.mapping)
          console.error(`  ${m.column.padEnd(32)} → ${m.target.padEnd(28)} ${Math.round(m.confidence * 100)}%`);
        for (const v of preview.stages?.values ?? []) {
          const to = v.create
            ? `new stage "${v.stageName}"`
            : v.stageName
              ? `${v.stageName} (${v.reason})`
              : 'REJECTED: no such stage (use --stage or --create-stages)';
          console.error(`  stage ${JSON.stringify(v.value).padEnd(26)} ${String(v.rows).padStart(7)} rows → ${to}`);
        }
        if (preview.problems.length)
          console.error(
            `Problems in the first rows: ${preview.problems
              .slice(0, 5)
              .map((p) => `row ${p.row ?? '-'} ${p.column ?? ''}: ${p.reason}`)
              .join('; ')}${preview.problems.length > 5 ? ` (and ${preview.problems.length - 5} more)` : ''}`,
          );
        await s.imports.prepareRun(actor, imp.id, { dryRun: !!o.dryRun });
        const bar = progressBar(o.dryRun ? 'Dry run' : 'Import');
        const started = Date.now();
        const result = (await s.runner
          .runNow(
            'imports.run',
            {
              importId: imp.id,
              actor: { kind: actor.kind, id: actor.id, userId: actor.userId, role: actor.role, name: actor.name },
            },
            ws.id,
            bar.update,
          )
          .finally(() => bar.stop())) as { counts: Record<string, number>; summary: Record<string, number> };
        const c = result.counts;
        console.log(
          `${o.dryRun ? 'Dry run' : 'Imported'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${c.read} rows read = ${c.created} created + ${c.updated} updated + ${c.unchanged} unchanged + ${c.rejected} rejected`,
        );
        if (Object.keys(result.summary).length) console.log('Records:', result.summary);
        if (c.rejected && o.rejected) {
          const { createWriteStream } = await import('node:fs');
          const out = createWriteStream(o.rejected);
          for await (const line of s.imports.rejectionsCsv(actor, imp.id)) out.write(line);
          await new Promise<void>((r) => out.end(() => r()));
          console.log(`Rejected rows written to ${o.rejected}`);
        } else if (c.rejected)
          console.log(`See the rejected rows: pipewise import-rejected ${imp.id} --out rejected.csv`);
        if (!o.dryRun && (c.created ?? 0) + (c.updated ?? 0) > 0)
          console.log(`Undo with: pipewise import-revert ${imp.id}`);
        if (c.read && c.rejected === c.read) {
          console.error(
            `Every row was rejected (${c.rejected} of ${c.read}): nothing was imported. Reasons: pipewise import-rejected ${imp.id}`,
          );
          process.exitCode = 1;
        }
      });
    });

  program
    .command('import-revert')
    .description('revert an import: remove what it created, restore what it updated')
    .argument('<id>', 'import id')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((id: string, o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const r = await s.imports.revert(systemActor(ws.id), id);
        console.log(
          `Reverted: ${r.deleted} records removed, ${r.restored} restored, ${r.skipped.length} left alone (changed since)`,
        );
      }),
    );

  program
    .command('import-list')
    .description('list the imports of the workspace')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        for (const i of await s.imports.list(systemActor(ws.id))) {
          const c = i.counts;
          console.log(
            `${i.id}  ${i.createdAt.toISOString().slice(0, 16)}  ${i.status.padEnd(8)} ${i.type.padEnd(9)} ${i.fileName}  read ${c.read}: +${c.created} ~${c.updated} =${c.unchanged} ✗${c.rejected}`,
          );
        }
      }),
    );

  program
    .command('import-rejected')
    .description('write the rejected rows of an import as CSV')
    .argument('<id>', 'import id')
    .option('-o, --out <file>', 'output file (default: standard output)')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((id: string, o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const { createWriteStream } = await import('node:fs');
        const out = o.out ? createWriteStream(o.out) : process.stdout;
        for await (const line of s.imports.rejectionsCsv(systemActor(ws.id), id)) out.write(line);
        if (o.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
      }),
    );
}

function parseMapping(file: string, text: string): { column: string; target: string }[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('validation', `--mapping ${file}: not valid JSON`, { field: 'mapping' });
  }
  const parsed = mappingFile.safeParse(json);
  if (!parsed.success)
    throw new AppError('validation', `--mapping ${file}: expected {"Column": "field"} or [{"column", "target"}]`, {
      field: 'mapping',
    });
  return Array.isArray(parsed.data)
    ? parsed.data
    : Object.entries(parsed.data).map(([column, target]) => ({ column, target }));
}

/** `--stage "Engaging=Negotiation"` (a stage name of the first pipeline, or "create") and `--create-stages`. */
function stageMapFrom(
  stages: NonNullable<Preview['stages']>,
  pairs: string[],
  createMissing: boolean,
): Record<string, string> {
  const map: Record<string, string> = {};
  if (createMissing) for (const v of stages.values) if (!v.stageId && !v.create) map[v.value] = 'create';
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0)
      throw new AppError('validation', `--stage ${pair}: write it as "file value=stage name" (or "=create")`, {
        field: 'stage',
      });
    const value = pair.slice(0, at).trim();
    const target = pair.slice(at + 1).trim();
    if (target.toLowerCase() === 'create') {
      map[value] = 'create';
      continue;
    }
    const stage = stages.options.find((s) => s.name.toLowerCase() === target.toLowerCase());
    if (!stage)
      throw new AppError(
        'validation',
        `--stage ${pair}: no stage named "${target}" (stages: ${stages.options.map((s) => s.name).join(', ')})`,
        { field: 'stage' },
      );
    map[value] = stage.id;
  }
  return map;
}
