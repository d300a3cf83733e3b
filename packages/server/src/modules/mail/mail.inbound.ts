import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secrets';
import type { AuditService } from '../audit/audit.service';
import type { MailboxRow, OutboxRow } from './mail.repo';
import { systemActorFor, type MailService, type TimelineWriter } from './mail.service';
import type { InboundKind } from './mail.schema';

/** Larger messages are read only up to this many bytes: enough for headers, a reply's text and a DSN. */
export const MAX_FETCH_BYTES = 1_000_000;
const AUTO_SUBJECT =
  /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|absence|autosvar|r[ée]ponse automatique|respuesta autom[áa]tica|on vacation|vacation reply)/i;

const header = (m: ParsedMail, name: string) => {
  const v = m.headers.get(name);
  return v === undefined || v === null
    ? ''
    : typeof v === 'string'
      ? v
      : typeof v === 'object' && 'value' in (v as object)
        ? String((v as { value: unknown }).value)
        : String(v);
};
const idsIn = (s: string) => s.match(/<[^<>\s]+>/g) ?? [];

/** What an incoming message is, from its headers alone (RFC 3834 and the common vendor headers). */
export function isAutoReply(m: Pick<ParsedMail, 'headers' | 'subject'>): boolean {
  const auto = header(m as ParsedMail, 'auto-submitted').toLowerCase();
  if (auto && auto !== 'no') return true;
  if (
    header(m as ParsedMail, 'x-autoreply') ||
    header(m as ParsedMail, 'x-autorespond') ||
    header(m as ParsedMail, 'x-autoreply-from')
  )
    return true;
  if (/auto[_-]?reply/i.test(header(m as ParsedMail, 'precedence'))) return true;
  return AUTO_SUBJECT.test((m.subject ?? '').trim());
}

export type Dsn = {
  recipient: string | null;
  action: string | null;
  status: string | null;
  originalMessageId: string | null;
  hard: boolean;
};

/** Reads a delivery status notification (RFC 3464): who failed, how, and which of our messages it was. */
export function parseDsn(m: ParsedMail): Dsn | null {
  const type = m.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportPart = m.attachments.find((a) => /message\/(global-)?delivery-status/i.test(a.contentType));
  const isReport =
    type?.value?.toLowerCase() === 'multipart/report' &&
    type.params?.['report-type']?.toLowerCase() === 'delivery-status';
  if (!reportPart && !isReport) return null;
  const report = reportPart ? reportPart.content.toString('utf8') : (m.text ?? '');
  const field = (name: string) => report.match(new RegExp(`^${name}:\\s*(.+)$`, 'im'))?.[1]?.trim() ?? null;
  const recipient =
    field('Final-Recipient')
      ?.replace(/^rfc822;\s*/i, '')
      .toLowerCase() ?? null;
  const action = field('Action')?.toLowerCase() ?? null;
  const status = field('Status');
  const original =
    m.attachments.find((a) => /text\/rfc822-headers|message\/rfc822/i.test(a.contentType))?.content.toString('utf8') ??
    m.text ??
    '';
  const originalMessageId = original.match(/^Message-ID:\s*(<[^>]+>)/im)?.[1] ?? null;
  return { recipient, action, status, originalMessageId, hard: action === 'failed' && /^5\./.test(status ?? '') };
}

export function createMailInbound(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  audit: AuditService;
  mail: MailService;
  timeline: TimelineWriter;
}) {
  const { db, clock, logger, mail, audit } = deps;
  const repo = mail.repo;

  /** Files one parsed message: returns what it was, or null when it is not about anything we sent. */
  async function handle(mailbox: MailboxRow, parsed: ParsedMail): Promise<InboundKind | null> {
    const ws = mailbox.workspaceId;
    const messageId = parsed.messageId ?? `<uid-${crypto.randomUUID()}@unknown>`;
    const dsn = parseDsn(parsed);
    const refs = dsn?.originalMessageId
      ? [dsn.originalMessageId]
      : [...idsIn(header(parsed, 'in-reply-to')), ...idsIn(header(parsed, 'references'))];
    const matches = await repo.byMessageIds(ws, refs);
    // The most recent message of ours it answers: In-Reply-To first, then the newest reference.
    const original: OutboxRow | undefined =
      refs.map((id) => matches.find((m) => m.messageId === id)).find(Boolean) ?? matches[0];
    if (!original) return null;
    const kind: InboundKind = dsn ? 'bounce' : isAutoReply(parsed) ? 'auto_reply' : 'reply';
    const from = parsed.from?.value[0]?.address?.toLowerCase() ?? null;
    const receivedAt = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : clock.now();
    const actor = systemActorFor(ws, 'mail.inbound');
    const filed = await db.transaction(async (tx) => {
      const row = await repo.insertInbound(tx, {
        workspaceId: ws,
        mailboxId: mailbox.id,
        outboxId: original.id,
        contactId: original.contactId,
        messageId,
        kind,
        fromAddress: from,
        subject: (parsed.subject ?? '').slice(0, 1000),
        threadId: original.threadId,
        receivedAt,
        createdAt: clock.now(),
      });
      if (!row) return null; // already filed by an earlier poll
      if (kind === 'bounce') {
        await repo.updateOutbox(tx, original.id, {
          bouncedAt: receivedAt,
          lastError: `Bounced: ${dsn?.status ?? ''} ${dsn?.action ?? ''}`.trim(),
          updatedAt: clock.now(),
        });
      } else if (original.contactId) {
        const activityId = await deps.timeline.logEmail(tx, actor, {
          type: 'email_replied',
          contactId: original.contactId,
          ownerId: original.createdBy,
          at: receivedAt,
          subject: (parsed.subject ?? '(no subject)').slice(0, 500),
          body: (parsed.text ?? '').slice(0, 20_000),
          metadata: {
            threadId: original.threadId,
            inReplyTo: original.messageId,
            messageId,
            outboxId: original.id,
            from,
            autoReply: kind === 'auto_reply',
          },
        });
        await repo.updateInbound(tx, row.id, { activityId });
      }
      await audit.record(tx, actor, {
        action: `mail.inbound.${kind}`,
        entityType: 'mail_inbound',
        entityId: row.id,
        after: { from, outboxId: original.id },
      });
      return row;
    });
    if (filed && dsn?.hard)
      await mail.addSuppression(
        actor,
        dsn.recipient ?? original.toAddress,
        'hard_bounce',
        original.contactId,
        `DSN ${dsn.status}`,
      );
    if (filed) await mail.notifyInbound({ kind, outbox: original, from, at: receivedAt });
    return filed ? kind : null;
  }

  /** Reads INBOX from where the last poll stopped (UID), files replies and bounces, and remembers where it got to. */
  async function poll(mailbox: MailboxRow) {
    if (!mailbox.imapHost || !mailbox.imapUser || !mailbox.imapPasswordEnc) return { read: 0, filed: 0 };
    const client = new ImapFlow({
      host: mailbox.imapHost,
      port: mailbox.imapPort ?? 993,
      secure: mailbox.imapTls,
      auth: { user: mailbox.imapUser, pass: deps.secrets.decrypt(mailbox.imapPasswordEnc) },
      logger: false,
      connectionTimeout: 20_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      disableAutoIdle: true,
    });
    client.on('error', (e: unknown) => logger.warn({ mailbox: mailbox.id, err: String(e) }, 'imap connection error'));
    let read = 0;
    let filed = 0;
    try {
      await client.connect();
      const lock = await client.getMailboxLock('INBOX');
      try {
        const box = client.mailbox;
        const validity = box ? String(box.uidValidity) : null;
        const start = validity === mailbox.imapUidValidity && mailbox.imapNextUid ? mailbox.imapNextUid : 1;
        let next = start;
        if (box && box.exists > 0) {
          // Collect first: commands other than FETCH must not run while a FETCH is streaming.
          const messages: { uid: number; source: Buffer }[] = [];
          for await (const msg of client.fetch(
            `${start}:*`,
            { uid: true, source: { start: 0, maxLength: MAX_FETCH_BYTES } },
            { uid: true },
          )) {
            if (msg.uid < start || !msg.source) continue; // "N:*" also returns the last message when N is past it
            messages.push({ uid: msg.uid, source: msg.source });
          }
          for (const msg of messages.sort((a, b) => a.uid - b.uid)) {
            read++;
            try {
              if (await handle(mailbox, await simpleParser(msg.source))) filed++;
            } catch (e) {
              logger.warn(
                { mailbox: mailbox.id, uid: msg.uid, err: String(e) },
                'could not file an inbound message; skipped',
              );
            }
            next = Math.max(next, msg.uid + 1);
          }
        }
        await repo.savePollState(mailbox.id, {
          imapNextUid: next,
          imapUidValidity: validity,
          imapLastPolledAt: clock.now(),
          imapLastError: null,
        });
      } finally {
        lock.release();
      }
      await client.logout();
    } catch (e) {
      const err = e as { authenticationFailed?: boolean; responseText?: string; message?: string };
      const message = err.authenticationFailed
        ? `The IMAP server refused the login for ${mailbox.imapUser}${err.responseText ? `: ${err.responseText}` : ''}`
        : `IMAP ${mailbox.imapHost}:${mailbox.imapPort}: ${err.message ?? String(e)}`;
      await repo.savePollState(mailbox.id, { imapLastPolledAt: clock.now(), imapLastError: message });
      client.close();
      throw new Error(message);
    }
    return { read, filed };
  }

  return {
    handle,
    poll,
    async pollAll() {
      const out: Record<string, { read: number; filed: number } | { error: string }> = {};
      for (const m of await repo.mailboxesWithImap()) {
        out[m.id] = await poll(m).catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }));
      }
      return out;
    },
  };
}
export type MailInbound = ReturnType<typeof createMailInbound>;
