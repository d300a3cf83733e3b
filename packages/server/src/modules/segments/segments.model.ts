import { z } from '@hono/zod-openapi';
import { SEGMENT_DEFINITIONS } from '@pipewise/ml/segments/index';

/** Extra features a user may add to RFM for clustering (computed per contact from the CRM). */
export const numericClusterFeatures = ['clv', 'returns', 'activities90d', 'avgOrderValue'] as const;
export const categoricalClusterFeatures = ['country', 'source', 'lifecycleStage'] as const;

export const runOptionsSchema = z
  .object({
    numeric: z.array(z.enum(numericClusterFeatures)).max(4).default([]),
    categorical: z.array(z.enum(categoricalClusterFeatures)).max(3).default([]),
    kMin: z.number().int().min(2).max(8).default(2),
    kMax: z.number().int().min(2).max(8).default(8),
  })
  .strict()
  .refine((o) => o.kMin <= o.kMax, { message: 'kMin must not exceed kMax', path: ['kMin'] });
export type RunOptions = z.infer<typeof runOptionsSchema>;

/** The named segment covering a cell of the R × FM grid. */
export function segmentOfCell(r: number, fm: number): string {
  for (const def of SEGMENT_DEFINITIONS)
    for (const c of def.cells) if (r >= c.r[0] && r <= c.r[1] && fm >= c.fm[0] && fm <= c.fm[1]) return def.name;
  return 'Lost';
}

export const segmentDefinitions = () =>
  SEGMENT_DEFINITIONS.map((d) => ({
    name: d.name,
    meaning: d.meaning,
    action: d.action,
    cells: d.cells.map((c) => `R ${span(c.r)} · FM ${span(c.fm)}`).join(', '),
  }));

const span = ([a, b]: [number, number]) => (a === b ? String(a) : `${a}–${b}`);
