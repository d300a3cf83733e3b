/**
 * The usual named RFM segments as data: each is a set of cells on the grid of R score (1..5) by FM score
 * (the rounded mean of the F and M scores, 1..5). The 25 cells are covered exactly once (a test checks it),
 * so every customer gets exactly one name. Layout after the widely used R×F segment map (e.g. Putler,
 * Klaviyo), with FM in place of F so big one-off spenders are not treated like small ones.
 */
export interface SegmentDefinition {
  name: SegmentName;
  /** Inclusive R score range and FM score range. */
  cells: { r: [number, number]; fm: [number, number] }[];
  meaning: string;
  action: string;
}

export type SegmentName =
  | 'Champions'
  | 'Loyal'
  | 'Potential loyalists'
  | 'New'
  | 'Promising'
  | 'Need attention'
  | 'About to sleep'
  | 'At risk'
  | "Can't lose them"
  | 'Hibernating'
  | 'Lost';

export const SEGMENT_DEFINITIONS: readonly SegmentDefinition[] = [
  {
    name: 'Champions',
    cells: [{ r: [5, 5], fm: [4, 5] }],
    meaning: 'Bought very recently, buy often and spend the most.',
    action: 'Reward them; ask for reviews and referrals; early access to new products.',
  },
  {
    name: 'Loyal',
    cells: [{ r: [3, 4], fm: [4, 5] }],
    meaning: 'Buy often and spend well, a little less recently than Champions.',
    action: 'Upsell higher-value products; loyalty programme.',
  },
  {
    name: 'Potential loyalists',
    cells: [{ r: [4, 5], fm: [2, 3] }],
    meaning: 'Recent customers with average frequency and spend.',
    action: 'Membership or loyalty offer; recommend related products.',
  },
  {
    name: 'New',
    cells: [{ r: [5, 5], fm: [1, 1] }],
    meaning:
      'First purchase within the recency window (as recent as the newest fifth of customers), low spend so far. Older customers in this cell are Promising.',
    action: 'Onboarding, a good first experience, a second-order incentive.',
  },
  {
    name: 'Promising',
    cells: [{ r: [4, 4], fm: [1, 1] }],
    meaning:
      'Recent shoppers who have not bought much yet (with R 5, those whose first purchase is older than the recency window).',
    action: 'Build brand awareness; free trials or samples.',
  },
  {
    name: 'Need attention',
    cells: [{ r: [3, 3], fm: [3, 3] }],
    meaning: 'Average on recency, frequency and spend.',
    action: 'Limited-time offers based on past purchases.',
  },
  {
    name: 'About to sleep',
    cells: [{ r: [3, 3], fm: [1, 2] }],
    meaning: 'Below-average recency, frequency and spend; slipping away.',
    action: 'Share popular products, reconnect with a discount.',
  },
  {
    name: 'At risk',
    cells: [{ r: [1, 2], fm: [3, 4] }],
    meaning: 'Used to buy often and spend well, but not for a long time.',
    action: 'Personal emails to reconnect; renewal offers.',
  },
  {
    name: "Can't lose them",
    cells: [{ r: [1, 2], fm: [5, 5] }],
    meaning: 'Were among the biggest and most frequent buyers; have not come back for a long time.',
    action: 'Win them back with a call, not a newsletter; find out what went wrong.',
  },
  {
    name: 'Hibernating',
    cells: [
      { r: [2, 2], fm: [1, 2] },
      { r: [1, 1], fm: [2, 2] },
    ],
    meaning: 'Last order long ago, few orders, low spend.',
    action: 'Offer relevant products and special discounts; do not over-invest.',
  },
  {
    name: 'Lost',
    cells: [{ r: [1, 1], fm: [1, 1] }],
    meaning: 'Lowest recency, frequency and spend.',
    action: 'Revive with one campaign at most; otherwise let go.',
  },
];

/** FM score: mean of F and M scores, halves rounded up. */
export function fmScore(f: number, m: number): number {
  return Math.ceil((f + m) / 2);
}

export function segmentFor(r: number, f: number, m: number): SegmentDefinition {
  const fm = fmScore(f, m);
  for (const def of SEGMENT_DEFINITIONS) {
    for (const c of def.cells) if (r >= c.r[0] && r <= c.r[1] && fm >= c.fm[0] && fm <= c.fm[1]) return def;
  }
  throw new RangeError(`scores out of range: R=${r} F=${f} M=${m} (each must be 1..5)`);
}
