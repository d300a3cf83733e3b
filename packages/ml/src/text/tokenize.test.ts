import { describe, expect, it } from 'vitest';
import { charNgrams, normalizeText, wordNgrams, words } from './tokenize';

describe('normalizeText and words', () => {
  it.each([
    ['Card hasn’t arrived!!', ['card', 'hasnt', 'arrived']],
    ["card hasn't arrived", ['card', 'hasnt', 'arrived']],
    ['CAFÉ Crème, 2 pcs', ['cafe', 'creme', '2', 'pcs']],
    ['top-up via Apple Pay?', ['top', 'up', 'via', 'apple', 'pay']],
    ['   ', []],
    ['€€€ ???', []],
  ])('%j -> %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('folds accents and case', () => {
    expect(normalizeText('Ñandú ÉTÉ')).toBe('nandu ete');
  });
});

describe('n-grams', () => {
  it.each([
    [['my', 'card', 'is'], 1, 2, ['my', 'card', 'is', 'my card', 'card is']],
    [['one'], 1, 2, ['one']],
    [[], 1, 3, []],
  ])('word n-grams of %j (%i-%i)', (tokens, lo, hi, expected) => {
    expect(wordNgrams(tokens, lo, hi)).toEqual(expected);
  });

  it.each([
    // Padded " ab " gives 2-grams, 3-grams and the whole padded word as its 4-gram; no longer n-grams.
    [['ab'], 2, 5, [' a', 'ab', 'b ', ' ab', 'ab ', ' ab ']],
    // A one-letter word: " x" "x " then the padded word once for n = 3.
    [['x'], 2, 5, [' x', 'x ', ' x ']],
    [['abc'], 3, 3, [' ab', 'abc', 'bc ']],
  ])('char n-grams of %j (%i-%i)', (tokens, lo, hi, expected) => {
    expect(charNgrams(tokens, lo, hi)).toEqual(expected);
  });
});
