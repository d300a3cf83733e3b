import { describe, expect, it } from 'vitest';
import { computeRfm, type OrderLine } from './rfm';
import { segmentCustomers } from './segment-customers';

const DAY = 86_400_000;
const asOf = Date.UTC(2026, 0, 31);

/** Customers as [id, days ago of each order, amount per order]. */
function lines(rows: [string, number[], number][]): OrderLine[] {
  return rows.flatMap(([customer, days, amount]) =>
    days.map((d, i) => ({ customer, orderId: `${customer}-${i}`, time: asOf - d * DAY, amount })),
  );
}

describe('segmentCustomers: "New" means a first purchase within the recency window', () => {
  const table: [string, number[], number][] = [
    ['first-time', [2], 3], // one small order two days ago: new
    ['old-timer', [1, 1000], 1], // bought years ago, and a little yesterday: recent, but not new
    ['c', [3, 40, 80], 200],
    ['d', [5, 50, 90, 130], 300],
    ['e', [8, 60, 120], 250],
    ['f', [13, 70, 200, 260], 400],
    ['g', [21, 90, 150], 150],
    ['h', [34, 100, 300, 400], 500],
    ['i', [55, 160, 320], 350],
    ['j', [89, 200, 380, 500], 600],
  ];
  const { customers } = computeRfm(lines(table), { asOf });
  const seg = segmentCustomers(customers, asOf);
  const by = Object.fromEntries(seg.customers.map((c) => [c.customer, c]));

  it.each([
    ['first-time', 5, 1, 'New'],
    ['old-timer', 5, 1, 'Promising'],
  ])('%s: R %i, FM %i → %s', (id, r, fm, name) => {
    expect(by[id]).toMatchObject({ r, fm, segment: name });
  });

  it('the window is how recent the newest fifth of customers is', () => {
    expect(seg.recencyWindowDays).toBe(2);
    expect(seg.segments.find((s) => s.name === 'New')!.customers).toBe(1);
  });
});
