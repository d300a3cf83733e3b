import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { MonitoringService } from './monitoring.service';

/** Nightly at 04:30 UTC (after scoring at 02:00) for every workspace, and on demand: log, resolve outcomes, check. */
export function createMonitoringJobs(monitoring: MonitoringService) {
  const refreshJob = defineJob({
    name: 'monitoring.refresh',
    schema: z.object({}),
    cron: '30 4 * * *',
    handler: async (ctx) => {
      if (ctx.workspaceId) return monitoring.refresh(ctx.workspaceId);
      const out = [];
      for (const ws of await monitoring.allWorkspaces())
        out.push(
          await monitoring
            .refresh(ws)
            .catch((e) => ({ workspaceId: ws, error: String(e instanceof Error ? e.message : e) })),
        );
      return out;
    },
  });
  return Object.assign([refreshJob], { refreshJob });
}
