/** One cell of the RFM heat map: recency score (1..5) × combined frequency/monetary score (1..5). */
export type GridCell = { r: number; fm: number; customers: number; revenue: number; segment: string };

/** Counts and revenue for all 25 cells, including empty ones, so the page always draws a full 5×5 grid. */
export function rfmGrid(
  customers: readonly { r: number; fm: number; monetary: number; segment: string }[],
  segmentOf: (r: number, fm: number) => string,
): GridCell[] {
  const cells: GridCell[] = [];
  for (let r = 1; r <= 5; r++)
    for (let fm = 1; fm <= 5; fm++) cells.push({ r, fm, customers: 0, revenue: 0, segment: segmentOf(r, fm) });
  for (const c of customers) {
    const cell = cells[(c.r - 1) * 5 + (c.fm - 1)];
    if (!cell) continue;
    cell.customers++;
    cell.revenue += c.monetary;
  }
  return cells.map((c) => ({ ...c, revenue: Math.round(c.revenue * 100) / 100 }));
}
