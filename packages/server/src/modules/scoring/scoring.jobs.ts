import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import { scoringTargets } from './scoring.schema';
import type { ScoringService } from './scoring.service';

export const trainInput = z.object({ target: z.enum(scoringTargets).optional(), activate: z.boolean().optional(), by: z.string().max(200).optional() });
export const scoreInput = z.object({ target: z.enum(scoringTargets).optional() });

/**
 * Training weekly (Monday 03:00 UTC) and on demand; scoring every open record nightly (02:00 UTC), after each
 * activation, and every 10 minutes for the records written since the last scan. A scheduled run has no workspace and
 * goes through every workspace. Handlers are idempotent (a retrain adds a candidate, a re-score overwrites scores).
 */
export function createScoringJobs(scoring: ScoringService) {
  const forEachWorkspace = async <T>(workspaceId: string | null, fn: (ws: string) => Promise<T>) =>
    workspaceId ? fn(workspaceId) : Promise.all((await scoring.allWorkspaces()).map(async (ws) => fn(ws).catch((e) => ({ workspaceId: ws, error: String(e instanceof Error ? e.message : e) }))));

  const trainJob = defineJob({
    name: 'scoring.train',
    schema: trainInput,
    cron: '0 3 * * 1',
    retryLimit: 1,
    handler: async (ctx) =>
      forEachWorkspace(ctx.workspaceId, async (ws) => {
        const targets = ctx.data.target ? [ctx.data.target] : scoringTargets;
        const out = [];
        for (const [k, target] of targets.entries()) {
          out.push(await scoring.train(ws, target, ctx.data.by ?? 'scheduled retraining', (f, m) => ctx.progress((k + f) / targets.length, m), { activate: ctx.data.activate })
            .catch((e) => ({ target, error: e instanceof Error ? e.message : String(e) })));
        }
        return out;
      }),
  });
  const scoreJob = defineJob({
    name: 'scoring.score',
    schema: scoreInput,
    cron: '0 2 * * *',
    handler: async (ctx) =>
      forEachWorkspace(ctx.workspaceId, (ws): Promise<unknown> => (ctx.data.target ? scoring.score(ws, ctx.data.target, ctx.progress) : scoring.scoreAll(ws, ctx.progress))),
  });
  const changedJob = defineJob({
    name: 'scoring.rescore-changed',
    schema: z.object({}),
    cron: '*/10 * * * *',
    handler: async (ctx) => forEachWorkspace(ctx.workspaceId, (ws) => scoring.scoreChanged(ws)),
  });
  return Object.assign([trainJob, scoreJob, changedJob], { trainJob, scoreJob, changedJob });
}
