import { z } from 'zod';
import { defineJob } from '../../platform/jobs';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/http';
import type { ImportsService } from './imports.service';

export const importRunInput = z.object({
  importId: z.string().uuid(),
  actor: z.object({
    kind: z.enum(['user', 'api_key', 'system']),
    id: z.string(),
    userId: z.string().nullable(),
    role: z.string(),
    name: z.string(),
  }),
});

/**
 * `imports.run`: safe to retry after a crash, because each batch commits its rows together with the import's
 * cursor; a retry starts after the last committed row.
 */
export function createImportJobs(imports: ImportsService) {
  const runImportJob = defineJob({
    name: 'imports.run',
    schema: importRunInput,
    retryLimit: 2,
    handler: async (ctx) => {
      if (!ctx.workspaceId) throw new AppError('validation', 'imports.run runs for a workspace');
      const a = ctx.data.actor;
      const actor: Actor = {
        kind: a.kind,
        id: a.id,
        userId: a.userId,
        workspaceId: ctx.workspaceId,
        role: a.role as Actor['role'],
        name: a.name,
        repsSeeUnassigned: true,
      };
      return imports.run(actor, ctx.data.importId, (f, m) => ctx.progress(f, m));
    },
  });
  return Object.assign([runImportJob], { runImportJob });
}
