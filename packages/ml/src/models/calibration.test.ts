import { describe, expect, it } from 'vitest';
import { calibrate, chooseCalibrator, fitIsotonic, fitPlatt } from './calibration';
import { createRng } from './random';
import { scoreProbability } from './math';

function sample(n: number, seed: number, truth: (m: number) => number) {
  const rnd = createRng(seed);
  const m = Float64Array.from({ length: n }, () => rnd() * 8 - 4);
  const y = Uint8Array.from(m, (v) => (rnd() < truth(v) ? 1 : 0));
  return { m, y };
}

describe('calibration', () => {
  it('Platt scaling recovers a known slope and intercept', () => {
    const { m, y } = sample(20000, 1, (v) => 1 / (1 + Math.exp(-(0.5 * v - 1))));
    const c = fitPlatt(m, y);
    expect(c.kind).toBe('platt');
    if (c.kind === 'platt') {
      expect(c.a).toBeCloseTo(0.5, 1);
      expect(c.b).toBeCloseTo(-1, 1);
    }
  });

  it('caps the slope when asked: softens an underconfident model no further than its own scores', () => {
    const { m, y } = sample(5000, 4, (v) => 1 / (1 + Math.exp(-(3 * v + 0.5))));
    const free = fitPlatt(m, y);
    const capped = fitPlatt(m, y, 1);
    expect(free.kind === 'platt' && free.a).toBeGreaterThan(2);
    expect(capped).toMatchObject({ kind: 'platt', a: 1 });
    // The intercept is refitted for the capped slope: the mean probability still matches the base rate.
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    const mean = Array.from(m, (v) => calibrate(capped, v)).reduce((s, p) => s + p, 0) / m.length;
    expect(mean).toBeCloseTo(rate, 2);
  });

  it('never reverses a ranking, even for a backwards model', () => {
    const { m, y } = sample(2000, 2, (v) => 1 / (1 + Math.exp(v)));
    const c = fitPlatt(m, y);
    expect(calibrate(c, 2)).toBeGreaterThan(calibrate(c, -2));
  });

  it('isotonic regression is monotone and keeps order inside flat steps', () => {
    const { m, y } = sample(3000, 3, (v) => (v > 0 ? 0.8 : 0.1));
    const c = fitIsotonic(m, y);
    let prev = -1;
    for (let x = -5; x <= 5; x += 0.25) {
      const p = calibrate(c, x);
      expect(p).toBeGreaterThan(prev);
      prev = p;
    }
    expect(calibrate(c, 3)).toBeCloseTo(0.8, 1);
    expect(calibrate(c, -3)).toBeCloseTo(0.1, 1);
  });

  it('chooses isotonic for a step-shaped truth and Platt for a logistic one', () => {
    const step = sample(6000, 4, (v) => (v > 1 ? 0.9 : 0.3));
    expect(chooseCalibrator(step.m, step.y).calibrator.kind).toBe('isotonic');
    const smooth = sample(6000, 5, (v) => 1 / (1 + Math.exp(-(0.3 * v))));
    expect(chooseCalibrator(smooth.m, smooth.y).calibrator.kind).toBe('platt');
  });
});

describe('scoreProbability', () => {
  it.each([
    [0, 0.005],
    [1, 0.995],
    [0.5, 0.5],
    [0.001, 0.005],
    [0.9999, 0.995],
    [0.2, 0.2],
    [-0.1, 0.005],
    [1.2, 0.995],
  ])('%s → %s', (p, want) => expect(scoreProbability(p)).toBe(want));
  it('NaN stays NaN (the caller decides)', () => expect(scoreProbability(Number.NaN)).toBeNaN());
});
