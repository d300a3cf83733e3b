import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { gossSample } from './goss';

describe('gossSample', () => {
  it('keeps every large gradient and up-weights a sample of the rest', () => {
    const n = 10_000;
    const rnd = createRng(1);
    const grad = Float64Array.from({ length: n }, () => rnd() * 2 - 1);
    const hess = new Float64Array(n).fill(0.25);
    const gw = new Float64Array(n);
    const hw = new Float64Array(n);
    const rows = gossSample(grad, hess, { gossTop: 0.2, gossOther: 0.2 }, createRng(2), gw, hw);
    const kept = new Set(rows);
    const big = [...grad.keys()].filter((i) => Math.abs(grad[i]!) >= 0.82); // the top 20% of |g| ~ U(0, 1) starts near 0.8
    expect(big.every((i) => kept.has(i))).toBe(true);
    expect(rows.length / n).toBeGreaterThan(0.36);
    expect(rows.length / n).toBeLessThan(0.44);
    expect([...rows].every((r, k) => k === 0 || r > rows[k - 1]!)).toBe(true);
    // Up-weighting keeps the hessian total roughly unbiased.
    const total = [...rows].reduce((s, r) => s + hw[r]!, 0);
    expect(total / (0.25 * n)).toBeGreaterThan(0.9);
    expect(total / (0.25 * n)).toBeLessThan(1.1);
  });
});
