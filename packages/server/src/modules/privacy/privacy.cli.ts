import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { AppError } from '../../platform/errors';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import type { Services } from '../../app';

const purposes = ['marketing_email', 'profiling', 'website_tracking', 'chat_transcripts'];

/** The one contact with this email (several: the caller must pick by id). */
async function contactOf(s: Services, workspaceId: string, o: { email?: string; contact?: string }) {
  if (o.contact) return o.contact;
  if (!o.email) throw new AppError('validation', 'Give --email or --contact', { field: '--email' });
  const ids = await s.privacy.contactsByEmail(systemActor(workspaceId), o.email);
  if (ids.length > 1)
    throw new AppError(
      'conflict',
      `${ids.length} contacts have the email ${o.email}: pick one with --contact (${ids.join(', ')})`,
      { field: '--email' },
    );
  return ids[0]!;
}

/** `pipewise privacy export|erase|consent|retention`: the Privacy page in the terminal. */
export function registerPrivacyCommands(program: Command) {
  const privacy = program.command('privacy').description('access requests, erasure, consent and retention (GDPR/CCPA)');

  privacy
    .command('export')
    .description('everything held about one person, as a zip of JSON and CSV (audited)')
    .option('--email <email>', 'the person’s email')
    .option('--contact <id>', 'or the contact id')
    .requiredOption('-o, --output <file>', 'zip file to write')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const id = await contactOf(s, ws.id, o);
        const out = await s.privacy.exportContact(systemActor(ws.id), id);
        writeFileSync(o.output, out.zip);
        const rows = Object.values(out.counts).reduce((a, b) => a + b, 0);
        console.log(
          `Wrote ${o.output}: ${rows} rows from ${Object.keys(out.counts).length} tables in ${out.seconds.toFixed(2)} s`,
        );
      }),
    );

  privacy
    .command('erase')
    .description(
      'erase one person everywhere (redacts history, keeps anonymous totals, blocklists the email and phone)',
    )
    .option('--email <email>', 'the person’s email')
    .option('--contact <id>', 'or the contact id')
    .option('--reason <text>', 'why (recorded in the audit log)', 'erasure request')
    .option('--yes', 'do not ask for confirmation')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const id = await contactOf(s, ws.id, o);
        if (!o.yes) {
          if (!process.stdin.isTTY)
            throw new AppError('validation', 'Erasure cannot be undone: add --yes to confirm when not at a terminal', {
              field: '--yes',
            });
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          const answer = await rl.question(
            `Erase contact ${id}${o.email ? ` (${o.email})` : ''} everywhere? This cannot be undone. Type "erase": `,
          );
          rl.close();
          if (answer.trim() !== 'erase') return console.log('Nothing erased.');
        }
        const r = await s.privacy.erase(systemActor(ws.id), id, { reason: o.reason });
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        const redacted =
          Object.entries(r.redacted)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ') || 'none';
        console.log(
          `Erased contact ${id} in ${r.seconds.toFixed(2)} s. Rows redacted: ${redacted}.${r.suppressed ? ' Email/phone blocklisted.' : ''}`,
        );
      }),
    );

  privacy
    .command('consent')
    .description('show a person’s consent and its history, or change one purpose with --set')
    .option('--email <email>', 'the person’s email')
    .option('--contact <id>', 'or the contact id')
    .option('--set <purpose=state>', `change one purpose (${purposes.join(', ')}) to granted, denied or unknown`)
    .option('--reason <text>', 'why (required with --set)')
    .option('--legal-basis <basis>', 'consent, legitimate_interest, contract or legal_obligation', 'consent')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const id = await contactOf(s, ws.id, o);
        const actor = systemActor(ws.id);
        let r;
        if (o.set) {
          const [purpose, state] = String(o.set).split('=');
          if (!purpose || !purposes.includes(purpose))
            throw new AppError(
              'validation',
              `--set names a purpose: one of ${purposes.join(', ')} (got "${purpose ?? ''}")`,
              { field: '--set' },
            );
          r = await s.privacy.setConsent(actor, id, {
            purpose,
            state,
            reason: o.reason ?? '',
            legalBasis: o.legalBasis,
          });
        } else r = await s.privacy.consent(actor, id);
        if (o.json) return console.log(JSON.stringify(r, null, 2));
        for (const p of r.purposes) console.log(`${p.label.padEnd(24)} ${p.state}`);
        console.log('\nHistory:');
        for (const h of r.history)
          console.log(
            `${h.occurredAt}  ${h.purpose.padEnd(17)} ${h.state.padEnd(8)} ${h.source}${h.legalBasis ? ` (${h.legalBasis})` : ''}${h.reason ? `: ${h.reason}` : ''}`,
          );
      }),
    );

  privacy
    .command('retention')
    .description('show or set the retention policy; --dry-run previews, --run applies it now')
    .option('--months <n>', 'anonymise contacts with no activity for this many months')
    .option('--disable', 'turn the policy off')
    .option('--dry-run', 'how many contacts a run would anonymise now (changes nothing)')
    .option('--run', 'apply the policy now')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const months = o.months === undefined ? undefined : Number(o.months);
        if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > 240)) {
          throw new AppError('validation', `--months must be a whole number from 1 to 240 (got "${o.months}")`, {
            field: '--months',
          });
        }
        if (months !== undefined || o.disable) {
          const current = (await s.privacy.retention(actor)).inactiveContacts;
          const m = months ?? current?.months;
          if (!m) throw new AppError('validation', 'Give --months to set a policy', { field: '--months' });
          await s.privacy.setRetention(actor, { months: m, enabled: !o.disable });
        }
        const out: Record<string, unknown> = { policy: (await s.privacy.retention(actor)).inactiveContacts };
        if (o.dryRun) out.preview = await s.privacy.retentionPreview(actor, months);
        if (o.run) out.run = await s.privacy.runRetentionAsStaff(actor);
        if (o.json) return console.log(JSON.stringify(out, null, 2));
        const p = out.policy as { months: number; enabled: boolean } | null;
        console.log(
          p
            ? `Policy: anonymise contacts with no activity for ${p.months} months (${p.enabled ? 'on' : 'off'})`
            : 'No retention policy set.',
        );
        if (out.preview)
          console.log(`Dry run: ${(out.preview as { contacts: number }).contacts} contact(s) would be anonymised now.`);
        if (out.run) console.log(`Anonymised ${(out.run as { anonymised: number }).anonymised} contact(s).`);
      }),
    );
}
