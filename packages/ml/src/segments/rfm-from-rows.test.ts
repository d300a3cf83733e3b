import { describe, expect, it } from 'vitest';
import { rfmFromOrderRows } from './rfm-from-rows';
import { RfmInputError } from './columns';

const DAY = 86_400_000;
const AS_OF = '2024-03-01';
const asOfMs = Date.UTC(2024, 2, 1);
const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Hand-made table: 10 customers with distinct recency and frequency (monetary = 100 × frequency), chosen so the
 * quintile scores land on known cells. Mid-rank quintiles of 10 distinct values give ranks 1-2 → 1, … 9-10 → 5.
 */
const HAND = [
  { id: 'A', recency: 1, orders: 9, r: 5, f: 5, segment: 'Champions' },
  { id: 'B', recency: 2, orders: 1, r: 5, f: 1, segment: 'New' },
  { id: 'C', recency: 3, orders: 7, r: 4, f: 4, segment: 'Loyal' },
  { id: 'D', recency: 4, orders: 6, r: 4, f: 3, segment: 'Potential loyalists' },
  { id: 'E', recency: 5, orders: 5, r: 3, f: 3, segment: 'Need attention' },
  { id: 'F', recency: 6, orders: 3, r: 3, f: 2, segment: 'About to sleep' },
  { id: 'G', recency: 7, orders: 8, r: 2, f: 4, segment: 'At risk' },
  { id: 'H', recency: 8, orders: 10, r: 2, f: 5, segment: "Can't lose them" },
  { id: 'I', recency: 9, orders: 2, r: 1, f: 1, segment: 'Lost' },
  { id: 'J', recency: 10, orders: 4, r: 1, f: 2, segment: 'Hibernating' },
] as const;

function handRows(): Record<string, string>[] {
  return HAND.flatMap((c) =>
    Array.from({ length: c.orders }, (_, k) => ({
      CustomerID: c.id,
      InvoiceNo: `${c.id}-${k}`,
      InvoiceDate: iso(asOfMs - (c.recency + 7 * k) * DAY),
      Quantity: '2',
      UnitPrice: '50',
    })),
  );
}

describe('rfmFromOrderRows on a hand-made table', () => {
  const result = rfmFromOrderRows(handRows(), { asOf: AS_OF });

  it('detects the UCI column names', () => {
    expect(result.columns).toEqual({
      customer: 'CustomerID',
      date: 'InvoiceDate',
      quantity: 'Quantity',
      price: 'UnitPrice',
      order: 'InvoiceNo',
    });
  });

  it.each(HAND)('customer $id: R$r F$f M$f → $segment', (c) => {
    const row = result.customers.find((x) => x.customer === c.id)!;
    expect(row).toMatchObject({
      recencyDays: c.recency,
      frequency: c.orders,
      monetary: c.orders * 100,
      r: c.r,
      f: c.f,
      m: c.f,
      segment: c.segment,
    });
  });

  it('summarises every named segment with counts and revenue', () => {
    expect(result.segments).toHaveLength(11);
    expect(result.segments.reduce((s, x) => s + x.customers, 0)).toBe(10);
    expect(result.segments.find((s) => s.name === 'Champions')).toMatchObject({ customers: 1, revenue: 900 });
    expect(result.segments.find((s) => s.name === 'Promising')).toMatchObject({ customers: 0, revenue: 0 });
  });

  it('returns the k sweep, capped below the number of customers, with profiles', () => {
    expect(result.sweep.map((p) => p.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(result.bestK).not.toBeNull();
    expect(result.clusters).toHaveLength(result.bestK!);
    expect(result.customers.every((c) => c.cluster >= 0 && c.cluster < result.bestK!)).toBe(true);
  });

  it('is reproducible', () => {
    expect(rfmFromOrderRows(handRows(), { asOf: AS_OF })).toEqual(result);
  });
});

describe('rfmFromOrderRows on bad input', () => {
  const rows = (list: [string, string, string][]) =>
    list.map(([customer, date, amount]) => ({ customer, date, amount }));

  it('no rows at all: empty result and a warning', () => {
    const r = rfmFromOrderRows([]);
    expect(r.customers).toEqual([]);
    expect(r.warnings).toContain('no orders: the file has no data rows');
  });

  it('no usable rows: every row rejected with reasons', () => {
    const r = rfmFromOrderRows(
      rows([
        ['a', 'soon', '10'],
        ['', '2024-01-01', '5'],
        ['b', '2024-01-01', 'ten'],
      ]),
    );
    expect(r.customers).toEqual([]);
    expect(r.rejected.byReason).toEqual({ 'invalid date': 1, 'missing customer': 1, 'invalid amount': 1 });
    expect(r.warnings.some((w) => w.startsWith('no orders'))).toBe(true);
  });

  it.each([
    { date: 'yesterday', reason: 'invalid date' },
    { date: '2024-02-30', reason: 'invalid date' },
    { date: '13/13/2024', reason: 'invalid date' },
    { date: '', reason: 'missing date' },
  ])('rejects date "$date" as $reason and counts it', ({ date, reason }) => {
    const r = rfmFromOrderRows(
      rows([
        ['a', '2024-01-01', '10'],
        ['a', date, '10'],
        ['b', '2024-01-05', '20'],
      ]),
    );
    expect(r.rejected.count).toBe(1);
    expect(r.rejected.byReason[reason]).toBe(1);
    expect(r.rejected.examples[0]).toMatchObject({ row: 2 });
    expect(r.customers).toHaveLength(2);
  });

  it('nets returns into spend and says how; return-only customers are left out', () => {
    const r = rfmFromOrderRows(
      rows([
        ['a', '2024-01-01', '100'],
        ['a', '2024-01-20', '-30'],
        ['b', '2024-01-02', '-5'],
        ['c', '2024-01-03', '0'],
        ['d', '2024-01-04', '40'],
      ]),
    );
    const a = r.customers.find((c) => c.customer === 'a')!;
    expect(a).toMatchObject({ monetary: 70, returns: -30, frequency: 1 });
    // The return on the 20th does not make the customer look recent.
    expect(a.lastOrder.slice(0, 10)).toBe('2024-01-01');
    expect(r.customers.map((c) => c.customer).sort()).toEqual(['a', 'd']);
    expect(r.warnings.join('\n')).toMatch(/2 line\(s\) with a negative amount .* netted/);
    expect(r.warnings.join('\n')).toMatch(/1 line\(s\) with a zero amount were ignored/);
    expect(r.warnings.join('\n')).toMatch(/2 customer\(s\) with only returns or zero-value lines were left out/);
  });

  it('customers with one order get a population gap and a warning', () => {
    const r = rfmFromOrderRows(
      rows([
        ['a', '2024-01-01', '10'],
        ['a', '2024-01-11', '10'],
        ['b', '2024-01-05', '20'],
      ]),
    );
    expect(r.customers.find((c) => c.customer === 'b')).toMatchObject({ gapBasis: 'population', usualGapDays: 10 });
    expect(r.warnings.join('\n')).toMatch(/1 of 2 customer\(s\) have a single order/);
  });

  it('caps k at the number of customers and warns', () => {
    const r = rfmFromOrderRows(
      rows([
        ['a', '2024-01-01', '10'],
        ['b', '2024-01-05', '200'],
        ['c', '2024-02-01', '35'],
        ['d', '2024-02-11', '5000'],
      ]),
      { kRange: [2, 8] },
    );
    expect(r.sweep.map((p) => p.k)).toEqual([2, 3]);
    expect(r.warnings.join('\n')).toMatch(/k capped at 3: only 4 customers/);
  });

  it.each([
    { kRange: [4, 4] as [number, number], ks: [4], warning: undefined },
    { kRange: [5, 3] as [number, number], ks: [2, 3, 4, 5, 6, 7, 8], warning: /k range 5..3 is not valid; using 2..8/ },
    { kRange: [1, 3] as [number, number], ks: [2, 3], warning: /k must be at least 2/ },
  ])('k range $kRange', ({ kRange, ks, warning }) => {
    const r = rfmFromOrderRows(handRows(), { asOf: AS_OF, kRange });
    expect(r.sweep.map((p) => p.k)).toEqual(ks);
    if (warning) expect(r.warnings.join('\n')).toMatch(warning);
  });

  it('too few customers to cluster: segments still computed, clustering skipped with a warning', () => {
    const r = rfmFromOrderRows(
      rows([
        ['a', '2024-01-01', '10'],
        ['b', '2024-01-05', '200'],
      ]),
    );
    expect(r.customers).toHaveLength(2);
    expect(r.bestK).toBeNull();
    expect(r.customers.every((c) => c.cluster === -1)).toBe(true);
    expect(r.warnings.join('\n')).toMatch(/clustering skipped/);
  });

  it.each([
    {
      opts: { customer: 'Client' },
      message: /unknown customer column "Client"; available columns: "customer", "date", "amount"/,
    },
    { opts: { amount: 'Total' }, message: /unknown amount column "Total"/ },
    { opts: { quantity: 'qty', price: 'amount' }, message: /unknown quantity column "qty"/ },
  ])('unknown column names: $message', ({ opts, message }) => {
    const call = () => rfmFromOrderRows(rows([['a', '2024-01-01', '10']]), opts);
    expect(call).toThrow(RfmInputError);
    expect(call).toThrow(message);
  });

  it('says which column it could not find', () => {
    expect(() => rfmFromOrderRows([{ who: 'a', when: '2024-01-01', amount: '1' }])).toThrow(
      /no customer column found; pass --customer COL \(available columns: "who", "when", "amount"\)/,
    );
    expect(() => rfmFromOrderRows([{ customer: 'a', date: '2024-01-01', Quantity: '1' }])).toThrow(
      /need both a quantity and a price column/,
    );
  });

  it('reads money and day-first dates as shops export them', () => {
    const r = rfmFromOrderRows([
      { 'Customer Email': 'x@y.z', 'Order Date': '25/03/2024', Total: '£1,234.50' },
      { 'Customer Email': 'x@y.z', 'Order Date': '02/04/2024', Total: '10,50' },
    ]);
    expect(r.columns).toMatchObject({ customer: 'Customer Email', date: 'Order Date', amount: 'Total' });
    expect(r.customers[0]).toMatchObject({ monetary: 1245, frequency: 2, lastOrder: '2024-04-02T00:00:00.000Z' });
  });

  it('rejects an invalid asOf and rows after it', () => {
    expect(() => rfmFromOrderRows(rows([['a', '2024-01-01', '10']]), { asOf: 'someday' })).toThrow(
      /asOf "someday" is not a valid date/,
    );
    const r = rfmFromOrderRows(
      rows([
        ['a', '2024-01-01', '10'],
        ['a', '2024-05-01', '10'],
      ]),
      { asOf: '2024-02-01' },
    );
    expect(r.rejected.byReason).toEqual({ 'date after asOf': 1 });
  });
});
