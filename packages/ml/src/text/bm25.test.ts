import { describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25';

const docs = [
  { id: 'a', text: 'gift cards never expire' },
  { id: 'b', text: 'warranty covers electrical faults of a kettle for two years' },
  { id: 'c', text: 'kettle kettle kettle descaling guide' },
  { id: 'd', text: 'opening hours monday to saturday' },
];

describe('Bm25Index', () => {
  const index = new Bm25Index(docs);

  it('scores by the Okapi formula (k1 = 1.2, b = 0.75, Lucene idf)', () => {
    // "gift" occurs once in doc a (4 words); average length (4 + 10 + 5 + 5) / 4 = 6.
    const idf = Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5));
    const norm = 1.2 * (1 - 0.75 + (0.75 * 4) / 6);
    expect(index.scores('gift')[0]).toBeCloseTo((idf * 1 * 2.2) / (1 + norm), 10);
    expect(index.idf('nowhere')).toBeCloseTo(Math.log(1 + 4.5 / 0.5), 10);
  });

  it.each([
    ['do gift cards expire', 'a'],
    ['is my kettle under warranty', 'b'],
    ['kettle descaling, how?', 'c'],
    ['Opening hours on Saturday?', 'd'],
  ])('%s -> %s', (query, id) => {
    expect(index.search(query, 1)[0]?.id).toBe(id);
  });

  it('returns nothing for words it has never seen and reports coverage of the query', () => {
    expect(index.search('zebra crossing')).toEqual([]);
    const [hit] = index.search('gift cards zebra');
    expect(hit!.coverage).toBeGreaterThan(0.3);
    expect(hit!.coverage).toBeLessThan(1);
    expect(index.search('gift cards')[0]!.coverage).toBe(1);
  });

  it('saturates repeated words: three "kettle"s do not outweigh a rarer matching word', () => {
    expect(index.search('kettle warranty', 1)[0]!.id).toBe('b');
  });
});
