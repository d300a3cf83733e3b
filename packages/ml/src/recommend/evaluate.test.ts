import { describe, expect, it } from 'vitest';
import { evaluateTimeSplit } from './evaluate';
import type { Purchase } from './purchase-index';

const DAY = 86_400_000;
const p = (customer: string, item: string, day: number): Purchase => ({ customer, item, time: day * DAY });

describe('time-split evaluation', () => {
  // Train: x and y go together; z is the best-seller. After the cut-off u1 buys y, newcomer u8 buys z.
  const purchases = [
    p('u1', 'x', 1),
    p('u2', 'x', 2),
    p('u2', 'y', 3),
    p('u3', 'x', 4),
    p('u3', 'y', 5),
    p('u4', 'z', 1),
    p('u5', 'z', 2),
    p('u6', 'z', 3),
    p('u7', 'z', 4),
    p('u1', 'y', 20),
    p('u1', 'x', 21),
    p('u8', 'z', 22),
    p('u4', 'z', 23),
  ];
  const result = evaluateTimeSplit(purchases, { cutoff: 10 * DAY, n: 1 });
  const get = (model: string, customers: string) =>
    result.models.find((m) => m.model === model && m.customers === customers)!;

  it.each([
    { model: 'pipewise', customers: 'returning', evaluated: 1, hitRate: 1, recall: 1 },
    { model: 'popularity', customers: 'returning', evaluated: 1, hitRate: 0, recall: 0 },
    { model: 'pipewise', customers: 'new', evaluated: 1, hitRate: 1, recall: 1 },
    { model: 'popularity', customers: 'new', evaluated: 1, hitRate: 1, recall: 1 },
  ])('$model on $customers customers', ({ model, customers, ...expected }) => {
    expect(get(model, customers)).toMatchObject(expected);
  });

  it('counts only first-time purchases as targets (u4 re-buying z is no test case)', () => {
    expect(result.split).toMatchObject({ trainPurchases: 9, testPurchases: 4, returningCustomers: 1, newCustomers: 1 });
  });
});
