import type { Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';

/** `pipewise recommend CONTACT_ID`: the contact page's Recommendations card in the terminal. */
export function registerRecommendationsCommands(program: Command) {
  program
    .command('recommend')
    .description('top products a contact has not bought yet, with reasons')
    .argument('<contactId>', 'contact id')
    .option('-n <n>', 'how many', (v) => parseInt(v, 10), 5)
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((contactId: string, o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const r = await s.recommendations.forContact(systemActor(ws.id), contactId, o.n);
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        if (r.message) console.log(r.message);
        r.items.forEach((i, k) =>
          console.log(`${k + 1}. ${i.name}${i.price !== null ? ` (${i.price})` : ''} — ${i.reason}`),
        );
      }),
    );
}
