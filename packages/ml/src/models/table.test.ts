import { describe, expect, it } from 'vitest';
import { encodeRows, inferSchema, OTHER, tableFromRows } from './table';

describe('tableFromRows', () => {
  const rows = [
    { amount: '10', stage: 'new', note: '', won: 'yes' },
    { amount: 'NaN', stage: 'qualified', note: null, won: 'no' },
    { amount: 'Infinity', stage: 'new', note: null, won: 'no' },
    { amount: 3.5, stage: null, note: null, won: 'yes' },
    { amount: Number.NEGATIVE_INFINITY, stage: 'new', note: null, won: null },
  ];

  it('infers numeric and categorical columns and the positive class', () => {
    const t = tableFromRows(rows, { target: 'won' });
    expect(t.schema.positive).toBe('yes');
    expect(t.schema.features.map((f) => [f.name, f.kind])).toEqual([
      ['amount', 'numeric'],
      ['stage', 'categorical'],
      ['note', 'numeric'],
    ]);
    expect(t.n).toBe(4); // the row without an outcome is left out
    expect(Array.from(t.y!)).toEqual([1, 0, 0, 1]);
  });

  it.each([
    { raw: 'NaN', missing: true },
    { raw: 'Infinity', missing: true },
    { raw: '-inf', missing: true },
    { raw: Number.POSITIVE_INFINITY, missing: true },
    { raw: '  ', missing: true },
    { raw: '1e3', missing: false },
  ])('treats $raw as missing: $missing', ({ raw, missing }) => {
    const t = tableFromRows(
      [
        { x: raw, y: 'a' },
        { x: 2, y: 'b' },
      ],
      { target: 'y', positive: 'a' },
    );
    const c = t.columns[0]!;
    expect(c.kind).toBe('numeric');
    if (c.kind === 'numeric') expect(Number.isNaN(c.values[0]!)).toBe(missing);
  });

  it('maps unseen categories to missing (or OTHER when the column was capped)', () => {
    const schema = inferSchema(
      [
        { c: 'a', y: 1 },
        { c: 'a', y: 0 },
        { c: 'a', y: 1 },
        { c: 'b', y: 0 },
        { c: 'b', y: 0 },
        { c: 'b', y: 1 },
      ],
      { target: 'y' },
    );
    const t = encodeRows([{ c: 'zzz', y: 1 }], schema);
    const c = t.columns[0]!;
    expect(c.kind === 'categorical' && c.codes[0]).toBe(-1);
  });

  it('caps 10,000 categories to the most frequent plus OTHER', () => {
    const many = Array.from({ length: 12000 }, (_, i) => ({ id: i < 2000 ? `common${i % 5}` : `rare${i}`, y: i % 2 }));
    const t = tableFromRows(many, { target: 'y', maxLevels: 64 });
    const f = t.schema.features[0]!;
    expect(f.kind).toBe('categorical');
    if (f.kind === 'categorical') {
      expect(f.levels).toHaveLength(6);
      expect(f.levels).toContain(OTHER);
    }
    const c = t.columns[0]!;
    if (c.kind === 'categorical') expect(c.codes[11999]).toBe(5);
  });

  it('orders rows by a date column', () => {
    const t = tableFromRows(
      [
        { d: '2024-02-01', y: 1 },
        { d: '2024-01-01', y: 0 },
      ],
      { target: 'y', orderBy: 'd' },
    );
    expect(t.order[0]!).toBeGreaterThan(t.order[1]!);
    expect(t.schema.features).toHaveLength(0);
  });
});
