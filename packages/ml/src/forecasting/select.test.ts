import { describe, expect, it } from 'vitest';
import { selectByValidation } from './select';

describe("selectByValidation 'auto' under 200 points: combining is the default, not a rule over the evidence", () => {
  it.each([
    {
      name: 'a straight trend: ETS beats the combination (Theta halves the trend) at every origin',
      x: Float64Array.from({ length: 60 }, (_, i) => 100 + 5 * i + (i % 2 ? 0.5 : -0.5)),
      period: 1,
      want: /^ETS\(A,A,N\)$/,
      reason: /^ETS alone: on this series' own history it beat/,
    },
    {
      name: 'a noisy seasonal series: no single model beats the combination by 20%',
      x: Float64Array.from(
        { length: 72 },
        (_, i) => [10, 50, 20, 80, 5, 60, 30, 90, 15, 40, 25, 70][i % 12]! * (1 + 0.002 * i) + (i % 7 === 3 ? 2 : 0),
      ),
      period: 12,
      want: /^comb\(/,
      reason: /combining is the default unless one model beats it by more than 20%/,
    },
  ])('$name', ({ x, period, want, reason }) => {
    const r = selectByValidation(x, period, 6, 'auto')!;
    expect(r.fc.name).toMatch(want);
    expect(r.reason).toMatch(reason);
  });
});
