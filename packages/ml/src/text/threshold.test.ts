import { describe, expect, it } from 'vitest';
import { chooseThreshold, DEFAULT_THRESHOLD, type ValidationOutcome } from './threshold';

const o = (confidence: number, correct: boolean, outOfScope = false): ValidationOutcome => ({
  confidence,
  correct,
  outOfScope,
});

describe('chooseThreshold', () => {
  it('separates out-of-scope questions from right answers when it can', () => {
    const c = chooseThreshold([
      o(0.9, true),
      o(0.8, true),
      o(0.7, true),
      o(0.2, false, true),
      o(0.3, false, true),
      o(0.25, false, true),
    ]);
    expect(c.rule).toBe('balanced-oos');
    expect(c.threshold).toBeCloseTo(0.5, 10);
    expect(c.inScopeAccuracy).toBe(1);
    expect(c.outOfScopeRecall).toBe(1);
  });

  it('weighs in-scope accuracy and out-of-scope recall equally, whatever their counts', () => {
    // Rejecting below 0.55 loses one of 4 right answers (-0.25) and catches 1 of 2 out-of-scope (+0.5): worth it.
    const c = chooseThreshold([
      o(0.9, true),
      o(0.8, true),
      o(0.7, true),
      o(0.5, true),
      o(0.6, false, true),
      o(0.3, false, true),
    ]);
    expect(c.threshold).toBeCloseTo(0.65, 10);
    expect(c.inScopeAccuracy).toBe(0.75);
    expect(c.outOfScopeRecall).toBe(1);
  });

  it('with a required out-of-scope recall, takes the lowest threshold that reaches it', () => {
    const outcomes = [
      o(0.9, true),
      o(0.8, true),
      o(0.5, true),
      o(0.6, false, true),
      o(0.4, false, true),
      o(0.3, false, true),
    ];
    const c = chooseThreshold(outcomes, { minOutOfScopeRecall: 0.6 });
    expect(c.rule).toBe('min-oos-recall');
    expect(c.threshold).toBeCloseTo(0.45, 10);
    expect(c.outOfScopeRecall).toBeCloseTo(2 / 3, 10);
    expect(c.inScopeAccuracy).toBe(1);
    expect(chooseThreshold(outcomes, { minOutOfScopeRecall: 1 }).threshold).toBeCloseTo(0.7, 10);
  });

  it('without out-of-scope examples, rejects where wrong answers are more common than right ones', () => {
    const c = chooseThreshold([
      o(0.95, true),
      o(0.9, true),
      o(0.85, true),
      o(0.4, false),
      o(0.35, false),
      o(0.6, true),
      o(0.3, true),
    ]);
    expect(c.rule).toBe('youden-wrong-answers');
    expect(c.threshold).toBeCloseTo(0.5, 10);
    expect(c.outOfScopeRecall).toBeNull();
  });

  it('rejects out-of-scope questions that the out-of-scope class won (confidence 0) at any threshold', () => {
    const c = chooseThreshold([o(0.9, true), o(0.8, true), o(0.7, true), o(0, false, true), o(0, false, true)]);
    expect(c.outOfScopeRecall).toBe(1);
    expect(c.inScopeAccuracy).toBe(1);
  });

  it.each([
    [[]],
    [[o(0.9, true), o(0.8, true)]],
    [[o(0.9, true), o(0.8, true), o(0.7, true), o(0.6, true), o(0.5, true)]],
  ])('falls back to the default with nothing to tune on (%#)', (outcomes) => {
    const c = chooseThreshold(outcomes);
    expect(c.rule).toBe('default');
    expect(c.threshold).toBe(DEFAULT_THRESHOLD);
  });
});
