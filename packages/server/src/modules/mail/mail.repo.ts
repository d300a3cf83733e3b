import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import {
  mailInbound,
  mailMailboxes,
  mailOutbox,
  mailSettings,
  mailSuppressions,
  mailTemplates,
  type OutboxState,
  type SuppressionReason,
} from './mail.schema';

export type MailboxRow = typeof mailMailboxes.$inferSelect;
export type OutboxRow = typeof mailOutbox.$inferSelect;
export type TemplateRow = typeof mailTemplates.$inferSelect;
export type InboundRow = typeof mailInbound.$inferSelect;

export function createMailRepo(db: Db) {
  return {
    // Mailboxes
    listMailboxes: (ws: string) =>
      db.select().from(mailMailboxes).where(eq(mailMailboxes.workspaceId, ws)).orderBy(asc(mailMailboxes.name)),
    getMailbox: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(mailMailboxes)
          .where(and(eq(mailMailboxes.workspaceId, ws), eq(mailMailboxes.id, id)))
      )[0],
    /** The sender for a user: their own mailbox, else the workspace default, else any shared one. */
    mailboxFor: async (ws: string, userId: string | null) =>
      (
        await db
          .select()
          .from(mailMailboxes)
          .where(eq(mailMailboxes.workspaceId, ws))
          .orderBy(
            sql`case when ${mailMailboxes.userId} = ${userId ?? null}::uuid then 0 when ${mailMailboxes.isDefault} then 1 when ${mailMailboxes.userId} is null then 2 else 3 end`,
            asc(mailMailboxes.createdAt),
          )
          .limit(1)
      )[0],
    insertMailbox: async (tx: Tx, values: typeof mailMailboxes.$inferInsert) =>
      (await tx.insert(mailMailboxes).values(values).returning())[0]!,
    updateMailbox: async (tx: Tx, ws: string, id: string, values: Partial<typeof mailMailboxes.$inferInsert>) =>
      (
        await tx
          .update(mailMailboxes)
          .set(values)
          .where(and(eq(mailMailboxes.workspaceId, ws), eq(mailMailboxes.id, id)))
          .returning()
      )[0],
    clearDefault: (tx: Tx, ws: string) =>
      tx.update(mailMailboxes).set({ isDefault: false }).where(eq(mailMailboxes.workspaceId, ws)),
    deleteMailbox: (tx: Tx, ws: string, id: string) =>
      tx.delete(mailMailboxes).where(and(eq(mailMailboxes.workspaceId, ws), eq(mailMailboxes.id, id))),
    mailboxesWithImap: () =>
      db
        .select()
        .from(mailMailboxes)
        .where(sql`${mailMailboxes.imapHost} is not null`),
    savePollState: (
      id: string,
      values: Pick<Partial<MailboxRow>, 'imapNextUid' | 'imapUidValidity' | 'imapLastPolledAt' | 'imapLastError'>,
    ) => db.update(mailMailboxes).set(values).where(eq(mailMailboxes.id, id)),

    // Settings
    getSettings: async (ws: string) =>
      (await db.select().from(mailSettings).where(eq(mailSettings.workspaceId, ws)))[0],
    upsertSettings: async (tx: Tx, values: typeof mailSettings.$inferInsert) =>
      (
        await tx
          .insert(mailSettings)
          .values(values)
          .onConflictDoUpdate({ target: mailSettings.workspaceId, set: values })
          .returning()
      )[0]!,

    // Templates
    listTemplates: (ws: string) =>
      db.select().from(mailTemplates).where(eq(mailTemplates.workspaceId, ws)).orderBy(asc(mailTemplates.name)),
    getTemplate: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(mailTemplates)
          .where(and(eq(mailTemplates.workspaceId, ws), eq(mailTemplates.id, id)))
      )[0],
    insertTemplate: async (tx: Tx, values: typeof mailTemplates.$inferInsert) =>
      (await tx.insert(mailTemplates).values(values).returning())[0]!,
    updateTemplate: async (tx: Tx, ws: string, id: string, values: Partial<typeof mailTemplates.$inferInsert>) =>
      (
        await tx
          .update(mailTemplates)
          .set(values)
          .where(and(eq(mailTemplates.workspaceId, ws), eq(mailTemplates.id, id)))
          .returning()
      )[0],
    deleteTemplate: (tx: Tx, ws: string, id: string) =>
      tx.delete(mailTemplates).where(and(eq(mailTemplates.workspaceId, ws), eq(mailTemplates.id, id))),

    // Outbox
    /** Inserts unless the dedupe key is taken; returns the row either way and whether it is new. */
    async enqueue(tx: Tx, values: typeof mailOutbox.$inferInsert): Promise<{ row: OutboxRow; created: boolean }> {
      const [row] = await tx
        .insert(mailOutbox)
        .values(values)
        .onConflictDoNothing({ target: [mailOutbox.workspaceId, mailOutbox.dedupeKey] })
        .returning();
      if (row) return { row, created: true };
      const [existing] = await tx
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.workspaceId, values.workspaceId), eq(mailOutbox.dedupeKey, values.dedupeKey)));
      return { row: existing!, created: false };
    },
    getOutbox: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.workspaceId, ws), eq(mailOutbox.id, id)))
      )[0],
    listOutbox: (ws: string, f: { states?: OutboxState[]; contactId?: string; limit: number }) =>
      db
        .select()
        .from(mailOutbox)
        .where(
          and(
            eq(mailOutbox.workspaceId, ws),
            f.states?.length ? inArray(mailOutbox.state, f.states) : undefined,
            f.contactId ? eq(mailOutbox.contactId, f.contactId) : undefined,
          ),
        )
        .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
        .limit(f.limit),
    outboxCounts: (ws: string) =>
      rowsOf<{ state: OutboxState; n: number }>(
        db,
        sql`select state, count(*)::int as n from mail_outbox where workspace_id = ${ws} group by state`,
      ),
    updateOutbox: async (tx: Tx, id: string, values: Partial<typeof mailOutbox.$inferInsert>) =>
      (await tx.update(mailOutbox).set(values).where(eq(mailOutbox.id, id)).returning())[0],
    /** Only moves a row that is still in the expected state: two hands can never both finish the same message. */
    transition: async (tx: Tx, id: string, from: OutboxState, values: Partial<typeof mailOutbox.$inferInsert>) =>
      (
        await tx
          .update(mailOutbox)
          .set(values)
          .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, from)))
          .returning()
      )[0],
    transitionInWorkspace: async (
      tx: Tx,
      ws: string,
      id: string,
      from: OutboxState,
      values: Partial<typeof mailOutbox.$inferInsert>,
    ) =>
      (
        await tx
          .update(mailOutbox)
          .set(values)
          .where(and(eq(mailOutbox.workspaceId, ws), eq(mailOutbox.id, id), eq(mailOutbox.state, from)))
          .returning()
      )[0],
    /** Mailboxes with queued messages due now (all workspaces: the drainer is the system's). */
    dueMailboxIds: async (now: Date) =>
      (
        await rowsOf<{ mailbox_id: string }>(
          db,
          sql`select distinct mailbox_id from mail_outbox where state = 'queued' and send_after <= ${now.toISOString()}::timestamptz`,
        )
      ).map((r) => r.mailbox_id),
    /**
     * Claims up to `max` due messages of one mailbox, within its caps. The mailbox row is locked (SKIP LOCKED: a
     * mailbox another drainer is claiming for is skipped) so that two drainers cannot both see room under the cap.
     */
    claim: (mailboxId: string, now: Date, worker: string, max: number) =>
      db.transaction(async (tx) => {
        const [mb] = await rowsOf<{ daily_cap: number; per_minute: number }>(
          tx,
          sql`select daily_cap, per_minute from mail_mailboxes where id = ${mailboxId} for update skip locked`,
        );
        if (!mb) return { rows: [] as OutboxRow[], capped: null };
        const at = now.toISOString();
        const [used] = await rowsOf<{
          day: number;
          minute: number;
          oldest_day: string | null;
          oldest_minute: string | null;
        }>(
          tx,
          sql`select count(*)::int as day,
                     count(*) filter (where claimed_at > ${at}::timestamptz - interval '1 minute')::int as minute,
                     min(claimed_at)::text as oldest_day,
                     min(claimed_at) filter (where claimed_at > ${at}::timestamptz - interval '1 minute')::text as oldest_minute
                from mail_outbox
               where mailbox_id = ${mailboxId} and state in ('sending', 'sent', 'unknown')
                 and claimed_at > ${at}::timestamptz - interval '24 hours'`,
        );
        const room = Math.min(max, mb.daily_cap - (used?.day ?? 0), mb.per_minute - (used?.minute ?? 0));
        if (room <= 0) {
          // When the cap frees up again: the oldest claim in the window leaves it.
          const dayFull = mb.daily_cap - (used?.day ?? 0) <= 0;
          const oldest = dayFull ? used?.oldest_day : used?.oldest_minute;
          const windowMs = dayFull ? 86_400_000 : 60_000;
          return {
            rows: [] as OutboxRow[],
            capped: {
              cap: dayFull ? ('daily' as const) : ('per_minute' as const),
              until: new Date(new Date(oldest ?? at).getTime() + windowMs),
            },
          };
        }
        const ids = sql`select id from mail_outbox where mailbox_id = ${mailboxId} and state = 'queued' and send_after <= ${at}::timestamptz
                         order by send_after, id limit ${room} for update skip locked`;
        const rows = await tx
          .update(mailOutbox)
          .set({
            state: 'sending',
            claimedAt: now,
            claimedBy: worker,
            attempts: sql`${mailOutbox.attempts} + 1`,
            updatedAt: now,
          })
          .where(sql`${mailOutbox.id} in (${ids})`)
          .returning();
        return { rows, capped: null };
      }),
    /** Rows left in `sending` past the lease belong to a drainer that died mid-conversation: nobody knows if they left. */
    sweepStale: (olderThan: Date, now: Date) =>
      db
        .update(mailOutbox)
        .set({
          state: 'unknown',
          lastError: 'The sender stopped during the SMTP conversation: it may or may not have been delivered',
          updatedAt: now,
        })
        .where(and(eq(mailOutbox.state, 'sending'), lt(mailOutbox.claimedAt, olderThan)))
        .returning({ id: mailOutbox.id, workspaceId: mailOutbox.workspaceId }),
    sentLast24h: (ws: string, now: Date) =>
      rowsOf<{ mailbox_id: string; n: number }>(
        db,
        sql`select mailbox_id, count(*)::int as n from mail_outbox where workspace_id = ${ws} and state in ('sending', 'sent', 'unknown')
              and claimed_at > ${now.toISOString()}::timestamptz - interval '24 hours' group by mailbox_id`,
      ),
    byMessageIds: (ws: string, ids: string[]) =>
      ids.length
        ? db
            .select()
            .from(mailOutbox)
            .where(and(eq(mailOutbox.workspaceId, ws), inArray(mailOutbox.messageId, ids)))
        : Promise.resolve([] as OutboxRow[]),

    // Suppressions
    suppress: (
      tx: Tx,
      values: {
        workspaceId: string;
        address: string;
        reason: SuppressionReason;
        contactId?: string | null;
        detail?: string | null;
        createdAt: Date;
      },
    ) => tx.insert(mailSuppressions).values(values).onConflictDoNothing().returning(),
    suppression: async (ws: string, address: string) =>
      (
        await db
          .select()
          .from(mailSuppressions)
          .where(and(eq(mailSuppressions.workspaceId, ws), eq(mailSuppressions.address, address.toLowerCase())))
      )[0],
    listSuppressions: (ws: string, limit: number) =>
      db
        .select()
        .from(mailSuppressions)
        .where(eq(mailSuppressions.workspaceId, ws))
        .orderBy(desc(mailSuppressions.createdAt))
        .limit(limit),
    unsuppress: (tx: Tx, ws: string, address: string) =>
      tx
        .delete(mailSuppressions)
        .where(and(eq(mailSuppressions.workspaceId, ws), eq(mailSuppressions.address, address)))
        .returning(),

    // Inbound
    insertInbound: async (tx: Tx, values: typeof mailInbound.$inferInsert) =>
      (await tx.insert(mailInbound).values(values).onConflictDoNothing().returning())[0],
    updateInbound: (tx: Tx, id: string, values: Partial<typeof mailInbound.$inferInsert>) =>
      tx.update(mailInbound).set(values).where(eq(mailInbound.id, id)),
    listInbound: (ws: string, limit: number) =>
      db
        .select()
        .from(mailInbound)
        .where(eq(mailInbound.workspaceId, ws))
        .orderBy(desc(mailInbound.receivedAt))
        .limit(limit),
  };
}
export type MailRepo = ReturnType<typeof createMailRepo>;
