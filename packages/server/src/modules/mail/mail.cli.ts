import type { Command } from 'commander';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { AppError } from '../../platform/errors';
import { outboxStates, type OutboxState } from './mail.schema';

/** `pipewise mail test|outbox|drain|poll`: the mailbox check and the outbox, from a terminal. */
export function registerMailCommands(program: Command) {
  const mail = program.command('mail').description('email: send a test, list the outbox, drain it, read replies');

  mail
    .command('test')
    .description('send a test message through a mailbox now (a refused login or unreachable server says so)')
    .requiredOption('--to <address>', 'recipient')
    .option('--mailbox <id|name>', 'which mailbox (default: the only one, or the default)')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const boxes = await s.mail.listMailboxes(actor);
        const box = o.mailbox
          ? boxes.find((b) => b.id === o.mailbox || b.name === o.mailbox)
          : boxes.length === 1
            ? boxes[0]
            : boxes.find((b) => b.isDefault);
        if (!box)
          throw new AppError(
            'not_found',
            boxes.length === 0
              ? 'No mailbox yet: add one in Settings → Mailboxes or POST /api/v1/mail/mailboxes'
              : `Pick a mailbox with --mailbox (${boxes.map((b) => b.name).join(', ')})`,
            { field: '--mailbox' },
          );
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o.to))
          throw new AppError('validation', `Invalid --to: "${o.to}" is not an email address`, { field: '--to' });
        const r = await s.mail.sendTest(actor, box.id, o.to);
        console.log(`Sent a test message from ${box.fromAddress} (${box.name}) to ${r.to}: ${r.response}`);
      }),
    );

  mail
    .command('outbox')
    .description('messages in the outbox, newest first, with counts per state (unknown ones need a person)')
    .option('--state <states>', `comma-separated: ${outboxStates.join(', ')}`)
    .option('--limit <n>', 'how many', '50')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const states = o.state
          ? String(o.state)
              .split(',')
              .map((x) => x.trim())
          : undefined;
        const bad = states?.find((x) => !(outboxStates as readonly string[]).includes(x));
        if (bad !== undefined)
          throw new AppError('validation', `Invalid --state: "${bad}" is not one of ${outboxStates.join(', ')}`, {
            field: '--state',
          });
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500)
          throw new AppError('validation', 'Invalid --limit: must be a whole number from 1 to 500', {
            field: '--limit',
          });
        // Loaded here: the routes pull in the HTTP layer, which the CLI's other commands never need.
        const { toOutboxRecord } = await import('./mail.routes');
        const rows = (await s.mail.listOutbox(actor, { states: states as OutboxState[] | undefined, limit })).map(
          toOutboxRecord,
        );
        const counts = await s.mail.outboxCounts(actor);
        if (o.json) return console.log(JSON.stringify({ counts, data: rows }, null, 2));
        console.log(
          Object.entries(counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · '),
        );
        for (const r of rows) {
          console.log(
            `${r.createdAt.slice(0, 16).replace('T', ' ')}  ${r.state.padEnd(9)} ${r.toAddress.padEnd(32)} ${r.subject.slice(0, 60)}`,
          );
          if (r.lastError && r.state !== 'sent') console.log(`${' '.repeat(18)}${r.lastError}`);
        }
        if (counts.unknown > 0)
          console.log(
            `${counts.unknown} message(s) may or may not have been delivered: resolve them on the Outbox page or POST /api/v1/mail/outbox/{id}/resolve`,
          );
      }),
    );

  mail
    .command('drain')
    .description('send what is due in the outbox now (what the mail.drain job does every minute)')
    .action(() =>
      withServices(async (s) => {
        const tally = await s.mail.drain();
        console.log(
          Object.entries(tally)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · '),
        );
      }),
    );

  mail
    .command('poll')
    .description('read replies and bounces from every mailbox with IMAP settings now')
    .action(() =>
      withServices(async (s) => {
        const out = await s.mailInbound.pollAll();
        for (const [id, r] of Object.entries(out))
          console.log(`${id}: ${'error' in r ? `error: ${r.error}` : `read ${r.read}, filed ${r.filed}`}`);
      }),
    );
}
