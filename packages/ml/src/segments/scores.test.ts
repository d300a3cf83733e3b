import { describe, expect, it } from 'vitest';
import { quintileScores } from './scores';

describe('quintileScores', () => {
  it.each([
    {
      name: 'ten distinct values',
      values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      higher: true,
      scores: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5],
    },
    {
      name: 'recency: fewer days is better',
      values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      higher: false,
      scores: [5, 5, 4, 4, 3, 3, 2, 2, 1, 1],
    },
    { name: 'order does not matter', values: [10, 1, 5, 6], higher: true, scores: [5, 1, 2, 4] },
    { name: 'ties share a score', values: [1, 1, 1, 1, 5], higher: true, scores: [3, 3, 3, 3, 5] },
    { name: 'all equal', values: [7, 7, 7], higher: true, scores: [3, 3, 3] },
    { name: 'one customer', values: [42], higher: true, scores: [3] },
  ])('$name', ({ values, higher, scores }) => {
    expect(quintileScores(values, higher)).toEqual(scores);
  });
});
