import { describe, expect, it } from 'vitest';
import { BlendModel } from './blend';
import { trainLogistic } from './logistic';
import { trainNaiveBayes } from './naive-bayes';
import { modelFromJSON } from './serialize';
import { syntheticLeads } from './synthetic';
import { tableFromRows } from './table';

describe('blend', () => {
  const t = tableFromRows(syntheticLeads(500, 9), { target: 'won', drop: ['created'] });
  const blend = new BlendModel([
    { model: trainLogistic(t), weight: 0.7, scale: 0.9, shift: 0.1 },
    { model: trainNaiveBayes(t), weight: 0.3, scale: 1.2, shift: -0.2 },
  ]);

  it('explains exactly: member contributions, weighted, sum to margin - baseline', () => {
    const m = blend.margin(t);
    for (const i of [0, 42, 499]) {
      const { baseline, factors } = blend.contributions(t, i);
      expect(factors).toHaveLength(3);
      expect(factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(m[i]! - baseline, 9);
    }
  });

  it('round-trips through JSON', () => {
    const back = modelFromJSON(JSON.parse(JSON.stringify(blend.toJSON())));
    expect(Array.from(back.margin(t))).toEqual(Array.from(blend.margin(t)));
  });
});
