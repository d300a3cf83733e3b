import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import { AppError } from '../../platform/errors';
import { entityTypes } from './data-quality.repo';
import type { DataQualityService } from './data-quality.service';

export const scanInput = z.object({
  types: z
    .array(z.enum(entityTypes))
    .min(1)
    .default([...entityTypes]),
});

/** `runner.register(...createDataQualityJobs(dataQuality))`: the duplicate scan, for workspaces too big to scan inline. */
export function createDataQualityJobs(service: DataQualityService) {
  const scanJob = defineJob({
    name: 'data-quality.scan',
    schema: scanInput,
    // Idempotent: a scan replaces the previous result of its type in one transaction.
    retryLimit: 1,
    handler: async (ctx) => {
      if (!ctx.workspaceId) throw new AppError('validation', 'data-quality.scan runs for a workspace');
      const results = [];
      const n = ctx.data.types.length;
      for (const [i, type] of ctx.data.types.entries()) {
        results.push(
          await service.scan(ctx.workspaceId, type, (f, m) => ctx.progress((i + f) / n, m ? `${type}: ${m}` : type)),
        );
      }
      return { scans: results };
    },
  });
  return Object.assign([scanJob], { scanJob });
}
