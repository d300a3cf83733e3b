import { useQuery } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../../lib/client';

export type PipelineRecord = ApiResponse<'/api/v1/pipelines', 'get'>['data'][number];

/** The workspace's active pipelines with their active stages, in the order set in Settings → Pipelines. */
export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: async ({ signal }) =>
      (await call(client.GET('/api/v1/pipelines', { signal }))).data.sort((a, b) => a.position - b.position),
  });
}
