import type { Actor } from '../../platform/http';
import { isUuid } from '../../platform/crud';
import { notFound } from '../../platform/errors';
import type { JobRunner } from '../../platform/jobs';
import type { createJobsRepo } from './jobs.repo';

export function createJobsService({ repo, runner }: { repo: ReturnType<typeof createJobsRepo>; runner: JobRunner }) {
  return {
    enqueue: (actor: Actor, name: string, data: unknown) => runner.enqueue(name, data, actor.workspaceId),
    async get(actor: Actor, id: string) {
      const run = isUuid(id) ? await repo.get(actor.workspaceId, id) : undefined;
      if (!run) throw notFound('Job', id);
      return run;
    },
    list: (actor: Actor) => repo.list(actor.workspaceId, 50),
  };
}
export type JobsService = ReturnType<typeof createJobsService>;
