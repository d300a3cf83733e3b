import { api } from './api';
import type { Job } from './types';

/** Polls a background job until it is done or failed, reporting each state. */
export async function waitForJob(
  id: string,
  onUpdate: (job: Job) => void,
  opts: { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<Job> {
  const interval = opts.intervalMs ?? 600;
  while (true) {
    if (opts.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const res = await api.get<Job | { job: Job }>(`/api/v1/jobs/${id}`);
    const job = 'job' in res ? res.job : res;
    onUpdate(job);
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, interval));
  }
}
