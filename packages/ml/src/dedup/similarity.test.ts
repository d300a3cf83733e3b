import { describe, expect, it } from 'vitest';
import { jaroWinkler, personNameSimilarity, soundex, tokenSetSimilarity } from './similarity';
import { nameTokens } from './normalize';

const person = (first: string, last: string) => ({
  first: nameTokens(first).join(''),
  last: nameTokens(last).join(''),
  tokens: nameTokens(first, last),
});

describe('jaroWinkler', () => {
  it.each([
    { a: 'martha', b: 'marhta', value: 0.961 },
    { a: 'dwayne', b: 'duane', value: 0.84 },
    { a: 'dixon', b: 'dicksonx', value: 0.813 },
    { a: 'abc', b: 'abc', value: 1 },
    { a: 'abc', b: '', value: 0 },
    { a: 'abc', b: 'xyz', value: 0 },
  ])('$a / $b', ({ a, b, value }) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(value, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(value, 3);
  });
  it('handles strings longer than its scratch buffers', () => {
    const long = 'a'.repeat(200);
    expect(jaroWinkler(long, long + 'b')).toBeGreaterThan(0.99);
  });
});

describe('tokenSetSimilarity', () => {
  it('ignores order', () => expect(tokenSetSimilarity(['jon', 'smith'], ['smith', 'jon'])).toBe(1));
  it('is 0 against nothing', () => expect(tokenSetSimilarity([], ['a'])).toBe(0));
  it('costs a little for an extra token', () =>
    expect(tokenSetSimilarity(['anna', 'lee'], ['anna', 'maria', 'lee'])).toBeCloseTo(0.95, 5));
});

describe('personNameSimilarity', () => {
  it.each([
    { a: ['John', 'Smith'], b: ['Jon', 'Smith'], atLeast: 0.9 },
    { a: ['John', 'Smith'], b: ['Smith', 'John'], atLeast: 0.99 },
    { a: ['José', 'García'], b: ['JOSE', 'GARCIA'], atLeast: 1 },
    { a: ['Jennifer', 'Martinez'], b: ['Jenifer', 'Martinez'], atLeast: 0.95 },
  ])('$a ≈ $b', ({ a, b, atLeast }) =>
    expect(personNameSimilarity(person(a[0]!, a[1]!), person(b[0]!, b[1]!))).toBeGreaterThanOrEqual(atLeast),
  );
  it.each([
    { a: ['Anna', 'Smith'], b: ['John', 'Smith'] },
    { a: ['Christine', 'Harrison'], b: ['Brandon', 'Harrison'] },
    { a: ['John', 'Smith'], b: ['John', 'Miller'] },
  ])('$a differs from $b', ({ a, b }) =>
    expect(personNameSimilarity(person(a[0]!, a[1]!), person(b[0]!, b[1]!))).toBeLessThan(0.82),
  );
});

describe('soundex', () => {
  it.each([
    ['robert', 'r163'],
    ['rupert', 'r163'],
    ['tymczak', 't522'],
    ['pfister', 'p236'],
    ['ashcraft', 'a261'],
    ['lee', 'l000'],
    ['', ''],
  ])('%s → %s', (token, code) => expect(soundex(token)).toBe(code));
});
