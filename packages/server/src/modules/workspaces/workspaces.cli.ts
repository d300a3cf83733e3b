import type { Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';

/** `pipewise workspace delete`: removes a workspace with all its data, confirmed by its name. */
export function registerWorkspaceCommands(program: Command) {
  const workspace = program.command('workspace').description('workspaces');
  workspace
    .command('delete')
    .description('delete a workspace and ALL its data (records, users, audit log) for good')
    .requiredOption('--workspace <id>', 'workspace id or name')
    .requiredOption('--confirm <name>', "the workspace's exact name")
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const removed = await s.workspaces.remove(systemActor(ws.id), o.confirm);
        if (o.json) console.log(JSON.stringify({ deleted: removed }));
        else console.log(`Deleted workspace ${removed.name} (${removed.id}) and all its data.`);
      }),
    );
}
