import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import {
  sequenceEnrolments,
  sequenceItems,
  sequenceSettings,
  sequenceSteps,
  sequences,
  type EnrolmentStatus,
  type ItemState,
} from './sequences.schema';

export type SequenceRow = typeof sequences.$inferSelect;
export type StepRow = typeof sequenceSteps.$inferSelect;
export type EnrolmentRow = typeof sequenceEnrolments.$inferSelect;
export type ItemRow = typeof sequenceItems.$inferSelect;
export type SequenceSettingsRow = typeof sequenceSettings.$inferSelect;

export function createSequencesRepo(db: Db) {
  return {
    /** For the ROI report: enrolments since a date, those that ended in a reply or a deal, steps done without a person. */
    outcomesSince: async (ws: string, since: Date) => {
      const [e] = await rowsOf<{ enrolled: number; converted: number }>(
        db,
        sql`select count(*)::int as enrolled,
              count(*) filter (where exit_reason in ('replied', 'deal_created', 'deal_won'))::int as converted
            from sequence_enrolments where workspace_id = ${ws} and enrolled_at >= ${since.toISOString()}`,
      );
      const [i] = await rowsOf<{ automated: number }>(
        db,
        sql`select count(*)::int as automated from sequence_items
            where workspace_id = ${ws} and created_at >= ${since.toISOString()} and decided_by is null
              and kind in ('email', 'task') and state in ('sent', 'done')`,
      );
      return { enrolled: e?.enrolled ?? 0, converted: e?.converted ?? 0, stepsAutomated: i?.automated ?? 0 };
    },
    settings: async (ws: string, tx: Tx = db) =>
      (await tx.select().from(sequenceSettings).where(eq(sequenceSettings.workspaceId, ws)))[0],
    upsertSettings: async (tx: Tx, values: typeof sequenceSettings.$inferInsert) =>
      (
        await tx
          .insert(sequenceSettings)
          .values(values)
          .onConflictDoUpdate({ target: sequenceSettings.workspaceId, set: values })
          .returning()
      )[0]!,

    listSequences: (ws: string) =>
      rowsOf<{ id: string; steps: number; active: number }>(
        db,
        sql`select s.id,
                   (select count(*)::int from sequence_steps st where st.workspace_id = s.workspace_id and st.sequence_id = s.id and not st.removed) as steps,
                   (select count(*)::int from sequence_enrolments e where e.workspace_id = s.workspace_id and e.sequence_id = s.id and e.status = 'active') as active
              from sequences s where s.workspace_id = ${ws} order by s.created_at desc`,
      ),
    sequenceRows: (ws: string) =>
      db.select().from(sequences).where(eq(sequences.workspaceId, ws)).orderBy(desc(sequences.createdAt)),
    getSequence: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(sequences)
          .where(and(eq(sequences.workspaceId, ws), eq(sequences.id, id)))
      )[0],
    insertSequence: async (tx: Tx, values: typeof sequences.$inferInsert) =>
      (await tx.insert(sequences).values(values).returning())[0]!,
    updateSequence: async (tx: Tx, ws: string, id: string, values: Partial<typeof sequences.$inferInsert>) =>
      (
        await tx
          .update(sequences)
          .set(values)
          .where(and(eq(sequences.workspaceId, ws), eq(sequences.id, id)))
          .returning()
      )[0],
    activeSequencesWithTriggers: () =>
      db
        .select()
        .from(sequences)
        .where(
          and(
            eq(sequences.status, 'active'),
            sql`jsonb_array_length(coalesce(${sequences.settings}->'triggers', '[]'::jsonb)) > 0`,
          ),
        ),

    steps: (ws: string, sequenceId: string, tx: Tx = db) =>
      tx
        .select()
        .from(sequenceSteps)
        .where(
          and(
            eq(sequenceSteps.workspaceId, ws),
            eq(sequenceSteps.sequenceId, sequenceId),
            eq(sequenceSteps.removed, false),
          ),
        )
        .orderBy(asc(sequenceSteps.position)),
    allSteps: (ws: string, sequenceId: string) =>
      db
        .select()
        .from(sequenceSteps)
        .where(and(eq(sequenceSteps.workspaceId, ws), eq(sequenceSteps.sequenceId, sequenceId)))
        .orderBy(asc(sequenceSteps.position)),
    markStepsRemoved: (tx: Tx, ws: string, sequenceId: string) =>
      tx
        .update(sequenceSteps)
        .set({ removed: true, position: sql`${sequenceSteps.position} + 100000` })
        .where(and(eq(sequenceSteps.workspaceId, ws), eq(sequenceSteps.sequenceId, sequenceId))),
    updateStep: (tx: Tx, ws: string, id: string, values: Partial<typeof sequenceSteps.$inferInsert>) =>
      tx
        .update(sequenceSteps)
        .set(values)
        .where(and(eq(sequenceSteps.workspaceId, ws), eq(sequenceSteps.id, id)))
        .returning(),
    insertStep: async (tx: Tx, values: typeof sequenceSteps.$inferInsert) =>
      (await tx.insert(sequenceSteps).values(values).returning())[0]!,

    // Enrolments
    insertEnrolments: (tx: Tx, values: (typeof sequenceEnrolments.$inferInsert)[]) =>
      values.length
        ? tx.insert(sequenceEnrolments).values(values).onConflictDoNothing().returning()
        : Promise.resolve([] as EnrolmentRow[]),
    /** The latest enrolment of each of these contacts in the sequence (for the one-active rule and re-enrolment). */
    latestEnrolments: (tx: Tx, ws: string, sequenceId: string, contactIds: string[]) =>
      contactIds.length
        ? rowsOf<{ contact_id: string; status: EnrolmentStatus; ended_at: string | null }>(
            tx,
            sql`select distinct on (contact_id) contact_id, status, ended_at::text from sequence_enrolments
                 where workspace_id = ${ws} and sequence_id = ${sequenceId} and contact_id = any(${`{${contactIds.join(',')}}`}::uuid[])
                 order by contact_id, enrolled_at desc`,
          )
        : Promise.resolve([]),
    listEnrolments: (ws: string, sequenceId: string, status: EnrolmentStatus | undefined, limit: number) =>
      db
        .select()
        .from(sequenceEnrolments)
        .where(
          and(
            eq(sequenceEnrolments.workspaceId, ws),
            eq(sequenceEnrolments.sequenceId, sequenceId),
            status ? eq(sequenceEnrolments.status, status) : undefined,
          ),
        )
        .orderBy(desc(sequenceEnrolments.enrolledAt), asc(sequenceEnrolments.id))
        .limit(limit),
    getEnrolment: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(sequenceEnrolments)
          .where(and(eq(sequenceEnrolments.workspaceId, ws), eq(sequenceEnrolments.id, id)))
      )[0],
    /** Locks the enrolment for this transaction; null when another worker holds it. */
    lockEnrolment: async (tx: Tx, id: string) =>
      (
        await rowsOf<{ id: string }>(
          tx,
          sql`select id from sequence_enrolments where id = ${id} for update skip locked`,
        )
      )[0],
    updateEnrolment: async (
      tx: Tx,
      ws: string,
      id: string,
      values: Partial<typeof sequenceEnrolments.$inferInsert>,
      fromStatuses?: EnrolmentStatus[],
    ) =>
      (
        await tx
          .update(sequenceEnrolments)
          .set(values)
          .where(
            and(
              eq(sequenceEnrolments.workspaceId, ws),
              eq(sequenceEnrolments.id, id),
              fromStatuses ? inArray(sequenceEnrolments.status, fromStatuses) : undefined,
            ),
          )
          .returning()
      )[0],
    /** Due enrolments of all workspaces (the runner is the system's): active ones whose step is due, and OOO pauses ending. */
    dueEnrolments: (now: Date, limit: number) =>
      db
        .select()
        .from(sequenceEnrolments)
        .where(
          and(
            inArray(sequenceEnrolments.status, ['active', 'paused']),
            lte(sequenceEnrolments.nextAt, now),
            sql`(${sequenceEnrolments.status} = 'active' or ${sequenceEnrolments.exitReason} = 'out_of_office')`,
          ),
        )
        .orderBy(asc(sequenceEnrolments.nextAt))
        .limit(limit),
    openEnrolmentsOf: (ws: string, contactIds: string[], tx: Tx = db) =>
      contactIds.length
        ? tx
            .select()
            .from(sequenceEnrolments)
            .where(
              and(
                eq(sequenceEnrolments.workspaceId, ws),
                inArray(sequenceEnrolments.contactId, contactIds),
                inArray(sequenceEnrolments.status, ['active', 'paused']),
              ),
            )
        : Promise.resolve([] as EnrolmentRow[]),

    // Items
    insertItem: async (tx: Tx, values: typeof sequenceItems.$inferInsert) =>
      (await tx.insert(sequenceItems).values(values).onConflictDoNothing().returning())[0],
    itemFor: async (tx: Tx, ws: string, enrolmentId: string, stepId: string) =>
      (
        await tx
          .select()
          .from(sequenceItems)
          .where(
            and(
              eq(sequenceItems.workspaceId, ws),
              eq(sequenceItems.enrolmentId, enrolmentId),
              eq(sequenceItems.stepId, stepId),
            ),
          )
      )[0],
    getItem: async (ws: string, id: string, tx: Tx = db) =>
      (
        await tx
          .select()
          .from(sequenceItems)
          .where(and(eq(sequenceItems.workspaceId, ws), eq(sequenceItems.id, id)))
      )[0],
    itemByOutbox: async (ws: string, outboxId: string) =>
      (
        await db
          .select()
          .from(sequenceItems)
          .where(and(eq(sequenceItems.workspaceId, ws), eq(sequenceItems.outboxId, outboxId)))
      )[0],
    updateItem: async (
      tx: Tx,
      ws: string,
      id: string,
      values: Partial<typeof sequenceItems.$inferInsert>,
      fromState?: ItemState,
    ) =>
      (
        await tx
          .update(sequenceItems)
          .set(values)
          .where(
            and(
              eq(sequenceItems.workspaceId, ws),
              eq(sequenceItems.id, id),
              fromState ? eq(sequenceItems.state, fromState) : undefined,
            ),
          )
          .returning()
      )[0],
    /** Engagement on the item of an outbox message: only the first time counts. */
    markItem: (
      ws: string,
      outboxId: string,
      column: 'opened_at' | 'clicked_at' | 'replied_at' | 'bounced_at' | 'unsubscribed_at',
      at: Date,
    ) =>
      rowsOf<{ id: string }>(
        db,
        sql`update sequence_items set ${sql.raw(column)} = coalesce(${sql.raw(column)}, ${at.toISOString()}::timestamptz), updated_at = ${at.toISOString()}::timestamptz
             where workspace_id = ${ws} and outbox_id = ${outboxId} returning id`,
      ),
    pendingApprovals: (ws: string, limit: number) =>
      db
        .select()
        .from(sequenceItems)
        .where(and(eq(sequenceItems.workspaceId, ws), eq(sequenceItems.state, 'pending_approval')))
        .orderBy(asc(sequenceItems.scheduledFor), asc(sequenceItems.id))
        .limit(limit),
    itemsOfEnrolment: (ws: string, enrolmentId: string, tx: Tx = db) =>
      tx
        .select()
        .from(sequenceItems)
        .where(and(eq(sequenceItems.workspaceId, ws), eq(sequenceItems.enrolmentId, enrolmentId)))
        .orderBy(asc(sequenceItems.createdAt)),
    pendingItemsOfEnrolment: (tx: Tx, ws: string, enrolmentId: string) =>
      tx
        .select()
        .from(sequenceItems)
        .where(
          and(
            eq(sequenceItems.workspaceId, ws),
            eq(sequenceItems.enrolmentId, enrolmentId),
            inArray(sequenceItems.state, ['pending_approval', 'queued']),
          ),
        ),
    /** Marketing emails this contact got (or has queued) from any sequence since then: for the frequency caps. */
    recentSends: async (ws: string, contactId: string, since: Date, tx: Tx = db) =>
      (
        await rowsOf<{ at: string }>(
          tx,
          sql`select coalesce(sent_at, scheduled_for)::text as at from sequence_items
               where workspace_id = ${ws} and contact_id = ${contactId} and kind in ('email', 'manual_email')
                 and state in ('queued', 'sent') and coalesce(sent_at, scheduled_for) > ${since.toISOString()}::timestamptz`,
        )
      ).map((r) => new Date(r.at)),
    /** Did the sequence have an approved email for this enrolment yet ('first' approval mode)? */
    approvedBefore: async (tx: Tx, ws: string, enrolmentId: string) =>
      (
        await tx
          .select({ id: sequenceItems.id })
          .from(sequenceItems)
          .where(
            and(
              eq(sequenceItems.workspaceId, ws),
              eq(sequenceItems.enrolmentId, enrolmentId),
              inArray(sequenceItems.state, ['queued', 'sent']),
              inArray(sequenceItems.kind, ['email', 'manual_email']),
            ),
          )
          .limit(1)
      ).length > 0,
    markSentByOutbox: (ws: string, outboxId: string, at: Date) =>
      db
        .update(sequenceItems)
        .set({ state: 'sent', sentAt: at, updatedAt: at })
        .where(
          and(eq(sequenceItems.workspaceId, ws), eq(sequenceItems.outboxId, outboxId), isNull(sequenceItems.sentAt)),
        ),
    /** When this contact's other sequence emails actually left, for the caps re-checked right before sending. */
    recentSentTimes: async (ws: string, contactId: string, exceptItemId: string, since: Date) =>
      (
        await rowsOf<{ at: string }>(
          db,
          sql`select sent_at::text as at from sequence_items
               where workspace_id = ${ws} and contact_id = ${contactId} and id <> ${exceptItemId} and sent_at is not null
                 and kind in ('email', 'manual_email') and sent_at > ${since.toISOString()}::timestamptz`,
        )
      ).map((r) => new Date(r.at)),

    /** Engagement times (opens, clicks, replies) since then, of some contacts or of the whole workspace. */
    engagementTimes: (ws: string, since: Date, contactIds: string[] | null) =>
      rowsOf<{ contact_id: string; at: string }>(
        db,
        sql`select contact_id, t::text as at from sequence_items, unnest(array[opened_at, clicked_at, replied_at]) as t
             where workspace_id = ${ws} and t is not null and t > ${since.toISOString()}::timestamptz
             ${contactIds ? sql`and contact_id = any(${`{${contactIds.join(',')}}`}::uuid[])` : sql``} limit 50000`,
      ),
    // Analytics
    enrolmentTotals: (ws: string, sequenceId: string) =>
      rowsOf<{ status: EnrolmentStatus; holdout: boolean; n: number }>(
        db,
        sql`select status, holdout, count(*)::int as n from sequence_enrolments where workspace_id = ${ws} and sequence_id = ${sequenceId} group by status, holdout`,
      ),
    variantCounts: (ws: string, sequenceId: string) =>
      rowsOf<{
        step_id: string;
        variant_key: string | null;
        sent: number;
        delivered: number;
        opened: number;
        clicked: number;
        replied: number;
        bounced: number;
        unsubscribed: number;
      }>(
        db,
        sql`select step_id, variant_key,
                   count(*) filter (where sent_at is not null)::int as sent,
                   count(*) filter (where sent_at is not null and bounced_at is null)::int as delivered,
                   count(*) filter (where opened_at is not null)::int as opened,
                   count(*) filter (where clicked_at is not null)::int as clicked,
                   count(*) filter (where replied_at is not null)::int as replied,
                   count(*) filter (where bounced_at is not null)::int as bounced,
                   count(*) filter (where unsubscribed_at is not null)::int as unsubscribed
              from sequence_items where workspace_id = ${ws} and sequence_id = ${sequenceId} and kind in ('email', 'manual_email')
             group by step_id, variant_key order by step_id, variant_key`,
      ),
    holdoutOutcomes: (ws: string, sequenceId: string) =>
      rowsOf<{ holdout: boolean; n: number; opened: number; replied: number }>(
        db,
        sql`select e.holdout, count(distinct e.id)::int as n,
                   count(distinct e.id) filter (where i.opened_at is not null)::int as opened,
                   count(distinct e.id) filter (where i.replied_at is not null)::int as replied
              from sequence_enrolments e join sequence_items i on i.workspace_id = e.workspace_id and i.enrolment_id = e.id and i.sent_at is not null
             where e.workspace_id = ${ws} and e.sequence_id = ${sequenceId} group by e.holdout`,
      ),
    enrolmentWindows: (ws: string, sequenceId: string) =>
      db
        .select({ contactId: sequenceEnrolments.contactId, enrolledAt: sequenceEnrolments.enrolledAt })
        .from(sequenceEnrolments)
        .where(and(eq(sequenceEnrolments.workspaceId, ws), eq(sequenceEnrolments.sequenceId, sequenceId))),
  };
}
export type SequencesRepo = ReturnType<typeof createSequencesRepo>;
