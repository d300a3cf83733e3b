import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, client } from '../../lib/client';
import { Badge, type Tone } from '../../components/Badge';
import type { ScoreRow } from './scoringTypes';
import { probability as formatProbability } from '../../lib/format';

const tones: Record<string, Tone> = { A: 'green', B: 'teal', C: 'amber', D: 'gray' };

/** Tier letter and probability, e.g. "A 62%"; an overridden tier is marked. */
export function TierBadge({
  tier,
  probability,
  overridden,
}: {
  tier: string;
  probability?: number | null;
  overridden?: boolean;
}) {
  return (
    <span
      className="inline-flex items-center gap-1.5"
      title={overridden ? 'Tier set by a rep (override)' : 'Tier from the model (A = top quarter of open records)'}
    >
      <Badge tone={tones[tier] ?? 'gray'}>
        {tier}
        {overridden ? '*' : ''}
      </Badge>
      {probability !== undefined && probability !== null && (
        <span className="text-xs text-slate-500 tabular-nums">{formatProbability(probability)}</span>
      )}
    </span>
  );
}

/** Ids per request: 200 UUIDs keep the query string far below the server's 16 KB header limit. */
const IDS_PER_REQUEST = 200;

/**
 * Scores of the records on screen, fetched from the scoring API (the list itself knows nothing of scores), in
 * requests of up to 200 ids. Cached under ['scoring', 'scores', …], so an override or a scoring run re-reads them.
 * `refresh` is kept for callers that still count their own changes; it only adds to the query key.
 */
export function useScores(entity: 'contact' | 'deal', ids: string[], refresh = 0): Map<string, ScoreRow> {
  const key = ids.join(',');
  const { data } = useQuery({
    queryKey: ['scoring', 'scores', entity, 'list', key, refresh],
    enabled: key !== '',
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const all = key.split(',');
      const chunks = Array.from({ length: Math.ceil(all.length / IDS_PER_REQUEST) }, (_, k) =>
        all.slice(k * IDS_PER_REQUEST, (k + 1) * IDS_PER_REQUEST).join(','),
      );
      const parts = await Promise.all(
        chunks.map((ids) => call(client.GET('/api/v1/scoring/scores', { params: { query: { entity, ids } }, signal }))),
      );
      // The rows' schema is loose (scoring.routes.ts `anyObject`): typed by scoringTypes.ts.
      return new Map(parts.flatMap((r) => r.data as ScoreRow[]).map((s) => [s.entityId, s]));
    },
    // A missing score column must never break the list.
    retry: false,
    throwOnError: false,
  });
  return data ?? empty;
}
const empty = new Map<string, ScoreRow>();
