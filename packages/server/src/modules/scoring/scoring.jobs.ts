import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import { AppError } from '../../platform/errors';
import { scoringTargets } from './scoring.schema';
import type { ScoringService } from './scoring.service';

export const trainInput = z.object({
  target: z.enum(scoringTargets).optional(),
  activate: z.boolean().optional(),
  by: z.string().max(200).optional(),
});
export const scoreInput = z.object({ target: z.enum(scoringTargets).optional() });

/**
 * Training weekly (Monday 03:00 UTC) and on demand; scoring every open record nightly (02:00 UTC), after each
 * activation, and every 10 minutes for the records written since the last scan. A scheduled run fans out into one job
 * per workspace, and a workspace never has two runs of the same job at once. Handlers are idempotent (a retrain adds a candidate, a re-score overwrites scores).
 */
export function createScoringJobs(scoring: ScoringService) {
  // Scheduled runs fan out into one job per workspace (perWorkspace), so a handler always has its workspace.
  const forEachWorkspace = async <T>(workspaceId: string | null, fn: (ws: string) => Promise<T>) => {
    if (!workspaceId) throw new AppError('validation', 'Scoring runs for one workspace');
    return fn(workspaceId);
  };

  const trainJob = defineJob({
    name: 'scoring.train',
    perWorkspace: true,
    schema: trainInput,
    cron: '0 3 * * 1',
    retryLimit: 1,
    handler: async (ctx) =>
      forEachWorkspace(ctx.workspaceId, async (ws) => {
        const targets = ctx.data.target ? [ctx.data.target] : scoringTargets;
        const out = [];
        for (const [k, target] of targets.entries()) {
          out.push(
            await scoring
              .train(
                ws,
                target,
                ctx.data.by ?? 'scheduled retraining',
                (f, m) => ctx.progress((k + f) / targets.length, m),
                { activate: ctx.data.activate },
              )
              .catch((e) => ({ target, error: e instanceof Error ? e.message : String(e) })),
          );
        }
        return out;
      }),
  });
  const scoreJob = defineJob({
    name: 'scoring.score',
    perWorkspace: true,
    schema: scoreInput,
    cron: '0 2 * * *',
    handler: async (ctx) =>
      forEachWorkspace(ctx.workspaceId, (ws): Promise<unknown> =>
        ctx.data.target ? scoring.score(ws, ctx.data.target, ctx.progress) : scoring.scoreAll(ws, ctx.progress),
      ),
  });
  const changedJob = defineJob({
    name: 'scoring.rescore-changed',
    perWorkspace: true,
    schema: z.object({}),
    cron: '*/10 * * * *',
    handler: async (ctx) => forEachWorkspace(ctx.workspaceId, (ws) => scoring.scoreChanged(ws)),
  });
  return Object.assign([trainJob, scoreJob, changedJob], { trainJob, scoreJob, changedJob });
}
