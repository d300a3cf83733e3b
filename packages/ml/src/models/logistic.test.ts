import { describe, expect, it } from 'vitest';
import { logit } from './math';
import { trainLogistic, LogisticModel } from './logistic';
import { modelFromJSON } from './serialize';
import { syntheticLeads } from './synthetic';
import { tableFromRows } from './table';

function groupRows(groups: { g: string; pos: number; neg: number }[]) {
  return groups.flatMap(({ g, pos, neg }) => [...Array(pos).fill({ g, y: 1 }), ...Array(neg).fill({ g, y: 0 })]);
}

describe('logistic regression', () => {
  it('matches the closed-form solution of a saturated one-hot model', () => {
    // With one categorical feature and (almost) no penalty, each level's fitted log-odds is its empirical log-odds.
    const t = tableFromRows(groupRows([{ g: 'a', pos: 30, neg: 70 }, { g: 'b', pos: 60, neg: 40 }, { g: 'c', pos: 5, neg: 95 }]), { target: 'y', positive: '1' });
    const m = trainLogistic(t, { l2: 1e-9 });
    const z = m.margin(t);
    expect(z[0]!).toBeCloseTo(logit(0.3), 5);
    expect(z[100]!).toBeCloseTo(logit(0.6), 5);
    expect(z[200]!).toBeCloseTo(logit(0.05), 5);
  });

  it('has zero penalised gradient at the solution on a numeric feature', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ x: i % 17, y: (i * 7) % 11 < i % 17 / 3 ? 1 : 0 }));
    const t = tableFromRows(rows, { target: 'y', positive: '1' });
    const l2 = 2;
    const m = trainLogistic(t, { l2 });
    const z = m.margin(t);
    const { mean, sd } = m.layout;
    let gw = l2 * m.coef[0]!;
    let gb = 0;
    rows.forEach((r, i) => {
      const q = 1 / (1 + Math.exp(-z[i]!));
      gw += (q - r.y) * ((r.x - mean[0]!) / sd[0]!);
      gb += q - r.y;
    });
    expect(Math.abs(gw)).toBeLessThan(1e-6);
    expect(Math.abs(gb)).toBeLessThan(1e-6);
  });

  it('explains by coefficient x (standardised value - mean), summing to margin - baseline', () => {
    const t = tableFromRows(syntheticLeads(400, 3), { target: 'won', drop: ['created'] });
    const m = trainLogistic(t);
    const z = m.margin(t);
    for (const i of [0, 10, 200]) {
      const { baseline, factors } = m.contributions(t, i);
      expect(factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(z[i]! - baseline, 9);
    }
    const visits = m.coef[m.layout.offset[0]!]!;
    expect(visits).toBeGreaterThan(0);
  });

  it('round-trips through JSON', () => {
    const t = tableFromRows(syntheticLeads(200, 4), { target: 'won' });
    const m = trainLogistic(t);
    const back = modelFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back).toBeInstanceOf(LogisticModel);
    expect(Array.from(back.margin(t))).toEqual(Array.from(m.margin(t)));
  });
});
