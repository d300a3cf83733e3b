import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import type { PrivacyService } from './privacy.service';

/** privacy.retention: nightly, anonymises contacts past each workspace's retention period (audited per contact). */
export function createPrivacyJobs(privacy: PrivacyService) {
  return [
    defineJob({
      name: 'privacy.retention',
      schema: z.object({}).passthrough(),
      cron: '15 3 * * *',
      retryLimit: 1,
      handler: async (ctx) => {
        if (ctx.workspaceId) return privacy.runRetention(ctx.workspaceId);
        const ids = await privacy.enabledRetentionWorkspaces();
        let anonymised = 0;
        for (const [i, id] of ids.entries()) {
          anonymised += (await privacy.runRetention(id)).anonymised;
          await ctx.progress((i + 1) / ids.length, `${i + 1} of ${ids.length} workspaces`);
        }
        return { workspaces: ids.length, anonymised };
      },
    }),
  ];
}
