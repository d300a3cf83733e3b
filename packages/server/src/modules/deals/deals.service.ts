import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { createCrudService, mapDbError, type CrudServiceDeps } from '../../platform/crud';
import { AppError, notFound } from '../../platform/errors';
import type { Actor } from '../../platform/http';
import { assertRole, ownerScope } from '../auth/access';
import { createDealsRepo } from './deals.repo';
import { deals } from './deals.schema';
import {
  dealCreateSchema,
  dealPatchSchema,
  type moveSchema,
  type pipelineCreateSchema,
  type pipelinePatchSchema,
} from './deals.fields';

export function createDealsService(deps: CrudServiceDeps) {
  const { db, audit, clock } = deps;
  const repo = createDealsRepo(db);

  const crud = createCrudService(
    deps,
    repo,
    { create: dealCreateSchema, patch: dealPatchSchema },
    {
      // The stage decides the pipeline and whether the deal is open, won or lost; a stage change is history.
      async beforeWrite(tx, actor, values, existing) {
        const stageId = values.stageId as string | undefined;
        if (!stageId || stageId === existing?.stageId) return undefined;
        const stage = await repo.stage(tx, actor.workspaceId, stageId);
        if (!stage)
          throw new AppError('validation', 'Invalid stageId: no such stage in this workspace', { field: 'stageId' });
        if (values.pipelineId && values.pipelineId !== stage.pipelineId) {
          throw new AppError('validation', 'Invalid stageId: the stage belongs to another pipeline', {
            field: 'stageId',
          });
        }
        const now = values.updatedAt as Date;
        values.pipelineId = stage.pipelineId;
        values.status = stage.kind;
        values.closedAt = stage.kind === 'open' ? null : now;
        values.stageEnteredAt = now;
        if (stage.kind !== 'lost' && !('lostReason' in values)) values.lostReason = null;
        return { from: (existing?.stageId as string | undefined) ?? null, to: stageId, at: now };
      },
      async afterWrite(tx, actor, row, _existing, carried) {
        if (!carried) return;
        const move = carried as { from: string | null; to: string; at: Date };
        await repo.insertHistory(tx, {
          workspaceId: actor.workspaceId,
          dealId: row.id,
          fromStageId: move.from,
          toStageId: move.to,
          changedAt: move.at,
          changedBy: actor.userId,
        });
      },
    },
  );

  /** Active pipelines with their active stages, unless `archived` asks for the archived ones too (or only). */
  async function pipelinesWithStages(workspaceId: string, archived?: 'include' | 'only') {
    const list = (await repo.listPipelines(workspaceId)).filter((p) =>
      archived === 'include' ? true : archived === 'only' ? p.archivedAt : !p.archivedAt,
    );
    const stages = await repo.stagesOf(
      workspaceId,
      list.map((p) => p.id),
    );
    const counts = new Map((await repo.dealsPerStage(workspaceId)).map((r) => [r.stageId, r.deals]));
    return list.map(({ id, name, position, archivedAt }) => ({
      id,
      name,
      position,
      archivedAt: archivedAt?.toISOString() ?? null,
      stages: stages
        .filter((s) => s.pipelineId === id && (archived || !s.archivedAt))
        .map((s) => ({
          id: s.id,
          name: s.name,
          position: s.position,
          probability: s.probability,
          kind: s.kind,
          deals: counts.get(s.id) ?? 0,
          archivedAt: s.archivedAt?.toISOString() ?? null,
        })),
    }));
  }
  const activePipeline = async (workspaceId: string, id: string) => {
    const p = (await pipelinesWithStages(workspaceId)).find((x) => x.id === id);
    if (!p) throw notFound('Pipeline', id);
    return p;
  };
  /** The stage deals are moved to: an active stage of an active pipeline, not one being archived. */
  async function targetStage(workspaceId: string, stageId: string | undefined, leaving: Set<string>) {
    if (!stageId)
      throw new AppError('validation', 'Choose a stage to move the deals to (moveDealsTo)', { field: 'moveDealsTo' });
    const target = (await pipelinesWithStages(workspaceId))
      .flatMap((p) => p.stages.map((s) => ({ ...s, pipelineId: p.id })))
      .find((s) => s.id === stageId);
    if (!target || leaving.has(stageId))
      throw new AppError('validation', 'moveDealsTo must be an active stage that stays', { field: 'moveDealsTo' });
    return target;
  }

  return {
    ...crud,
    move: (actor: Actor, id: string, input: z.infer<typeof moveSchema>) => crud.update(actor, id, input),
    history: async (actor: Actor, id: string) => {
      await crud.get(actor, id);
      return repo.history(actor.workspaceId, id);
    },
    forContact: (actor: Actor, contactId: string) =>
      repo.recentFor(actor.workspaceId, eq(deals.contactId, contactId), ownerScope(actor, deals.ownerId)),
    forCompany: (actor: Actor, companyId: string) =>
      repo.recentFor(actor.workspaceId, eq(deals.companyId, companyId), ownerScope(actor, deals.ownerId)),

    listPipelines: (actor: Actor, archived?: 'include' | 'only') => pipelinesWithStages(actor.workspaceId, archived),

    /** Archives one stage: its deals (if any) move to `moveDealsTo`; a pipeline keeps at least one won and one lost stage. */
    async archiveStage(actor: Actor, pipelineId: string, stageId: string, input: { moveDealsTo?: string }) {
      assertRole(actor, 'manager');
      const before = await activePipeline(actor.workspaceId, pipelineId);
      const stage = before.stages.find((s) => s.id === stageId);
      if (!stage) throw notFound('Stage', stageId);
      const rest = before.stages.filter((s) => s.id !== stageId);
      if (!rest.some((s) => s.kind === 'won') || !rest.some((s) => s.kind === 'lost'))
        throw new AppError(
          'conflict',
          'A pipeline needs one won and one lost stage: add another before archiving this one',
        );
      const target = stage.deals ? await targetStage(actor.workspaceId, input.moveDealsTo, new Set([stageId])) : null;
      return db.transaction(async (tx) => {
        const now = clock.now();
        const moved = target ? await repo.moveAllDeals(tx, actor.workspaceId, [stageId], target, now, actor.userId) : 0;
        await repo.archiveStages(tx, actor.workspaceId, [stageId], now);
        await audit.record(tx, actor, {
          action: 'pipeline.stage.archive',
          entityType: 'pipeline',
          entityId: pipelineId,
          before: { stage },
          after: { archivedStageId: stageId, movedDeals: moved, movedTo: target?.id ?? null },
        });
        return { moved };
      });
    },

    /** Archives a pipeline with its stages; its deals (if any) move to a stage of another active pipeline. */
    async archivePipeline(actor: Actor, pipelineId: string, input: { moveDealsTo?: string }) {
      assertRole(actor, 'manager');
      const before = await activePipeline(actor.workspaceId, pipelineId);
      const leaving = new Set(before.stages.map((s) => s.id));
      const all = await repo.stagesOf(actor.workspaceId, [pipelineId]);
      const ids = new Set(all.map((s) => s.id));
      const hasDeals = (await repo.dealsPerStage(actor.workspaceId)).some((r) => r.deals > 0 && ids.has(r.stageId));
      const target = hasDeals ? await targetStage(actor.workspaceId, input.moveDealsTo, leaving) : null;
      return db.transaction(async (tx) => {
        const now = clock.now();
        const moved = target
          ? await repo.moveAllDeals(
              tx,
              actor.workspaceId,
              all.map((s) => s.id),
              target,
              now,
              actor.userId,
            )
          : 0;
        await repo.archivePipeline(tx, actor.workspaceId, pipelineId, now);
        await repo.archiveStages(tx, actor.workspaceId, [...leaving], now);
        await audit.record(tx, actor, {
          action: 'pipeline.archive',
          entityType: 'pipeline',
          entityId: pipelineId,
          before,
          after: { archivedAt: now.toISOString(), movedDeals: moved, movedTo: target?.id ?? null },
        });
        return { moved };
      });
    },

    /**
     * The board's column figures from the server: every deal of each stage the actor may see (optionally one owner's,
     * or unassigned ones with ownerId "none"), not only the cards loaded. Stages without deals report zero.
     */
    async stageTotals(actor: Actor, pipelineId: string, ownerId?: string) {
      const pipeline = (await pipelinesWithStages(actor.workspaceId)).find((p) => p.id === pipelineId);
      if (!pipeline) throw notFound('Pipeline', pipelineId);
      const owner =
        ownerId === undefined ? undefined : ownerId === 'none' ? isNull(deals.ownerId) : eq(deals.ownerId, ownerId);
      const rows = await repo.stageTotals(actor.workspaceId, pipelineId, and(ownerScope(actor, deals.ownerId), owner));
      const by = new Map(rows.map((r) => [r.stageId, r]));
      return pipeline.stages.map((s) => ({
        stageId: s.id,
        kind: s.kind,
        deals: by.get(s.id)?.deals ?? 0,
        amount: Math.round((by.get(s.id)?.amount ?? 0) * 100) / 100,
      }));
    },

    async createPipeline(actor: Actor, input: z.infer<typeof pipelineCreateSchema>) {
      assertRole(actor, 'manager');
      const id = await db.transaction(async (tx) => {
        const p = await repo.insertPipeline(tx, {
          workspaceId: actor.workspaceId,
          name: input.name,
          position: input.position ?? 0,
          createdAt: clock.now(),
        });
        const stages = await repo.insertStages(
          tx,
          input.stages.map((s, i) => ({
            workspaceId: actor.workspaceId,
            pipelineId: p.id,
            name: s.name,
            probability: s.probability,
            kind: s.kind,
            position: i,
          })),
        );
        await audit.record(tx, actor, {
          action: 'pipeline.create',
          entityType: 'pipeline',
          entityId: p.id,
          after: { ...p, stages },
        });
        return p.id;
      });
      return (await pipelinesWithStages(actor.workspaceId)).find((p) => p.id === id)!;
    },

    /** Stages are replaced as a whole: kept by id, added without one, removed when absent (refused while deals sit in them). */
    async updatePipeline(actor: Actor, id: string, input: z.infer<typeof pipelinePatchSchema>) {
      assertRole(actor, 'manager');
      const before = await activePipeline(actor.workspaceId, id);
      await db
        .transaction(async (tx) => {
          if (input.name !== undefined || input.position !== undefined)
            await repo.updatePipeline(tx, actor.workspaceId, id, { name: input.name, position: input.position });
          if (input.stages) {
            const known = new Set(before.stages.map((s) => s.id));
            for (const [i, s] of input.stages.entries()) {
              if (s.id && !known.has(s.id))
                throw new AppError('validation', `Invalid stages.${i}.id: not a stage of this pipeline`, {
                  field: `stages.${i}.id`,
                });
            }
            const keep = new Set(input.stages.flatMap((s) => (s.id ? [s.id] : [])));
            await repo.deleteStages(
              tx,
              actor.workspaceId,
              before.stages.filter((s) => !keep.has(s.id)).map((s) => s.id),
            );
            for (const [i, s] of input.stages.entries()) {
              if (s.id)
                await repo.updateStage(tx, actor.workspaceId, s.id, {
                  name: s.name,
                  probability: s.probability,
                  kind: s.kind,
                  position: i,
                });
              else
                await repo.insertStages(tx, [
                  {
                    workspaceId: actor.workspaceId,
                    pipelineId: id,
                    name: s.name,
                    probability: s.probability,
                    kind: s.kind,
                    position: i,
                  },
                ]);
            }
          }
          await audit.record(tx, actor, {
            action: 'pipeline.update',
            entityType: 'pipeline',
            entityId: id,
            before,
            after: input,
          });
        })
        .catch(mapDbError);
      return (await pipelinesWithStages(actor.workspaceId)).find((p) => p.id === id)!;
    },

    async deletePipeline(actor: Actor, id: string) {
      assertRole(actor, 'manager');
      const before = (await pipelinesWithStages(actor.workspaceId)).find((p) => p.id === id);
      if (!before) throw notFound('Pipeline', id);
      await db
        .transaction(async (tx) => {
          await repo.deletePipeline(tx, actor.workspaceId, id);
          await audit.record(tx, actor, { action: 'pipeline.delete', entityType: 'pipeline', entityId: id, before });
        })
        .catch(mapDbError);
    },
  };
}
export type DealsService = ReturnType<typeof createDealsService>;
