import type { Command } from 'commander';
import { withServices, pickWorkspace } from '../../platform/cli-kit';

/** `pipewise audit verify`: checks the audit log's hash chain of one workspace (or all), exit code 1 when broken. */
export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description("check the audit log's hash chain: ok with the count, or the first entry that was changed or removed")
    .option('--workspace <id>', 'workspace id or name (default: every workspace)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ids = o.workspace
          ? [(await pickWorkspace(s, o.workspace)).id]
          : (await s.workspaces.list()).map((w) => w.id);
        const reports = [];
        for (const id of ids) reports.push(await s.audit.verify(id));
        if (o.json) console.log(JSON.stringify(ids.length === 1 && o.workspace ? reports[0] : reports, null, 2));
        else {
          for (const r of reports) {
            const older =
              (r.unchained ? `, ${r.unchained} older entries from before the chain` : '') +
              (r.redacted ? `, ${r.redacted} redacted by an erasure` : '');
            if (r.ok) console.log(`${r.workspaceId}: ok, ${r.verified} entries verified${older}`);
            else
              console.log(
                `${r.workspaceId}: BROKEN at entry ${r.brokenAt.id}: ${r.brokenAt.reason} (${r.verified} entries verified before it)`,
              );
          }
        }
        if (reports.some((r) => !r.ok)) process.exitCode = 1;
      }),
    );
}
