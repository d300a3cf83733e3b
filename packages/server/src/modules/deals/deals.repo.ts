import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { createCrudRepo } from '../../platform/crud';
import { users } from '../auth/auth.schema';
import { contacts } from '../contacts/contacts.schema';
import { companies } from '../companies/companies.schema';
import { dealStageHistory, deals, pipelineStages, pipelines, type DealStatus } from './deals.schema';
import { dealFields } from './deals.fields';

export function createDealsRepo(db: Db) {
  const crud = createCrudRepo(db, {
    entity: 'deal',
    table: deals,
    fields: dealFields,
    search: { document: sql`coalesce(${deals.name}, '')` },
    ownerScoped: true,
    references: {
      pipelineId: { table: pipelines },
      stageId: { table: pipelineStages, label: { as: 'stageName', expr: pipelineStages.name } },
      contactId: {
        table: contacts,
        label: {
          as: 'contactName',
          expr: sql`trim(coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, ''))`,
        },
      },
      companyId: { table: companies, label: { as: 'companyName', expr: companies.name } },
      ownerId: { table: users, label: { as: 'ownerName', expr: users.name } },
    },
  });
  return {
    ...crud,
    stage: async (tx: Tx, workspaceId: string, id: string) =>
      (
        await tx
          .select()
          .from(pipelineStages)
          .where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.id, id)))
      )[0],
    insertHistory: (tx: Tx, row: typeof dealStageHistory.$inferInsert) => tx.insert(dealStageHistory).values(row),
    history: (workspaceId: string, dealId: string) =>
      db
        .select()
        .from(dealStageHistory)
        .where(and(eq(dealStageHistory.workspaceId, workspaceId), eq(dealStageHistory.dealId, dealId)))
        .orderBy(asc(dealStageHistory.changedAt)),
    recentFor: async (workspaceId: string, on: SQL, scope: SQL | undefined, limit = 100) =>
      crud.withLabels(
        (await db
          .select()
          .from(deals)
          .where(and(eq(deals.workspaceId, workspaceId), on, scope))
          .orderBy(desc(deals.updatedAt))
          .limit(limit)) as any,
      ),

    /** Count and amount of the deals in each stage of a pipeline (all of them, not a page), within a scope. */
    stageTotals: (workspaceId: string, pipelineId: string, where: SQL | undefined) =>
      db
        .select({
          stageId: deals.stageId,
          deals: sql<number>`count(*)::int`,
          amount: sql<number>`coalesce(sum(${deals.amount}), 0)::float8`,
        })
        .from(deals)
        .where(and(eq(deals.workspaceId, workspaceId), eq(deals.pipelineId, pipelineId), where))
        .groupBy(deals.stageId),

    /** Deal count per stage of a workspace (for the settings page: which stages can go without moving deals). */
    dealsPerStage: (workspaceId: string, tx: Tx = db) =>
      tx
        .select({ stageId: deals.stageId, deals: sql<number>`count(*)::int` })
        .from(deals)
        .where(eq(deals.workspaceId, workspaceId))
        .groupBy(deals.stageId),
    /** Moves every deal of the given stages to one stage, with the status, close time and history a move gives. */
    async moveAllDeals(
      tx: Tx,
      workspaceId: string,
      fromStageIds: string[],
      to: { id: string; pipelineId: string; kind: DealStatus },
      now: Date,
      by: string | null,
    ) {
      if (!fromStageIds.length) return 0;
      const where = and(eq(deals.workspaceId, workspaceId), inArray(deals.stageId, fromStageIds));
      const before = await tx.select({ id: deals.id, stageId: deals.stageId }).from(deals).where(where);
      if (!before.length) return 0;
      const at = now.toISOString();
      await tx
        .update(deals)
        .set({
          stageId: to.id,
          pipelineId: to.pipelineId,
          status: to.kind,
          closedAt:
            to.kind === 'open'
              ? null
              : sql`case when ${deals.status} = ${to.kind} then coalesce(${deals.closedAt}, ${at}::timestamptz) else ${at}::timestamptz end`,
          lostReason: to.kind === 'lost' ? sql`${deals.lostReason}` : null,
          stageEnteredAt: now,
          updatedAt: now,
        })
        .where(where);
      await tx.insert(dealStageHistory).values(
        before.map((d) => ({
          workspaceId,
          dealId: d.id,
          fromStageId: d.stageId,
          toStageId: to.id,
          changedAt: now,
          changedBy: by,
        })),
      );
      return before.length;
    },
    archivePipeline: (tx: Tx, workspaceId: string, id: string, at: Date) =>
      tx
        .update(pipelines)
        .set({ archivedAt: at })
        .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id))),
    archiveStages: (tx: Tx, workspaceId: string, ids: string[], at: Date) =>
      ids.length
        ? tx
            .update(pipelineStages)
            .set({ archivedAt: at })
            .where(and(eq(pipelineStages.workspaceId, workspaceId), inArray(pipelineStages.id, ids)))
        : Promise.resolve(),
    listPipelines: (workspaceId: string) =>
      db
        .select()
        .from(pipelines)
        .where(eq(pipelines.workspaceId, workspaceId))
        .orderBy(asc(pipelines.position), asc(pipelines.createdAt)),
    stagesOf: (workspaceId: string, pipelineIds: string[], tx: Tx = db) =>
      pipelineIds.length
        ? tx
            .select()
            .from(pipelineStages)
            .where(and(eq(pipelineStages.workspaceId, workspaceId), inArray(pipelineStages.pipelineId, pipelineIds)))
            .orderBy(asc(pipelineStages.position))
        : Promise.resolve([]),
    pipeline: async (tx: Tx, workspaceId: string, id: string) =>
      (
        await tx
          .select()
          .from(pipelines)
          .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id)))
      )[0],
    insertPipeline: async (tx: Tx, p: typeof pipelines.$inferInsert) =>
      (await tx.insert(pipelines).values(p).returning())[0]!,
    updatePipeline: (tx: Tx, workspaceId: string, id: string, patch: Partial<typeof pipelines.$inferInsert>) =>
      tx
        .update(pipelines)
        .set(patch)
        .where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id))),
    deletePipeline: (tx: Tx, workspaceId: string, id: string) =>
      tx.delete(pipelines).where(and(eq(pipelines.workspaceId, workspaceId), eq(pipelines.id, id))),
    insertStages: (tx: Tx, rows: (typeof pipelineStages.$inferInsert)[]) =>
      rows.length ? tx.insert(pipelineStages).values(rows).returning() : Promise.resolve([]),
    updateStage: (tx: Tx, workspaceId: string, id: string, patch: Partial<typeof pipelineStages.$inferInsert>) =>
      tx
        .update(pipelineStages)
        .set(patch)
        .where(and(eq(pipelineStages.workspaceId, workspaceId), eq(pipelineStages.id, id))),
    deleteStages: (tx: Tx, workspaceId: string, ids: string[]) =>
      ids.length
        ? tx
            .delete(pipelineStages)
            .where(and(eq(pipelineStages.workspaceId, workspaceId), inArray(pipelineStages.id, ids)))
        : Promise.resolve(),
  };
}
export type DealsRepo = ReturnType<typeof createDealsRepo>;
