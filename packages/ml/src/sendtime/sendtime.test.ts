import { describe, expect, it } from 'vitest';
import { bestHour, hourHistogram, hourHit, isHoldout, posterior } from './index';

const at = (day: number, hour: number) => day * 24 + hour;
const many = (h: number, n: number) => Array.from({ length: n }, () => ({ hourOfWeek: h }));

describe('send time', () => {
  const workspace = hourHistogram(many(at(1, 10), 200)); // the workspace opens Tuesdays at 10
  const segment = hourHistogram(many(at(3, 14), 50)); // this segment Thursdays at 14
  it.each([
    ['no data: the workspace pattern', [], null, at(1, 10)],
    ['no data, a segment: the segment pattern', [], segment, at(3, 14)],
    ['one event is not enough to beat the prior', many(at(0, 20), 1), null, at(1, 10)],
    ['plenty of own data wins', many(at(0, 20), 12), segment, at(0, 20)],
  ])('%s', (_name, events, seg, want) => {
    const p = posterior(hourHistogram(events), seg, workspace);
    expect(bestHour(p)).toBe(want);
  });
  it('keeps inside the allowed hours', () => {
    const p = posterior(hourHistogram(many(at(5, 11), 30)), null, workspace);
    expect(bestHour(p, (k) => k < 120)).toBe(at(1, 10));
    expect(bestHour(p, () => false)).toBeNull();
  });
  it.each([
    [0, 0],
    [0.1, 0.1],
    [0.5, 0.5],
  ])('holdout share %s gives about %s of 10,000 keys, stably', (share, want) => {
    const n = Array.from({ length: 10_000 }, (_, i) => isHoldout(`e-${i}`, share)).filter(Boolean).length;
    expect(Math.abs(n / 10_000 - want)).toBeLessThan(0.02);
    expect(isHoldout('abc', share)).toBe(isHoldout('abc', share));
  });
  it.each([
    [10, 11, true],
    [10, 12, false],
    [0, 167, true],
  ])('hit %s vs %s: %s', (p, a, ok) => expect(hourHit(p, a)).toBe(ok));
});
