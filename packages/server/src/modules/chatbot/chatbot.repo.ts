import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import {
  chatbotConversations,
  chatbotEmbeddings,
  chatbotKbEntries,
  chatbotMessages,
  chatbotSettings,
  type ConversationStatus,
  type MessageSender,
} from './chatbot.schema';

export type KbEntryRow = typeof chatbotKbEntries.$inferSelect;
export type SettingsRow = typeof chatbotSettings.$inferSelect;
export type ConversationRow = typeof chatbotConversations.$inferSelect;
export type MessageRow = typeof chatbotMessages.$inferSelect;

export function createChatbotRepo(db: Db) {
  return {
    /** For the ROI report: conversations since a date, those no person had to answer, those that left a contact. */
    outcomesSince: async (ws: string, since: Date) => {
      const [r] = await rowsOf<{ conversations: number; answered: number; leads: number }>(
        db,
        sql`select count(*)::int as conversations,
              count(*) filter (where c.status <> 'waiting' and not exists (
                select 1 from chatbot_messages m where m.conversation_id = c.id and m.sender = 'agent'))::int as answered,
              count(*) filter (where c.contact_id is not null)::int as leads
            from chatbot_conversations c where c.workspace_id = ${ws} and c.created_at >= ${since.toISOString()}`,
      );
      return {
        conversations: r?.conversations ?? 0,
        answeredWithoutPerson: r?.answered ?? 0,
        leadsCaptured: r?.leads ?? 0,
      };
    },
    // Knowledge base
    listEntries: (ws: string, tx: Tx = db) =>
      tx
        .select()
        .from(chatbotKbEntries)
        .where(eq(chatbotKbEntries.workspaceId, ws))
        .orderBy(asc(chatbotKbEntries.kind), asc(chatbotKbEntries.question), asc(chatbotKbEntries.id)),
    getEntry: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(chatbotKbEntries)
          .where(and(eq(chatbotKbEntries.workspaceId, ws), eq(chatbotKbEntries.id, id)))
      )[0],
    insertEntries: (tx: Tx, rows: (typeof chatbotKbEntries.$inferInsert)[]) =>
      rows.length ? tx.insert(chatbotKbEntries).values(rows).returning() : Promise.resolve([] as KbEntryRow[]),
    updateEntry: async (tx: Tx, ws: string, id: string, values: Partial<typeof chatbotKbEntries.$inferInsert>) =>
      (
        await tx
          .update(chatbotKbEntries)
          .set(values)
          .where(and(eq(chatbotKbEntries.workspaceId, ws), eq(chatbotKbEntries.id, id)))
          .returning()
      )[0],
    deleteEntry: async (tx: Tx, ws: string, id: string) =>
      (
        await tx
          .delete(chatbotKbEntries)
          .where(and(eq(chatbotKbEntries.workspaceId, ws), eq(chatbotKbEntries.id, id)))
          .returning()
      )[0],
    deleteEntriesBySource: (tx: Tx, ws: string, source: string) =>
      tx
        .delete(chatbotKbEntries)
        .where(and(eq(chatbotKbEntries.workspaceId, ws), eq(chatbotKbEntries.source, source)))
        .returning({ id: chatbotKbEntries.id }),

    // Settings
    settings: async (ws: string, tx: Tx = db) =>
      (await tx.select().from(chatbotSettings).where(eq(chatbotSettings.workspaceId, ws)))[0],
    upsertSettings: async (tx: Tx, ws: string, values: Partial<typeof chatbotSettings.$inferInsert>) =>
      (
        await tx
          .insert(chatbotSettings)
          .values({ ...values, workspaceId: ws })
          .onConflictDoUpdate({ target: chatbotSettings.workspaceId, set: values })
          .returning()
      )[0]!,
    /** One more knowledge-base version: every process's cached engine older than it is rebuilt. */
    bumpKbVersion: async (tx: Tx, ws: string) =>
      (
        await rowsOf<{ kb_version: number }>(
          tx,
          sql`insert into chatbot_settings (workspace_id, kb_version) values (${ws}, 1)
              on conflict (workspace_id) do update set kb_version = chatbot_settings.kb_version + 1
              returning kb_version`,
        )
      )[0]!.kb_version,
    kbVersion: async (ws: string) =>
      (
        await rowsOf<{ kb_version: number }>(
          db,
          sql`select kb_version from chatbot_settings where workspace_id = ${ws}`,
        )
      )[0]?.kb_version ?? 0,

    // Embedding cache
    embeddings: (ws: string, model: string, hashes: string[]) =>
      hashes.length
        ? db
            .select({ textHash: chatbotEmbeddings.textHash, vector: chatbotEmbeddings.vector })
            .from(chatbotEmbeddings)
            .where(
              and(
                eq(chatbotEmbeddings.workspaceId, ws),
                eq(chatbotEmbeddings.model, model),
                inArray(chatbotEmbeddings.textHash, hashes),
              ),
            )
        : Promise.resolve([]),
    saveEmbeddings: (ws: string, model: string, rows: { textHash: string; vector: Buffer }[]) =>
      rows.length
        ? db
            .insert(chatbotEmbeddings)
            .values(rows.map((r) => ({ ...r, workspaceId: ws, model })))
            .onConflictDoNothing()
        : Promise.resolve(),

    // Conversations
    insertConversation: async (tx: Tx, values: typeof chatbotConversations.$inferInsert) =>
      (await tx.insert(chatbotConversations).values(values).returning())[0]!,
    conversation: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(chatbotConversations)
          .where(and(eq(chatbotConversations.workspaceId, ws), eq(chatbotConversations.id, id)))
      )[0],
    /** The row locked for this transaction: messages of one conversation are numbered one at a time. */
    lockConversation: async (tx: Tx, ws: string, id: string) =>
      (
        await tx
          .select()
          .from(chatbotConversations)
          .where(and(eq(chatbotConversations.workspaceId, ws), eq(chatbotConversations.id, id)))
          .for('update')
      )[0],
    updateConversation: async (
      tx: Tx,
      ws: string,
      id: string,
      values: Partial<typeof chatbotConversations.$inferInsert>,
    ) =>
      (
        await tx
          .update(chatbotConversations)
          .set(values)
          .where(and(eq(chatbotConversations.workspaceId, ws), eq(chatbotConversations.id, id)))
          .returning()
      )[0]!,
    listConversations: (
      ws: string,
      f: { statuses?: ConversationStatus[]; contactId?: string; before?: Date; limit: number },
    ) =>
      db
        .select()
        .from(chatbotConversations)
        .where(
          and(
            eq(chatbotConversations.workspaceId, ws),
            f.statuses?.length ? inArray(chatbotConversations.status, f.statuses) : undefined,
            f.contactId ? eq(chatbotConversations.contactId, f.contactId) : undefined,
            f.before ? lt(chatbotConversations.lastMessageAt, f.before) : undefined,
          ),
        )
        .orderBy(desc(chatbotConversations.lastMessageAt), desc(chatbotConversations.id))
        .limit(f.limit),
    statusCounts: (ws: string) =>
      rowsOf<{ status: ConversationStatus; n: number }>(
        db,
        sql`select status, count(*)::int as n from chatbot_conversations where workspace_id = ${ws} group by status`,
      ),

    // Messages
    insertMessage: async (
      tx: Tx,
      values: {
        workspaceId: string;
        conversationId: string;
        seq: number;
        sender: MessageSender;
        text: string;
        meta?: Record<string, unknown>;
        userId?: string | null;
        createdAt: Date;
      },
    ) => (await tx.insert(chatbotMessages).values(values).returning())[0]!,
    messagesAfter: (ws: string, conversationId: string, afterSeq: number, tx: Tx = db) =>
      tx
        .select()
        .from(chatbotMessages)
        .where(
          and(
            eq(chatbotMessages.workspaceId, ws),
            eq(chatbotMessages.conversationId, conversationId),
            gt(chatbotMessages.seq, afterSeq),
          ),
        )
        .orderBy(asc(chatbotMessages.seq))
        .limit(500),
    message: async (ws: string, id: string) =>
      (
        await db
          .select()
          .from(chatbotMessages)
          .where(and(eq(chatbotMessages.workspaceId, ws), eq(chatbotMessages.id, id)))
      )[0],
    rateMessage: (tx: Tx, ws: string, id: string, helpful: boolean) =>
      tx
        .update(chatbotMessages)
        .set({ helpful })
        .where(and(eq(chatbotMessages.workspaceId, ws), eq(chatbotMessages.id, id))),
    resolveMessage: (tx: Tx, ws: string, id: string, at: Date) =>
      tx
        .update(chatbotMessages)
        .set({ resolvedAt: at })
        .where(and(eq(chatbotMessages.workspaceId, ws), eq(chatbotMessages.id, id))),
    /** Messages of any conversation newer than a time (the inbox stream's poll, for other processes' writes). */
    messagesSince: (ws: string, since: Date) =>
      db
        .select()
        .from(chatbotMessages)
        .where(and(eq(chatbotMessages.workspaceId, ws), gt(chatbotMessages.createdAt, since)))
        .orderBy(asc(chatbotMessages.createdAt), asc(chatbotMessages.seq))
        .limit(200),
    /**
     * Bot replies the report lists: handed off, unsure, or rated unhelpful, not yet resolved; with the visitor's
     * question just before each.
     */
    unanswered: (ws: string, limit: number) =>
      rowsOf<{
        id: string;
        conversation_id: string;
        question: string | null;
        reply: string;
        reason: string;
        confidence: number | null;
        created_at: Date | string;
      }>(
        db,
        sql`select m.id, m.conversation_id, q.text as question, m.text as reply,
                   case when m.helpful = false then 'thumbs_down'
                        when m.meta->>'kind' = 'handoff_request' then 'handoff'
                        when m.meta->>'reason' = 'not_english' then 'not_english'
                        else 'low_confidence' end as reason,
                   (m.meta->>'confidence')::float8 as confidence, m.created_at
            from chatbot_messages m
            left join lateral (select v.text from chatbot_messages v
                               where v.workspace_id = m.workspace_id and v.conversation_id = m.conversation_id
                                 and v.seq < m.seq and v.sender = 'visitor' order by v.seq desc limit 1) q on true
            where m.workspace_id = ${ws} and m.sender in ('bot', 'system') and m.resolved_at is null
              and (m.helpful = false or m.meta->>'kind' in ('handoff', 'handoff_request'))
            order by m.created_at desc limit ${limit}`,
      ),
  };
}
export type ChatbotRepo = ReturnType<typeof createChatbotRepo>;
