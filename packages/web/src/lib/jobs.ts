import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { call, client } from './client';
import type { components } from './api-schema';

export type Job = components['schemas']['Job'];
/** What a route that starts a background job answers: the job itself, or `{ job }`. */
export type JobStart = { job: { id: string } } | { id: string };

const finished = (job: Job | undefined) => job?.state === 'done' || job?.state === 'failed';

/** One background job, read again every `intervalMs` until it is done or failed. */
export function useJob(id: string | null, intervalMs = 600) {
  return useQuery({
    queryKey: ['jobs', id],
    queryFn: ({ signal }) => call(client.GET('/api/v1/jobs/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: (query) => (finished(query.state.data) ? false : intervalMs),
  });
}

/**
 * Starts a background job and follows it: `start(() => call(client.POST(...)))`. While it runs, `job` holds its last
 * state (progress, message); when it ends, the `invalidate` keys are read again and `onDone` or `onFailed` is called.
 */
export function useBackgroundJob(opts: {
  invalidate?: QueryKey[];
  onDone?: (job: Job) => void;
  onFailed?: (job: Job) => void;
}) {
  const queryClient = useQueryClient();
  const [id, setId] = useState<string | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const starting = useMutation({
    mutationFn: (begin: () => Promise<JobStart>) => begin(),
    onSuccess: (r) => setId('job' in r ? r.job.id : r.id),
  });
  const job = useJob(id);
  useEffect(() => {
    const j = job.data;
    if (!id || !j || j.id !== id || !finished(j)) return;
    setId(null);
    const { invalidate = [], onDone, onFailed } = optsRef.current;
    for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
    if (j.state === 'failed') onFailed?.(j);
    else onDone?.(j);
  }, [job.data, id, queryClient]);
  return {
    start: starting.mutate,
    /** The running job's last state, or null when none runs. */
    job: id !== null ? (job.data ?? null) : null,
    running: starting.isPending || id !== null,
    /** The error of starting it, or of reading its state. */
    error: starting.error ?? (id !== null ? job.error : null),
    reset: starting.reset,
  };
}
