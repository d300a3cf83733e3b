import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import { AppError } from '../../platform/errors';
import type { DemoService } from './demo.service';

export const demoLoadInput = z.object({
  seed: z.number().int().optional(),
  contacts: z.number().int().min(10).max(1_000_000).optional(),
});

/** The job definitions of the demo module; register them with the job runner where services are wired (app.ts). */
export function createDemoJobs(demo: DemoService) {
  const loadDemoJob = defineJob({
    name: 'demo.load',
    schema: demoLoadInput,
    // A retry after a failure starts clean (the loader removes partial rows); a retry after success is refused.
    retryLimit: 0,
    handler: async (ctx) => {
      if (!ctx.workspaceId) throw new AppError('validation', 'demo.load runs for a workspace');
      return demo.load(ctx.workspaceId, ctx.data, (fraction, message) => ctx.progress(fraction, message));
    },
  });
  return { loadDemoJob, all: [loadDemoJob] as const };
}
