import { describe, expect, it } from 'vitest';
import { methodInWords } from './methodWords';

describe('methodInWords describes the model that was chosen', () => {
  it.each([
    ['ETS(A,N,N)', 'Exponential smoothing (recent periods weigh most) with no trend and no seasonality'],
    [
      'ETS(M,Ad,M)',
      'Exponential smoothing (recent periods weigh most) with a trend that flattens out and a seasonal pattern that grows with the level',
    ],
    [
      'damped ETS(A,Ad,A)',
      'Exponential smoothing (recent periods weigh most) with a trend that flattens out and a seasonal pattern of fixed size',
    ],
    ['ETS(A,A,N)', 'Exponential smoothing (recent periods weigh most) with a steady trend and no seasonality'],
    ['snaive', 'The same period one season earlier'],
    ['theta', 'The Theta method: a smoothed level plus half the long-run trend'],
    [
      'comb(ETS(A,N,N), theta)',
      'An equal-weight average of 2 models: exponential smoothing (recent periods weigh most) with no trend and no seasonality; the Theta method: a smoothed level plus half the long-run trend',
    ],
  ])('%s', (method, words) => expect(methodInWords(method)).toBe(words));

  it('a combination without seasonality does not claim any', () => {
    expect(methodInWords('comb(ETS(A,N,N), damped ETS(A,Ad,N), theta)')).not.toMatch(/seasonal pattern/);
  });
});
