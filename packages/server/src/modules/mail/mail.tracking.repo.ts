import { and, asc, count, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { mailEvents, mailOutbox, mailSettings, type MailEventKind } from './mail.schema';

export type MailEventRow = typeof mailEvents.$inferSelect;

/** The SQL of open and click tracking (events on outbox messages). */
export function createTrackingRepo(db: Db) {
  return {
    trackOpens: async (ws: string) =>
      (await db.select({ on: mailSettings.trackOpens }).from(mailSettings).where(eq(mailSettings.workspaceId, ws)))[0]
        ?.on ?? false,
    outbox: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select({
            id: mailOutbox.id,
            workspaceId: mailOutbox.workspaceId,
            contactId: mailOutbox.contactId,
            createdBy: mailOutbox.createdBy,
            subject: mailOutbox.subject,
            messageId: mailOutbox.messageId,
            threadId: mailOutbox.threadId,
            source: mailOutbox.source,
            sourceRef: mailOutbox.sourceRef,
            state: mailOutbox.state,
          })
          .from(mailOutbox)
          .where(and(eq(mailOutbox.workspaceId, ws), eq(mailOutbox.id, id)))
      )[0],
    /** How many events of this kind (and link) the message already has: the first one goes on the timeline. */
    countEvents: async (tx: Tx, ws: string, outboxId: string, kind: MailEventKind, url: string | null) =>
      (
        await tx
          .select({ n: count() })
          .from(mailEvents)
          .where(
            and(
              eq(mailEvents.workspaceId, ws),
              eq(mailEvents.outboxId, outboxId),
              eq(mailEvents.kind, kind),
              url === null ? undefined : eq(mailEvents.url, url),
            ),
          )
      )[0]?.n ?? 0,
    insertEvent: async (tx: Tx, values: typeof mailEvents.$inferInsert) =>
      (await tx.insert(mailEvents).values(values).returning())[0]!,
    eventsOf: (ws: string, outboxId: string) =>
      db
        .select()
        .from(mailEvents)
        .where(and(eq(mailEvents.workspaceId, ws), eq(mailEvents.outboxId, outboxId)))
        .orderBy(asc(mailEvents.at))
        .limit(500),
  };
}
