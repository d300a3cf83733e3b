import type { Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { AppError } from '../../platform/errors';

/** `pipewise sequences list|enrol|run`: sequences from a terminal. */
export function registerSequenceCommands(program: Command) {
  const seq = program.command('sequences').description('nurture sequences: list them, enrol contacts, run due steps');

  seq
    .command('list')
    .description('sequences with their status, approval mode, steps and active enrolments')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const items = await s.sequences.list(systemActor(ws.id));
        if (o.json) return console.log(JSON.stringify({ items }, null, 2));
        if (items.length === 0)
          return console.log(
            'No sequences yet: create one on the Sequences page of the web app (or POST /api/v1/sequences)',
          );
        for (const i of items)
          console.log(
            `${i.id}  ${i.status.padEnd(8)} ${`approve ${i.approvalMode}`.padEnd(14)} ${String(i.steps).padStart(2)} steps  ${String(i.activeEnrolments).padStart(5)} active  ${i.name}`,
          );
      }),
    );

  seq
    .command('enrol')
    .description('enrol contacts in a sequence (ids, or a rule segment); prints who was skipped and why')
    .argument('<sequence>', 'sequence id or name')
    .option('--contact <ids>', 'comma-separated contact ids')
    .option('--segment <id>', 'a rule segment id')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((sequence: string, o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const list = await s.sequences.list(actor);
        const found = list.find((x) => x.id === sequence || x.name === sequence);
        if (!found)
          throw new AppError(
            'not_found',
            `No sequence "${sequence}" (${list.map((x) => x.name).join(', ') || 'none yet'})`,
            {
              field: 'sequence',
            },
          );
        const contactIds = o.contact
          ? String(o.contact)
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : undefined;
        const bad = contactIds?.find((x) => !/^[0-9a-f-]{36}$/i.test(x));
        if (bad)
          throw new AppError('validation', `Invalid --contact: "${bad}" is not a contact id`, { field: '--contact' });
        const r = await s.sequences.enrol(actor, found.id, { contactIds, segmentId: o.segment });
        console.log(`Enrolled ${r.enrolled} in "${found.name}"; skipped ${r.skipped.length}`);
        for (const k of r.skipped.slice(0, 50)) console.log(`  ${k.contactId}: ${k.reason}`);
      }),
    );

  seq
    .command('run')
    .description('run the due steps of every sequence now, then send what is due (what the jobs do every minute)')
    .option('--no-drain', 'only queue; leave the sending to the mail drain')
    .option('--limit <n>', 'at most this many enrolments', '100000')
    .action((o) =>
      withServices(async (s) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new AppError('validation', 'Invalid --limit: must be a whole number above 0', { field: '--limit' });
        const tally = await s.sequences.run({ limit });
        console.log(
          `steps: ${
            Object.entries(tally)
              .map(([k, v]) => `${k} ${v}`)
              .join(' · ') || 'nothing due'
          }`,
        );
        if (o.drain) {
          const sent = await s.mail.drain();
          console.log(
            `mail: ${Object.entries(sent)
              .map(([k, v]) => `${k} ${v}`)
              .join(' · ')}`,
          );
        }
      }),
    );
}
