import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secrets';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import { assertCanWrite, assertRole, ownsOrMaySee } from '../auth/access';
import { createMailRepo, type MailboxRow, type OutboxRow, type TemplateRow } from './mail.repo';
import type { InboundKind, MailKind, OutboxState } from './mail.schema';
import type { ComposeInput, MailboxInput, resolveInput, settingsInput, templateInput } from './mail.model';
import {
  checkTemplate,
  renderTemplate,
  type MergeContext,
  type RenderedParts,
  type TemplateParts,
} from './mail.templates';
import {
  buildMessage,
  classifySmtpError,
  describeSmtpError,
  observedStream,
  SENDING_LEASE_MS,
  SMTP_CONNECTIONS,
  smtpTransport,
} from './mail.smtp';
import type { z } from '@hono/zod-openapi';
import { createMailTracking } from './mail.tracking';

/**
 * Why a contact must not get an email of this kind right now (consent, do-not-contact, erasure), or null.
 * Injected: from the privacy module's consent and blocklist (`createConsentSuppression`).
 */
export type SuppressionCheck = {
  reasonNotToSend(workspaceId: string, contactId: string, kind: MailKind): Promise<string | null>;
};

/** What the mail module needs to know about a contact (read through the contacts service, never its tables). */
export type MailContact = {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  title: string | null;
  city: string | null;
  country: string | null;
  companyName: string | null;
  lifecycleStage: string | null;
  ownerId: string | null;
};

export type TimelineWriter = {
  /** Writes an email activity on the contact's timeline inside the caller's transaction; returns its id. */
  logEmail(
    tx: Tx,
    actor: Actor,
    entry: {
      type: 'email_sent' | 'email_replied' | 'email_opened' | 'email_clicked';
      contactId: string;
      ownerId: string | null;
      at: Date;
      subject: string;
      body: string;
      metadata: Record<string, unknown>;
    },
  ): Promise<string>;
};

export type MailDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  secrets: SecretBox;
  logger: Logger;
  suppression: SuppressionCheck;
  /** The contact as the actor may see it (throws not_found otherwise). */
  contactFor(actor: Actor, contactId: string): Promise<MailContact>;
  timeline: TimelineWriter;
  workspaceName(workspaceId: string): Promise<string>;
  /** Base URL of this server for links in emails. */
  publicUrl: string;
  /** Asks a worker to drain the outbox soon (a queued job); absent in tests that drain by hand. */
  kick?: () => void;
};

export const systemActorFor = (workspaceId: string, id = 'mail'): Actor => ({
  kind: 'system',
  id,
  userId: null,
  workspaceId,
  role: 'owner',
  name: 'Mail',
  repsSeeUnassigned: true,
});

const MAX_ATTEMPTS = 5;
/** Backoff after a temporary refusal (4xx): 1, 5, 15, 60 minutes. */
const backoffMs = (attempt: number) => [60_000, 300_000, 900_000, 3_600_000][Math.min(attempt - 1, 3)]!;
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const textToHtml = (text: string) =>
  `<div style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`)}</div>`;
const domainOf = (address: string) => address.split('@')[1] ?? 'pipewise.local';

/** A module that queues mail (sequences) re-checks its own rules just before a message of its source is sent. */
/** A reason not to send (the row is cancelled), a later time to try again (the row stays queued), or null to send. */
export type SendCheck = (row: OutboxRow) => Promise<string | { deferUntil: Date; reason: string } | null>;
/** Told about every reply, auto-reply and bounce filed against a message of ours (e.g. to end an enrolment). */
export type InboundListener = (event: {
  kind: InboundKind;
  outbox: OutboxRow;
  from: string | null;
  at: Date;
}) => Promise<void>;

export function createMailService(deps: MailDeps) {
  const { db, clock, audit, secrets, logger } = deps;
  const repo = createMailRepo(db);
  const sendChecks = new Map<string, SendCheck>();
  const inboundListeners: InboundListener[] = [];
  const sentListeners: ((row: OutboxRow) => Promise<void>)[] = [];
  const tracking = createMailTracking({
    db,
    clock,
    secrets,
    logger,
    timeline: deps.timeline,
    publicUrl: deps.publicUrl,
  });

  function toMailboxRecord(m: MailboxRow, sentLast24h = 0) {
    return {
      id: m.id,
      name: m.name,
      userId: m.userId,
      fromName: m.fromName,
      fromAddress: m.fromAddress,
      smtp: {
        host: m.smtpHost,
        port: m.smtpPort,
        security: m.smtpSecurity,
        user: m.smtpUser,
        hasPassword: Boolean(m.smtpPasswordEnc),
      },
      imap: m.imapHost
        ? {
            host: m.imapHost,
            port: m.imapPort ?? 993,
            tls: m.imapTls,
            user: m.imapUser ?? '',
            hasPassword: Boolean(m.imapPasswordEnc),
            lastPolledAt: m.imapLastPolledAt?.toISOString() ?? null,
            lastError: m.imapLastError,
          }
        : null,
      dailyCap: m.dailyCap,
      perMinute: m.perMinute,
      isDefault: m.isDefault,
      sentLast24h,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    };
  }
  const secretOf = (sealed: string | null) => (sealed ? secrets.decrypt(sealed) : null);

  async function mailbox(actor: Actor, id: string) {
    const m = await repo.getMailbox(actor.workspaceId, id);
    if (!m) throw notFound('mailbox', id);
    return m;
  }
  /** A rep sends from their own mailbox or a shared one; managers and above from any. */
  function assertMaySendFrom(actor: Actor, m: MailboxRow) {
    if (m.userId && m.userId !== actor.userId && actor.role === 'rep')
      throw new AppError('forbidden', 'This mailbox belongs to another user', { field: 'mailboxId' });
  }

  async function settings(workspaceId: string) {
    const row = await repo.getSettings(workspaceId);
    return {
      postalAddress: row?.postalAddress ?? '',
      marketingOptIn: row?.marketingOptIn ?? ('eu' as const),
      trackOpens: row?.trackOpens ?? false,
    };
  }

  function unsubscribeUrl(workspaceId: string, address: string) {
    const payload = `${workspaceId}.${Buffer.from(address.toLowerCase()).toString('base64url')}`;
    return `${deps.publicUrl.replace(/\/$/, '')}/api/public/mail/unsubscribe?t=${payload}.${secrets.sign(payload)}`;
  }

  async function mergeContext(actor: Actor, contact: MailContact, sender: MailboxRow): Promise<MergeContext> {
    const s = await settings(actor.workspaceId);
    const full = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    return {
      contact: {
        first_name: contact.firstName,
        last_name: contact.lastName,
        full_name: full || null,
        email: contact.email,
        phone: contact.phone,
        title: contact.title,
        city: contact.city,
        country: contact.country,
        company: contact.companyName,
        lifecycle_stage: contact.lifecycleStage,
      },
      sender: { name: sender.fromName, email: sender.fromAddress },
      workspace: { name: await deps.workspaceName(actor.workspaceId) },
      unsubscribe_url: contact.email ? unsubscribeUrl(actor.workspaceId, contact.email) : '',
      postal_address: s.postalAddress,
    };
  }

  /** Own list first (unsubscribed, bounced), then consent and do-not-contact through the injected check. */
  async function reasonNotToSend(workspaceId: string, contactId: string | null, address: string, kind: MailKind) {
    const listed = await repo.suppression(workspaceId, address);
    // An unsubscribe leaves the marketing list; one-to-one business email still reaches the person.
    if (listed && !(listed.reason === 'unsubscribed' && kind === 'transactional'))
      return `${address} is on the suppression list (${listed.reason.replace('_', ' ')})`;
    return contactId ? deps.suppression.reasonNotToSend(workspaceId, contactId, kind) : null;
  }

  async function templateParts(
    actor: Actor,
    input: { templateId?: string; subject?: string; bodyHtml?: string; bodyText?: string },
  ) {
    if (input.templateId) {
      const t = await repo.getTemplate(actor.workspaceId, input.templateId);
      if (!t)
        throw new AppError('validation', `No template ${input.templateId} in this workspace`, { field: 'templateId' });
      return {
        parts: {
          subject: input.subject ?? t.subject,
          bodyHtml: input.bodyHtml ?? t.bodyHtml,
          bodyText: input.bodyText ?? t.bodyText,
        },
        template: t,
      };
    }
    return {
      parts: { subject: input.subject ?? '', bodyHtml: input.bodyHtml ?? '', bodyText: input.bodyText ?? '' },
      template: null as TemplateRow | null,
    };
  }

  async function assertMarketingReady(workspaceId: string, kind: MailKind) {
    if (kind !== 'marketing') return;
    if (!(await settings(workspaceId)).postalAddress) {
      throw new AppError(
        'validation',
        "Marketing email needs the business's postal address: set it in Settings → Mailboxes",
        { field: 'kind' },
      );
    }
  }

  type EnqueueInput = {
    workspaceId: string;
    mailboxId: string;
    contactId: string | null;
    dedupeKey: string;
    kind: MailKind;
    source: string;
    sourceRef?: Record<string, unknown>;
    toAddress: string;
    rendered: RenderedParts;
    sendAfter: Date;
    templateId?: string | null;
    createdBy?: string | null;
    replyTo?: Pick<OutboxRow, 'messageId' | 'references' | 'threadId'> | null;
  };

  /**
   * The one way into the outbox (compose, tests, sequences): the Message-ID is fixed here, and the dedupe key makes a
   * second call with the same key return the first message instead of queueing another.
   */
  async function enqueue(tx: Tx, actor: Actor, input: EnqueueInput) {
    const sender = await repo.getMailbox(input.workspaceId, input.mailboxId, tx);
    if (!sender) throw notFound('mailbox', input.mailboxId);
    const messageId = `<${crypto.randomUUID()}@${domainOf(sender.fromAddress)}>`;
    const now = clock.now();
    const { row, created } = await repo.enqueue(tx, {
      workspaceId: input.workspaceId,
      mailboxId: input.mailboxId,
      contactId: input.contactId,
      dedupeKey: input.dedupeKey,
      kind: input.kind,
      source: input.source,
      sourceRef: input.sourceRef ?? {},
      toAddress: input.toAddress.toLowerCase(),
      subject: input.rendered.subject,
      bodyHtml: input.rendered.html,
      bodyText: input.rendered.text,
      messageId,
      inReplyTo: input.replyTo?.messageId ?? null,
      references: input.replyTo ? [...input.replyTo.references, input.replyTo.messageId] : [],
      threadId: input.replyTo?.threadId ?? messageId,
      templateId: input.templateId ?? null,
      sendAfter: input.sendAfter,
      createdBy: input.createdBy ?? null,
      createdAt: now,
      updatedAt: now,
    });
    if (created)
      await audit.record(tx, actor, {
        action: 'mail.queue',
        entityType: 'mail_outbox',
        entityId: row.id,
        after: {
          to: row.toAddress,
          subject: row.subject,
          kind: row.kind,
          sendAfter: row.sendAfter,
          source: row.source,
        },
      });
    return { row, created };
  }

  // ---- Delivery -------------------------------------------------------------------------------------------------

  async function finish(
    row: OutboxRow,
    state: OutboxState,
    values: Partial<OutboxRow>,
    activity?: () => Promise<Parameters<TimelineWriter['logEmail']>[2]>,
  ) {
    const now = clock.now();
    return db.transaction(async (tx) => {
      const actor = systemActorFor(row.workspaceId, 'mail.sender');
      // A row swept to `unknown` while this sender was slow is still ours to settle: we know what happened.
      const done =
        (await repo.transition(tx, row.id, 'sending', { ...values, state, updatedAt: now })) ??
        (await repo.transition(tx, row.id, 'unknown', { ...values, state, updatedAt: now }));
      if (!done) return null;
      if (activity && done.contactId) {
        const entry = await activity();
        const activityId = await deps.timeline.logEmail(tx, actor, entry);
        await repo.updateOutbox(tx, row.id, { activityId });
      }
      if (state !== 'queued')
        await audit.record(tx, actor, {
          action: `mail.${state}`,
          entityType: 'mail_outbox',
          entityId: row.id,
          after: { state, lastError: values.lastError ?? null },
        });
      return done;
    });
  }

  async function deliver(row: OutboxRow, sender: MailboxRow, transport: ReturnType<typeof smtpTransport>) {
    const verdict =
      (await reasonNotToSend(row.workspaceId, row.contactId, row.toAddress, row.kind)) ??
      (await sendChecks.get(row.source)?.(row)) ??
      null;
    if (verdict && typeof verdict === 'object') {
      // Not now (a window, a cap, a pause): back in the queue for later, without counting an attempt.
      await finish(row, 'queued', {
        lastError: `Waiting: ${verdict.reason}`,
        sendAfter: verdict.deferUntil,
        attempts: Math.max(0, row.attempts - 1),
      });
      return 'deferred';
    }
    const reason = verdict;
    if (reason) return (await finish(row, 'cancelled', { lastError: `Not sent: ${reason}` })) && 'cancelled';
    const headers: Record<string, string> = {};
    if (row.kind === 'marketing') {
      headers['List-Unsubscribe'] = `<${unsubscribeUrl(row.workspaceId, row.toAddress)}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    const message = await buildMessage({
      from: { name: sender.fromName, address: sender.fromAddress },
      to: row.toAddress,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml ? await tracking.htmlToSend(row) : undefined,
      messageId: row.messageId,
      inReplyTo: row.inReplyTo ?? undefined,
      references: row.references.length ? row.references : undefined,
      headers,
      date: clock.now(),
    });
    const { stream, state } = observedStream(message);
    try {
      const info = await transport.sendMail({
        envelope: { from: sender.fromAddress, to: [row.toAddress] },
        raw: stream,
      });
      const sentRow = await finish(
        row,
        'sent',
        { sentAt: clock.now(), smtpResponse: String(info.response ?? '').slice(0, 500), lastError: null },
        async () => ({
          type: 'email_sent' as const,
          contactId: row.contactId!,
          ownerId: row.createdBy,
          at: clock.now(),
          subject: row.subject,
          body: row.bodyText,
          metadata: {
            outboxId: row.id,
            messageId: row.messageId,
            threadId: row.threadId,
            mailboxId: row.mailboxId,
            to: row.toAddress,
            kind: row.kind,
          },
        }),
      );
      if (sentRow)
        for (const l of sentListeners)
          await l(sentRow).catch((err: unknown) => logger.warn({ err: String(err) }, 'sent listener failed'));
      return 'sent';
    } catch (e) {
      const verdict = classifySmtpError(e, state.handedOver);
      const error = describeSmtpError(e, sender, state.handedOver);
      if (verdict.outcome === 'retry' && row.attempts < MAX_ATTEMPTS) {
        await finish(row, 'queued', {
          lastError: error,
          sendAfter: new Date(clock.now().getTime() + backoffMs(row.attempts)),
        });
        return 'retried';
      }
      if (verdict.outcome === 'unknown') {
        await finish(row, 'unknown', {
          lastError: `${error}. The server may have accepted it: check before resending.`,
        });
        return 'unknown';
      }
      await finish(row, 'failed', { lastError: error });
      if (verdict.hardBounce)
        await addSuppression(systemActorFor(row.workspaceId), row.toAddress, 'hard_bounce', row.contactId, error);
      return 'failed';
    }
  }

  async function addSuppression(
    actor: Actor,
    address: string,
    reason: 'unsubscribed' | 'hard_bounce' | 'manual',
    contactId: string | null,
    detail: string | null,
  ) {
    return db.transaction(async (tx) => {
      const [row] = await repo.suppress(tx, {
        workspaceId: actor.workspaceId,
        address: address.toLowerCase(),
        reason,
        contactId,
        detail,
        createdAt: clock.now(),
      });
      if (row)
        await audit.record(tx, actor, {
          action: 'mail.suppress',
          entityType: 'mail_suppression',
          entityId: row.address,
          after: { reason, detail },
        });
      return row ?? null;
    });
  }

  /**
   * One pass over the outbox: rows stuck in `sending` past the lease become `unknown` (never resent), then each
   * mailbox's due messages are claimed within its caps and sent. Safe to run in several workers at once.
   */
  async function drain(opts: { worker?: string; batch?: number; maxRounds?: number } = {}) {
    const worker = opts.worker ?? `drain-${crypto.randomUUID().slice(0, 8)}`;
    const tally = { sent: 0, failed: 0, retried: 0, unknown: 0, cancelled: 0, deferred: 0, swept: 0, capped: 0 };
    const swept = await repo.sweepStale(new Date(clock.now().getTime() - SENDING_LEASE_MS), clock.now());
    tally.swept = swept.length;
    for (let round = 0; round < (opts.maxRounds ?? 1000); round++) {
      const mailboxIds = await repo.dueMailboxIds(clock.now());
      let claimedAny = false;
      for (const mailboxId of mailboxIds) {
        const { rows, capped } = await repo.claim(mailboxId, clock.now(), worker, opts.batch ?? 50);
        if (capped) tally.capped++;
        if (rows.length === 0) continue;
        claimedAny = true;
        const sender = (await repo.getMailbox(rows[0]!.workspaceId, mailboxId))!;
        let transport: ReturnType<typeof smtpTransport>;
        try {
          transport = smtpTransport(sender, secretOf(sender.smtpPasswordEnc), { pool: true });
        } catch (e) {
          // The password cannot be read (key changed): nothing was sent, give the rows back.
          for (const row of rows)
            await finish(row, 'queued', {
              lastError: e instanceof Error ? e.message : String(e),
              sendAfter: new Date(clock.now().getTime() + backoffMs(row.attempts)),
            });
          continue;
        }
        try {
          // A few SMTP conversations at once over the pooled connections; each row is still claimed by one sender.
          const pending = [...rows];
          const lane = async () => {
            for (let row = pending.shift(); row; row = pending.shift())
              tally[(await deliver(row, sender, transport)) || 'cancelled']++;
          };
          await Promise.all(Array.from({ length: Math.min(SMTP_CONNECTIONS, rows.length) }, lane));
        } finally {
          transport.close();
        }
      }
      if (!claimedAny) break;
    }
    if (tally.sent + tally.failed + tally.unknown + tally.swept > 0)
      logger.info({ worker, ...tally }, 'mail outbox drained');
    return tally;
  }

  // ---- Public API ---------------------------------------------------------------------------------------------

  return {
    tracking,
    settings: (actor: Actor) => settings(actor.workspaceId),
    optInPolicy: async (workspaceId: string) => (await settings(workspaceId)).marketingOptIn,
    async updateSettings(actor: Actor, input: z.infer<typeof settingsInput>) {
      assertRole(actor, 'admin');
      const before = await settings(actor.workspaceId);
      await db.transaction(async (tx) => {
        await repo.upsertSettings(tx, { workspaceId: actor.workspaceId, ...input, updatedAt: clock.now() });
        await audit.record(tx, actor, {
          action: 'mail_settings.update',
          entityType: 'mail_settings',
          entityId: actor.workspaceId,
          before,
          after: input,
        });
      });
      tracking.forgetSettings(actor.workspaceId);
      return settings(actor.workspaceId);
    },

    async listMailboxes(actor: Actor) {
      const rows = await repo.listMailboxes(actor.workspaceId);
      const counts = new Map((await repo.sentLast24h(actor.workspaceId, clock.now())).map((r) => [r.mailbox_id, r.n]));
      return rows.map((m) => toMailboxRecord(m, counts.get(m.id) ?? 0));
    },
    async getMailbox(actor: Actor, id: string) {
      return toMailboxRecord(await mailbox(actor, id));
    },
    async saveMailbox(actor: Actor, id: string | null, input: MailboxInput) {
      assertRole(actor, 'admin');
      const existing = id ? await mailbox(actor, id) : null;
      if (!existing && input.smtp.user && !input.smtp.password)
        throw new AppError('validation', 'Invalid smtp.password: required with a user', { field: 'smtp.password' });
      if (!existing?.imapPasswordEnc && input.imap && !input.imap.password)
        throw new AppError('validation', 'Invalid imap.password: required', { field: 'imap.password' });
      const now = clock.now();
      const values = {
        name: input.name,
        userId: input.userId,
        fromName: input.fromName,
        fromAddress: input.fromAddress,
        smtpHost: input.smtp.host,
        smtpPort: input.smtp.port,
        smtpSecurity: input.smtp.security,
        smtpUser: input.smtp.user || null,
        smtpPasswordEnc: input.smtp.password
          ? secrets.encrypt(input.smtp.password)
          : input.smtp.user
            ? (existing?.smtpPasswordEnc ?? null)
            : null,
        imapHost: input.imap?.host ?? null,
        imapPort: input.imap?.port ?? null,
        imapTls: input.imap?.tls ?? true,
        imapUser: input.imap?.user ?? null,
        imapPasswordEnc: input.imap
          ? input.imap.password
            ? secrets.encrypt(input.imap.password)
            : (existing?.imapPasswordEnc ?? null)
          : null,
        dailyCap: input.dailyCap,
        perMinute: input.perMinute,
        isDefault: input.isDefault,
        updatedAt: now,
      };
      const row = await db
        .transaction(async (tx) => {
          if (input.isDefault) await repo.clearDefault(tx, actor.workspaceId);
          const saved = existing
            ? (await repo.updateMailbox(tx, actor.workspaceId, existing.id, values))!
            : await repo.insertMailbox(tx, { ...values, workspaceId: actor.workspaceId, createdAt: now });
          const safe = (m: Partial<MailboxRow> | null) =>
            m ? { ...toMailboxRecord({ ...saved, ...m } as MailboxRow), sentLast24h: undefined } : null;
          await audit.record(tx, actor, {
            action: existing ? 'mailbox.update' : 'mailbox.create',
            entityType: 'mailbox',
            entityId: saved.id,
            before: safe(existing),
            after: safe(saved),
          });
          return saved;
        })
        .catch((e) => {
          if (String((e as { cause?: { message?: string } }).cause?.message ?? e).includes('foreign key'))
            throw new AppError('validation', 'Invalid userId: no such user', { field: 'userId' });
          throw e;
        });
      return toMailboxRecord(row);
    },
    async deleteMailbox(actor: Actor, id: string) {
      assertRole(actor, 'admin');
      const m = await mailbox(actor, id);
      await db.transaction(async (tx) => {
        await repo.deleteMailbox(tx, actor.workspaceId, id);
        await audit.record(tx, actor, {
          action: 'mailbox.delete',
          entityType: 'mailbox',
          entityId: id,
          before: { name: m.name, fromAddress: m.fromAddress },
        });
      });
    },
    /** Sends one message straight through the mailbox (not the outbox), so a wrong password shows up at once. */
    async sendTest(actor: Actor, id: string, to: string) {
      assertRole(actor, 'admin');
      const m = await mailbox(actor, id);
      const transport = smtpTransport(m, secretOf(m.smtpPasswordEnc));
      try {
        const info = await transport.sendMail({
          from: { name: m.fromName, address: m.fromAddress },
          to,
          subject: 'Pipewise test message',
          text: `This is a test from Pipewise: the mailbox "${m.name}" can send mail through ${m.smtpHost}:${m.smtpPort}.`,
          messageId: `<${crypto.randomUUID()}@${domainOf(m.fromAddress)}>`,
        });
        await db.transaction((tx) =>
          audit.record(tx, actor, {
            action: 'mailbox.test',
            entityType: 'mailbox',
            entityId: id,
            after: { to, ok: true },
          }),
        );
        return { ok: true as const, to, messageId: info.messageId, response: String(info.response ?? '') };
      } catch (e) {
        const field = (e as { code?: string }).code === 'EAUTH' ? 'smtp.password' : 'smtp.host';
        throw new AppError('bad_request', describeSmtpError(e, m), { field });
      } finally {
        transport.close();
      }
    },

    listTemplates: (actor: Actor) => repo.listTemplates(actor.workspaceId),
    async saveTemplate(actor: Actor, id: string | null, input: z.infer<typeof templateInput>) {
      assertCanWrite(actor);
      checkTemplate(input, input.kind);
      const existing = id ? await repo.getTemplate(actor.workspaceId, id) : null;
      if (id && !existing) throw notFound('template', id);
      const now = clock.now();
      return db.transaction(async (tx) => {
        const row = existing
          ? (await repo.updateTemplate(tx, actor.workspaceId, existing.id, { ...input, updatedAt: now }))!
          : await repo.insertTemplate(tx, { ...input, workspaceId: actor.workspaceId, createdAt: now, updatedAt: now });
        await audit.record(tx, actor, {
          action: existing ? 'mail_template.update' : 'mail_template.create',
          entityType: 'mail_template',
          entityId: row.id,
          before: existing,
          after: row,
        });
        return row;
      });
    },
    async deleteTemplate(actor: Actor, id: string) {
      assertCanWrite(actor);
      const t = await repo.getTemplate(actor.workspaceId, id);
      if (!t) throw notFound('template', id);
      await db.transaction(async (tx) => {
        await repo.deleteTemplate(tx, actor.workspaceId, id);
        await audit.record(tx, actor, {
          action: 'mail_template.delete',
          entityType: 'mail_template',
          entityId: id,
          before: t,
        });
      });
    },

    /** Renders a draft for a real contact without queueing anything: what they would receive. */
    async preview(actor: Actor, input: { contactId: string; kind: MailKind } & TemplateParts) {
      checkTemplate(input, input.kind);
      const contact = await deps.contactFor(actor, input.contactId);
      const sender = await repo.mailboxFor(actor.workspaceId, actor.userId);
      if (!sender)
        throw new AppError('validation', 'Add a mailbox first (Settings → Mailboxes)', { field: 'mailboxId' });
      return renderTemplate(input, await mergeContext(actor, contact, sender));
    },

    /** Compose from a contact: checks, renders and queues one email; the same idempotency key never queues twice. */
    async compose(actor: Actor, input: ComposeInput) {
      assertCanWrite(actor);
      const contact = await deps.contactFor(actor, input.contactId);
      if (!contact.email) throw new AppError('validation', 'This contact has no email address', { field: 'contactId' });
      const sender = input.mailboxId
        ? await mailbox(actor, input.mailboxId)
        : await repo.mailboxFor(actor.workspaceId, actor.userId);
      if (!sender)
        throw new AppError('validation', 'Add a mailbox first (Settings → Mailboxes)', { field: 'mailboxId' });
      assertMaySendFrom(actor, sender);
      const { parts, template } = await templateParts(actor, input);
      const kind = input.templateId && template ? template.kind : input.kind;
      await assertMarketingReady(actor.workspaceId, kind);
      checkTemplate(parts, kind);
      const rendered = await renderTemplate(parts, await mergeContext(actor, contact, sender));
      // Always two parts: a plain-text draft gets an HTML twin, so clients that prefer HTML show it as written.
      if (!rendered.html.trim()) rendered.html = textToHtml(rendered.text);
      const reason = await reasonNotToSend(actor.workspaceId, contact.id, contact.email, kind);
      if (reason) throw new AppError('validation', `Not sending: ${reason}`, { field: 'contactId' });
      let replyTo: OutboxRow | null = null;
      if (input.replyToOutboxId) {
        replyTo = (await repo.getOutbox(actor.workspaceId, input.replyToOutboxId)) ?? null;
        if (!replyTo || replyTo.contactId !== contact.id)
          throw new AppError('validation', 'Invalid replyToOutboxId: no such message to this contact', {
            field: 'replyToOutboxId',
          });
        if (!/^re:/i.test(rendered.subject)) rendered.subject = `Re: ${rendered.subject}`;
      }
      const now = clock.now();
      if (input.sendAt && input.sendAt.getTime() < now.getTime() - 60_000)
        throw new AppError('validation', 'Invalid sendAt: it is in the past', { field: 'sendAt' });
      const result = await db.transaction((tx) =>
        enqueue(tx, actor, {
          workspaceId: actor.workspaceId,
          mailboxId: sender.id,
          contactId: contact.id,
          dedupeKey: `compose:${input.idempotencyKey}`,
          kind,
          source: 'compose',
          toAddress: contact.email!,
          rendered,
          sendAfter: input.sendAt ?? now,
          templateId: template?.id ?? null,
          createdBy: actor.userId,
          replyTo,
        }),
      );
      if (result.created && result.row.sendAfter.getTime() <= now.getTime()) deps.kick?.();
      return result;
    },
    enqueue,
    drain,
    /** The merge values of one contact as a mailbox would send to them (for modules that render their own drafts). */
    async mergeContextFor(workspaceId: string, contactId: string, mailboxId: string | null) {
      const actor = systemActorFor(workspaceId, 'mail.render');
      const contact = await deps.contactFor(actor, contactId);
      const sender = mailboxId
        ? await repo.getMailbox(workspaceId, mailboxId)
        : await repo.mailboxFor(workspaceId, null);
      if (!sender)
        throw new AppError('validation', 'Add a mailbox first (Settings → Mailboxes)', { field: 'mailboxId' });
      return {
        contact,
        sender: { id: sender.id, fromAddress: sender.fromAddress },
        context: await mergeContext(actor, contact, sender),
      };
    },
    assertMarketingReady,
    /** For the module that owns `source` (e.g. 'sequence'): its exits, windows and caps, checked right before sending. */
    registerSendCheck(source: string, check: SendCheck) {
      sendChecks.set(source, check);
    },
    onInbound(listener: InboundListener) {
      inboundListeners.push(listener);
    },
    /** Told after each message the SMTP server accepted (its row is `sent`). */
    onSent(listener: (row: OutboxRow) => Promise<void>) {
      sentListeners.push(listener);
    },
    /** Asks a worker to drain the outbox soon (no-op where jobs are off). */
    kickDrain: () => deps.kick?.(),
    /** Called by the IMAP reader after it filed a message; a failing listener is logged, not fatal. */
    async notifyInbound(event: Parameters<InboundListener>[0]) {
      for (const l of inboundListeners)
        await l(event).catch((e: unknown) => logger.warn({ err: String(e) }, 'inbound listener failed'));
    },
    /** Cancels queued messages (an enrolment ended, a draft was withdrawn) in the caller's transaction. */
    async cancelQueued(tx: Tx, actor: Actor, ids: string[], reason: string) {
      const now = clock.now();
      const cancelled: OutboxRow[] = [];
      for (const id of ids) {
        const row = await repo.transitionInWorkspace(tx, actor.workspaceId, id, 'queued', {
          state: 'cancelled',
          lastError: `Not sent: ${reason}`,
          updatedAt: now,
        });
        if (row) cancelled.push(row);
      }
      if (cancelled.length)
        await audit.record(
          tx,
          actor,
          cancelled.map((r) => ({
            action: 'mail.cancel',
            entityType: 'mail_outbox',
            entityId: r.id,
            after: { reason },
          })),
        );
      return cancelled.length;
    },

    async listOutbox(actor: Actor, f: { states?: OutboxState[]; contactId?: string; limit: number }) {
      if (f.contactId) await deps.contactFor(actor, f.contactId);
      const rows = await repo.listOutbox(actor.workspaceId, f);
      // A rep sees the messages to contacts they may see: those they queued, and those to contacts of theirs.
      return actor.role === 'rep' ? rows.filter((r) => r.createdBy === actor.userId || f.contactId) : rows;
    },
    async outboxCounts(actor: Actor) {
      const counts = Object.fromEntries((await repo.outboxCounts(actor.workspaceId)).map((r) => [r.state, r.n]));
      return { queued: 0, sending: 0, sent: 0, failed: 0, unknown: 0, cancelled: 0, ...counts };
    },
    async getOutbox(actor: Actor, id: string) {
      const row = await repo.getOutbox(actor.workspaceId, id);
      if (!row || (actor.role === 'rep' && !ownsOrMaySee(actor, row.createdBy))) throw notFound('message', id);
      return row;
    },
    /** A person settles a message whose fate is unknown (or retries a failed one); nothing is ever resent on its own. */
    async resolve(actor: Actor, id: string, input: z.infer<typeof resolveInput>) {
      assertRole(actor, 'manager');
      const row = await repo.getOutbox(actor.workspaceId, id);
      if (!row) throw notFound('message', id);
      const allowed: OutboxState[] = input.action === 'resend' ? ['unknown', 'failed', 'cancelled'] : ['unknown'];
      if (!allowed.includes(row.state))
        throw new AppError(
          'conflict',
          `This message is ${row.state}; ${input.action.replace('_', ' ')} applies to ${allowed.join(' or ')} messages`,
          { field: 'action' },
        );
      const now = clock.now();
      const next: Partial<OutboxRow> =
        input.action === 'mark_sent'
          ? { state: 'sent', sentAt: row.claimedAt ?? now }
          : input.action === 'mark_failed'
            ? { state: 'failed' }
            : { state: 'queued', sendAfter: now, attempts: 0, lastError: null };
      const updated = await db.transaction(async (tx) => {
        const after = await repo.transition(tx, id, row.state, {
          ...next,
          resolvedBy: actor.id,
          resolution: `${input.action}${input.note ? `: ${input.note}` : ''}`,
          updatedAt: now,
        });
        if (!after) throw new AppError('conflict', 'This message changed meanwhile; reload it', { field: 'action' });
        if (input.action === 'mark_sent' && after.contactId && !after.activityId) {
          const activityId = await deps.timeline.logEmail(tx, actor, {
            type: 'email_sent',
            contactId: after.contactId,
            ownerId: after.createdBy,
            at: after.sentAt ?? now,
            subject: after.subject,
            body: after.bodyText,
            metadata: {
              outboxId: after.id,
              messageId: after.messageId,
              threadId: after.threadId,
              mailboxId: after.mailboxId,
              to: after.toAddress,
              kind: after.kind,
              confirmedBy: actor.name,
            },
          });
          await repo.updateOutbox(tx, id, { activityId });
        }
        await audit.record(tx, actor, {
          action: `mail.resolve.${input.action}`,
          entityType: 'mail_outbox',
          entityId: id,
          before: { state: row.state },
          after: { state: after.state, note: input.note ?? null },
        });
        return after;
      });
      if (input.action === 'resend') deps.kick?.();
      return updated;
    },

    listSuppressions: (actor: Actor, limit: number) => repo.listSuppressions(actor.workspaceId, limit),
    async suppressByHand(actor: Actor, address: string, detail?: string) {
      assertCanWrite(actor);
      return (
        (await addSuppression(actor, address, 'manual', null, detail ?? null)) ??
        (await repo.suppression(actor.workspaceId, address))!
      );
    },
    async unsuppress(actor: Actor, address: string) {
      assertRole(actor, 'admin');
      await db.transaction(async (tx) => {
        const [row] = await repo.unsuppress(tx, actor.workspaceId, address.toLowerCase());
        if (!row) throw notFound('suppression', address);
        await audit.record(tx, actor, {
          action: 'mail.unsuppress',
          entityType: 'mail_suppression',
          entityId: row.address,
          before: row,
        });
      });
    },
    /** The public one-click unsubscribe (RFC 8058): the signed token names the workspace and the address. */
    async unsubscribe(token: string) {
      const cut = token.lastIndexOf('.');
      const payload = token.slice(0, cut);
      const [workspaceId, encoded] = payload.split('.');
      if (cut < 0 || !workspaceId || !encoded || !secrets.verify(payload, token.slice(cut + 1))) {
        throw new AppError('bad_request', 'This unsubscribe link is not valid', { field: 't' });
      }
      const address = Buffer.from(encoded, 'base64url').toString('utf8');
      await addSuppression(
        systemActorFor(workspaceId, 'unsubscribe-link'),
        address,
        'unsubscribed',
        null,
        'one-click unsubscribe link',
      );
      return { address };
    },
    addSuppression,
    reasonNotToSend,
    repo,
  };
}
export type MailService = ReturnType<typeof createMailService>;
