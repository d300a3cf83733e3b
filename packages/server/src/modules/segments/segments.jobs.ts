import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { SegmentsService } from './segments.service';
import type { RuleSegmentsService } from './rule-segments.service';
import { runOptionsSchema } from './segments.model';

/**
 * segments.compute: RFM + clusters for one workspace (queued from the page/API/CLI) or, on the nightly schedule
 * (no workspace), for every workspace. segments.rules: recompute saved rule segments every 15 minutes.
 */
export function createSegmentsJobs(
  allWorkspaces: () => Promise<string[]>,
  segments: SegmentsService,
  rules: RuleSegmentsService,
) {
  const computeJob = defineJob({
    name: 'segments.compute',
    perWorkspace: true,
    schema: z.any(),
    cron: '30 2 * * *',
    retryLimit: 1,
    handler: async (ctx) => {
      const options = runOptionsSchema.parse(ctx.data ?? {});
      if (ctx.workspaceId) {
        const result = await segments.compute(ctx.workspaceId, options, (f, m) => ctx.progress(f * 0.9, m));
        await ctx.progress(0.95, 'Recomputing rule segments (RFM values changed)');
        return { ...result, rules: await rules.recomputeAll(ctx.workspaceId) };
      }
      const ids = await allWorkspaces();
      for (const [i, id] of ids.entries()) {
        await segments.compute(id, options);
        await ctx.progress((i + 1) / ids.length, `${i + 1} of ${ids.length} workspaces`);
      }
      return { workspaces: ids.length };
    },
  });
  const rulesJob = defineJob({
    name: 'segments.rules',
    schema: z.object({ segmentId: z.string().optional() }).passthrough(),
    cron: '*/15 * * * *',
    handler: async (ctx) => {
      if (ctx.workspaceId && ctx.data.segmentId) return rules.recompute(ctx.workspaceId, ctx.data.segmentId);
      const ids = ctx.workspaceId ? [ctx.workspaceId] : await allWorkspaces();
      const out = [];
      for (const id of ids) out.push(...(await rules.recomputeAll(id)));
      return { segments: out.length, failed: out.filter((s) => s.error).map((s) => ({ id: s.id, error: s.error })) };
    },
  });
  return [computeJob, rulesJob];
}
