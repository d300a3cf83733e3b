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

  async function pipelinesWithStages(workspaceId: string) {
    const list = await repo.listPipelines(workspaceId);
    const stages = await repo.stagesOf(
      workspaceId,
      list.map((p) => p.id),
    );
    return list.map((p) => ({
      ...p,
      stages: stages
        .filter((s) => s.pipelineId === p.id)
        .map(({ id, name, position, probability, kind }) => ({ id, name, position, probability, kind })),
    }));
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

    listPipelines: (actor: Actor) => pipelinesWithStages(actor.workspaceId),

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
      const before = (await pipelinesWithStages(actor.workspaceId)).find((p) => p.id === id);
      if (!before) throw notFound('Pipeline', id);
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
