import { describe, expect, it } from 'vitest';
import { LinearSvm } from './linear-svm';
import type { SparseVector } from './sparse';
import { classProbabilities, fitTemperature, meanNll, softmax } from './temperature';

const row = (entries: [number, number][]): SparseVector => ({
  index: Int32Array.from(entries.map((e) => e[0])),
  value: Float32Array.from(entries.map((e) => e[1])),
});

describe('LinearSvm', () => {
  // Three classes, each owning one feature; feature 3 is noise shared by all.
  const rows = [
    row([
      [0, 1],
      [3, 0.5],
    ]),
    row([[0, 0.9]]),
    row([
      [0, 0.8],
      [3, 0.2],
    ]),
    row([[1, 1]]),
    row([
      [1, 0.7],
      [3, 0.4],
    ]),
    row([[1, 0.9]]),
    row([
      [2, 1],
      [3, 0.3],
    ]),
    row([[2, 0.6]]),
    row([[2, 1]]),
  ];
  const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2];

  it('separates linearly separable classes and scores unseen rows', () => {
    const svm = LinearSvm.train(rows, labels, 3, 4, { C: 1 });
    rows.forEach((r, i) => {
      const s = svm.scores(r);
      expect(s.indexOf(Math.max(...s))).toBe(labels[i]);
    });
    const s = svm.scores(
      row([
        [2, 0.5],
        [3, 1],
      ]),
    );
    expect(s.indexOf(Math.max(...s))).toBe(2);
  });

  it('is reproducible from its seed', () => {
    const a = LinearSvm.train(rows, labels, 3, 4, { seed: 7 });
    const b = LinearSvm.train(rows, labels, 3, 4, { seed: 7 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });

  it('meets the dual optimality conditions: margins of support vectors near 1 with a large C', () => {
    const svm = LinearSvm.train(rows, labels, 3, 4, { C: 100, tolerance: 1e-4 });
    const m = rows.map((r, i) => svm.scores(r)[0]! * (labels[i] === 0 ? 1 : -1));
    expect(Math.min(...m)).toBeGreaterThan(0.95);
  });
});

describe('temperature scaling', () => {
  it.each([
    [[1, 2, 3], 1, [0.0900306, 0.2447285, 0.665241]],
    [[1, 2, 3], 1e9, [1 / 3, 1 / 3, 1 / 3]],
    [[1000, 0], 1, [1, 0]],
  ])('softmax(%j / %d)', (s, t, expected) => {
    Array.from(softmax(s, t)).forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 6));
  });

  it('keeps a "none of them" share: all-negative margins give every class a low probability', () => {
    const p = classProbabilities([-2, -2.5, -3], 1);
    const none = 1 / (1 + Math.exp(-2) + Math.exp(-2.5) + Math.exp(-3));
    expect(p[0]).toBeCloseTo(Math.exp(-2) * none, 12);
    expect(p.reduce((a, b) => a + b, 0) + none).toBeCloseTo(1, 12);
    expect(Math.max(...p)).toBeLessThan(0.15);
    expect(classProbabilities([2, -1, -1], 1)[0]).toBeGreaterThan(0.75);
  });

  it('finds the temperature that minimises the validation NLL', () => {
    // Overconfident margins: right 80% of the time with a gap of 10: the best temperature is well above 1.
    const scores = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? [0, 10] : [10, 0]));
    const labels = scores.map(() => 0);
    const t = fitTemperature(scores, labels);
    expect(t).toBeGreaterThan(1);
    for (const other of [t * 0.8, t * 1.25]) {
      expect(meanNll(scores, labels, t)).toBeLessThan(meanNll(scores, labels, other));
    }
  });
});
