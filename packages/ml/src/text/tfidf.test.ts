import { describe, expect, it } from 'vitest';
import { sparseDot } from './sparse';
import { TfidfBlock, TfidfVectorizer } from './tfidf';
import { words } from './tokenize';

const docs = ['the card arrived', 'the card is lost', 'exchange rate for euros'];

describe('TfidfBlock', () => {
  it('uses smoothed idf ln((1 + n) / (1 + df)) + 1 and sublinear tf, scaled to unit length', () => {
    const block = TfidfBlock.fit(docs.map(words), { kind: 'word', minN: 1, maxN: 1, minDf: 1 });
    const idf = (t: string) => block.idf[block.terms.indexOf(t)]!;
    expect(idf('the')).toBeCloseTo(Math.log(4 / 3) + 1, 6);
    expect(idf('euros')).toBeCloseTo(Math.log(4 / 2) + 1, 6);
    const v = block.transform(words('card card lost'));
    const card = (1 + Math.log(2)) * idf('card');
    const lost = idf('lost');
    const norm = Math.hypot(card, lost);
    const expected = [block.terms.indexOf('card'), block.terms.indexOf('lost')].sort((a, b) => a - b);
    expect(Array.from(v.index)).toEqual(expected);
    expect(v.value[Array.from(v.index).indexOf(block.terms.indexOf('card'))]).toBeCloseTo(card / norm, 5);
  });

  it('drops terms below min df and ignores unknown words', () => {
    const block = TfidfBlock.fit(docs.map(words), { kind: 'word', minN: 1, maxN: 1, minDf: 2 });
    expect(block.terms).toEqual(['card', 'the']);
    expect(block.transform(words('unknown words only')).index.length).toBe(0);
  });
});

describe('TfidfVectorizer', () => {
  it('puts blocks side by side, each of unit length times its weight', () => {
    const v = TfidfVectorizer.fit(docs, undefined, [1, 2]);
    const x = v.transform('the card arrived');
    const wordSize = v.blocks[0]!.size;
    let wordSq = 0,
      charSq = 0;
    x.index.forEach((j, k) => {
      if (j < wordSize) wordSq += x.value[k]! ** 2;
      else charSq += x.value[k]! ** 2;
    });
    expect(wordSq).toBeCloseTo(1, 5);
    expect(charSq).toBeCloseTo(4, 5);
    expect(Math.max(...x.index)).toBeLessThan(v.size);
  });

  it('gives a typo most of its similarity through character n-grams', () => {
    const v = TfidfVectorizer.fit(docs, [{ kind: 'char', minN: 2, maxN: 5, minDf: 1 }]);
    const a = v.transform('exchange rate');
    expect(sparseDot(a, v.transform('exchnage rate'))).toBeGreaterThan(0.6);
    expect(sparseDot(a, v.transform('card lost'))).toBeLessThan(0.2);
  });

  it('survives a JSON round trip', () => {
    const v = TfidfVectorizer.fit(docs);
    const back = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
    expect(Array.from(back.transform('lost card').value)).toEqual(Array.from(v.transform('lost card').value));
  });
});
