import { useEffect, useState } from 'react';
import { api } from '../../lib/api';
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
 * requests of up to 200 ids. `refresh` changes when a score changed on screen (an override), to read them again.
 */
export function useScores(entity: 'contact' | 'deal', ids: string[], refresh = 0): Map<string, ScoreRow> {
  const [scores, setScores] = useState<Map<string, ScoreRow>>(new Map());
  const key = ids.join(',');
  useEffect(() => {
    if (!key) return;
    const ctrl = new AbortController();
    const all = key.split(',');
    const chunks = Array.from({ length: Math.ceil(all.length / IDS_PER_REQUEST) }, (_, k) =>
      all.slice(k * IDS_PER_REQUEST, (k + 1) * IDS_PER_REQUEST).join(','),
    );
    Promise.all(
      chunks.map((ids) => api.get<{ data: ScoreRow[] }>('/api/v1/scoring/scores', { entity, ids }, ctrl.signal)),
    ).then(
      (parts) => setScores(new Map(parts.flatMap((r) => r.data).map((s) => [s.entityId, s]))),
      () => {}, // a missing score column must never break the list
    );
    return () => ctrl.abort();
  }, [entity, key, refresh]);
  return scores;
}
