import type { components } from './api-schema';
import { lifecycleStages } from './types';

/** `GET /api/v1/stats` (packages/server/src/modules/reports). */
export type Stats = components['schemas']['Stats'];

export function isEmptyWorkspace(s: Stats): boolean {
  return s.contacts === 0 && s.companies === 0 && s.openDeals === 0;
}

/** Every lifecycle stage in funnel order, with zero for stages the stats leave out. */
export function lifecycleRows(s: Stats): { stage: string; count: number }[] {
  return lifecycleStages.map((stage) => ({ stage, count: s.lifecycle?.[stage] ?? 0 }));
}
