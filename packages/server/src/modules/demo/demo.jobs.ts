import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import { AppError } from '../../platform/errors';
import type { DemoService } from './demo.service';

export const demoLoadInput = z.object({
  seed: z.number().int().optional(),
  contacts: z.number().int().min(10).max(1_000_000).optional(),
});

/**
 * The demo module's job definitions, to register where services are wired: `runner.register(...createDemoJobs(demo))`.
 * The list also names its members (`.loadDemoJob`, `.all`) for callers that want one job by name.
 */
export function createDemoJobs(demo: DemoService) {
  const loadDemoJob = defineJob({
    name: 'demo.load',
    schema: demoLoadInput,
    // Safe to retry: a failed load removes the rows it wrote, and a finished one refuses to run twice.
    retryLimit: 1,
    handler: async (ctx) => {
      if (!ctx.workspaceId) throw new AppError('validation', 'demo.load runs for a workspace');
      return demo.load(ctx.workspaceId, ctx.data, (fraction, message) => ctx.progress(fraction, message));
    },
  });
  const all = [loadDemoJob];
  return Object.assign([loadDemoJob], { loadDemoJob, all });
}
