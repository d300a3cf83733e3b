import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secrets';
import { AppError, notFound } from '../../platform/errors';
import type { MailEventKind } from './mail.schema';
import { createTrackingRepo } from './mail.tracking.repo';
import type { TimelineWriter } from './mail.service';

/** Told about every recorded open and click (e.g. a sequence's "opened / clicked" branch). */
export type EngagementListener = (event: {
  kind: MailEventKind;
  workspaceId: string;
  outboxId: string;
  contactId: string | null;
  source: string;
  sourceRef: Record<string, unknown>;
  url: string | null;
  at: Date;
}) => Promise<void>;

export type TrackingDeps = {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  logger: Logger;
  timeline: TimelineWriter;
  /** Base URL of this server for links in emails. */
  publicUrl: string;
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const decodeEntities = (s: string) =>
  s.replace(/&(amp|quot|#39|lt|gt);/g, (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[e]!);
const SETTINGS_TTL_MS = 30_000;
/** A 1×1 transparent GIF. */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Open and click tracking. Links in a message's HTML are rewritten when it is sent (the stored message keeps the
 * originals) to `/t/c/<token>`: the token carries the workspace, the message and the target, signed with HMAC, so
 * the redirect only ever goes where one of our emails pointed (a forged or altered token is a 400, never a
 * redirect). The open pixel (`/t/o/<token>`) is added only when the workspace turned it on (off by default).
 */
export function createMailTracking(deps: TrackingDeps) {
  const { db, clock, secrets, logger } = deps;
  const repo = createTrackingRepo(db);
  const base = deps.publicUrl.replace(/\/$/, '');
  const listeners: EngagementListener[] = [];
  const openSetting = new Map<string, { on: boolean; until: number }>();

  async function trackOpens(workspaceId: string) {
    const now = Date.now();
    const hit = openSetting.get(workspaceId);
    if (hit && hit.until > now) return hit.on;
    const on = await repo.trackOpens(workspaceId);
    openSetting.set(workspaceId, { on, until: now + SETTINGS_TTL_MS });
    return on;
  }

  function clickUrl(workspaceId: string, outboxId: string, target: string) {
    const payload = `${workspaceId}.${outboxId}.${b64(target)}`;
    return `${base}/t/c/${payload}.${secrets.sign(`c.${payload}`)}`;
  }
  function openUrl(workspaceId: string, outboxId: string) {
    const payload = `${workspaceId}.${outboxId}`;
    return `${base}/t/o/${payload}.${secrets.sign(`o.${payload}`)}`;
  }

  /** Our own links (unsubscribe, preference centre, tracking) stay as they are: they must work without a detour. */
  const ownLink = (url: string) => url.startsWith(`${base}/api/public/`) || url.startsWith(`${base}/t/`);

  /** The HTML as it goes out: http(s) links through the signed redirect, and the pixel when opens are counted. */
  function rewriteHtml(row: { id: string; workspaceId: string; bodyHtml: string }, withPixel: boolean) {
    let html = row.bodyHtml.replace(
      /(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"']+)\2/gi,
      (whole, before: string, quote: string, href: string) => {
        const target = decodeEntities(href);
        if (ownLink(target)) return whole;
        return `${before}${quote}${clickUrl(row.workspaceId, row.id, target)}${quote}`;
      },
    );
    if (withPixel) {
      const img = `<img src="${openUrl(row.workspaceId, row.id)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
      html = /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${img}</body>`) : html + img;
    }
    return html;
  }

  const invalid = () => new AppError('bad_request', 'This link is not valid', { field: 'token' });

  function parseClick(token: string) {
    const parts = token.split('.');
    if (parts.length !== 4) throw invalid();
    const [ws, outboxId, target, sig] = parts as [string, string, string, string];
    if (!UUID.test(ws) || !UUID.test(outboxId) || !secrets.verify(`c.${ws}.${outboxId}.${target}`, sig))
      throw invalid();
    const url = unb64(target);
    if (!/^https?:\/\//i.test(url)) throw invalid();
    return { workspaceId: ws, outboxId, url };
  }
  function parseOpen(token: string) {
    const parts = token.split('.');
    if (parts.length !== 3) throw invalid();
    const [ws, outboxId, sig] = parts as [string, string, string];
    if (!UUID.test(ws) || !UUID.test(outboxId) || !secrets.verify(`o.${ws}.${outboxId}`, sig)) throw invalid();
    return { workspaceId: ws, outboxId };
  }

  /** Records the event on the message and, the first time (per link for clicks), on the contact's timeline. */
  async function record(kind: MailEventKind, workspaceId: string, outboxId: string, url: string | null) {
    const at = clock.now();
    const row = await repo.outbox(workspaceId, outboxId);
    if (!row) return; // the message was deleted since: nothing to record, the link still works
    await db.transaction(async (tx) => {
      const first = (await repo.countEvents(tx, workspaceId, outboxId, kind, url)) === 0;
      await repo.insertEvent(tx, { workspaceId, outboxId, kind, url, at });
      if (first && row.contactId) {
        const actor: Actor = {
          kind: 'system',
          id: 'mail.tracking',
          userId: null,
          workspaceId,
          role: 'owner',
          name: 'Mail',
          repsSeeUnassigned: true,
        };
        await deps.timeline.logEmail(tx, actor, {
          type: kind === 'open' ? 'email_opened' : 'email_clicked',
          contactId: row.contactId,
          ownerId: row.createdBy,
          at,
          subject: row.subject,
          body: url ?? '',
          metadata: { outboxId, messageId: row.messageId, threadId: row.threadId, ...(url ? { url } : {}) },
        });
      }
    });
    for (const listener of listeners) {
      await listener({
        kind,
        workspaceId,
        outboxId,
        contactId: row.contactId,
        source: row.source,
        sourceRef: row.sourceRef,
        url,
        at,
      }).catch((e) => logger.warn({ err: String(e), outboxId }, 'an engagement listener failed'));
    }
  }

  return {
    repo,
    clickUrl,
    openUrl,
    /** The HTML to send for an outbox row (called by the sender just before it builds the message). */
    async htmlToSend(row: { id: string; workspaceId: string; bodyHtml: string }) {
      if (!row.bodyHtml) return row.bodyHtml;
      return rewriteHtml(row, await trackOpens(row.workspaceId));
    },
    rewriteHtml,
    /** A click: records it (failures to record never break the link) and answers where to send the reader. */
    async click(token: string) {
      const { workspaceId, outboxId, url } = parseClick(token);
      await record('click', workspaceId, outboxId, url).catch((e) =>
        logger.warn({ err: String(e), outboxId }, 'could not record a click'),
      );
      return url;
    },
    async open(token: string) {
      const { workspaceId, outboxId } = parseOpen(token);
      await record('open', workspaceId, outboxId, null).catch((e) =>
        logger.warn({ err: String(e), outboxId }, 'could not record an open'),
      );
    },
    async events(actor: Actor, outboxId: string) {
      const row = await repo.outbox(actor.workspaceId, outboxId);
      if (!row) throw notFound('message', outboxId);
      return repo.eventsOf(actor.workspaceId, outboxId);
    },
    forgetSettings: (workspaceId: string) => openSetting.delete(workspaceId),
    onEngagement(listener: EngagementListener) {
      listeners.push(listener);
    },
  };
}
export type MailTracking = ReturnType<typeof createMailTracking>;
