import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { ForecastingService } from './forecasting.service';

/**
 * forecasting.nightly: for one workspace (on demand) or every workspace (the schedule), fill in the actuals of past
 * forecasts, recompute their accuracy, and store today's standard forecasts (monthly revenue, 3-month pipeline).
 * Idempotent: a forecast of the same origin replaces the stored one.
 */
export function createForecastingJobs(service: ForecastingService) {
  const nightly = defineJob({
    name: 'forecasting.nightly',
    perWorkspace: true,
    schema: z.object({}).passthrough(),
    cron: '40 3 * * *',
    retryLimit: 1,
    handler: async (ctx) => {
      const ids = ctx.workspaceId ? [ctx.workspaceId] : await service.allWorkspaces();
      const results = [];
      for (const [i, id] of ids.entries()) {
        await ctx.progress(i / ids.length, `workspace ${i + 1} of ${ids.length}`);
        try {
          results.push({ workspaceId: id, ...(await service.nightly(id)) });
        } catch (e) {
          // One workspace's odd data must not stop the others; the on-demand run (one workspace) reports it as a failure.
          if (ctx.workspaceId) throw e;
          results.push({ workspaceId: id, error: e instanceof Error ? e.message : String(e) });
        }
      }
      await ctx.progress(1, 'done');
      return { workspaces: results };
    },
  });
  return [nightly];
}
