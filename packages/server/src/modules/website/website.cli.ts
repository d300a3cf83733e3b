import type { Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';

/** `pipewise website show|allow|disallow`: the snippet and the allowed origins from the terminal. */
export function registerWebsiteCommands(program: Command) {
  const website = program.command('website').description('the website widget: snippet, allowed origins, forms');

  website
    .command('show')
    .description('the snippet to paste, the allowed origins and the forms')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const settings = await s.website.settings(actor);
        const forms = await s.website.forms(actor);
        if (o.json) return console.log(JSON.stringify({ ...settings, forms }, null, 2));
        console.log(`Snippet:\n  ${settings.snippet}\n`);
        console.log(`Allowed websites: ${settings.allowedOrigins.join(', ') || 'none yet (the widget runs nowhere)'}`);
        console.log(
          `Chat: ${settings.chatEnabled ? 'on' : 'off'} · visit tracking: ${settings.trackingEnabled ? 'on' : 'off'}`,
        );
        for (const f of forms) console.log(`Form "${f.name}": data-form="${f.id}"`);
      }),
    );

  for (const [name, add] of [
    ['allow', true],
    ['disallow', false],
  ] as const)
    website
      .command(`${name} <origin>`)
      .description(add ? 'let pages of this origin (https://shop.example.com) use the widget' : 'remove an origin')
      .option('--workspace <id>', 'workspace id or name (default: the only one)')
      .action((origin: string, o) =>
        withServices(async (s) => {
          const ws = await pickWorkspace(s, o.workspace);
          const actor = systemActor(ws.id);
          const current = (await s.website.settings(actor)).allowedOrigins;
          const next = add
            ? [...current, origin.replace(/\/$/, '')]
            : current.filter((x) => x !== origin.replace(/\/$/, ''));
          const r = await s.website.updateSettings(actor, { allowedOrigins: next });
          console.log(`Allowed websites: ${r.allowedOrigins.join(', ') || 'none'}`);
        }),
      );
}
