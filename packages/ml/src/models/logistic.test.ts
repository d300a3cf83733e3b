import { describe, expect, it } from 'vitest';
import { logit } from './math';
import { trainLogistic, LogisticModel } from './logistic';
import { modelFromJSON } from './serialize';
import { syntheticLeads } from './synthetic';
import { decileEdges } from './deciles';
import { encodeRows, tableFromRows } from './table';

function groupRows(groups: { g: string; pos: number; neg: number }[]) {
  return groups.flatMap(({ g, pos, neg }) => [...Array(pos).fill({ g, y: 1 }), ...Array(neg).fill({ g, y: 0 })]);
}

describe('logistic regression', () => {
  it('matches the closed-form solution of a saturated one-hot model', () => {
    // With one categorical feature and (almost) no penalty, each level's fitted log-odds is its empirical log-odds.
    const t = tableFromRows(
      groupRows([
        { g: 'a', pos: 30, neg: 70 },
        { g: 'b', pos: 60, neg: 40 },
        { g: 'c', pos: 5, neg: 95 },
      ]),
      { target: 'y', positive: '1' },
    );
    const m = trainLogistic(t, { l2: 1e-9 });
    const z = m.margin(t);
    expect(z[0]!).toBeCloseTo(logit(0.3), 5);
    expect(z[100]!).toBeCloseTo(logit(0.6), 5);
    expect(z[200]!).toBeCloseTo(logit(0.05), 5);
  });

  it('has zero penalised gradient at the solution on a numeric feature cut into deciles', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ x: i % 17, y: (i * 7) % 11 < (i % 17) / 3 ? 1 : 0 }));
    const t = tableFromRows(rows, { target: 'y', positive: '1' });
    const l2 = 2;
    const m = trainLogistic(t, { l2 });
    const z = m.margin(t);
    const cuts = m.layout.cuts![0]!;
    expect(cuts).toEqual(decileEdges(t.columns[0]!.kind === 'numeric' ? t.columns[0]!.values : new Float64Array()));
    // One indicator column per decile bucket: the gradient of each is the penalty plus the residuals of its rows.
    const grad = m.coef.map((w) => l2 * w);
    let gb = 0;
    rows.forEach((r, i) => {
      const q = 1 / (1 + Math.exp(-z[i]!));
      const k = cuts.filter((c) => c <= r.x).length;
      grad[k] = grad[k]! + (q - r.y);
      gb += q - r.y;
    });
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-6);
    expect(Math.abs(gb)).toBeLessThan(1e-6);
  });

  it('explains by coefficient x (indicator - training mean), summing to margin - baseline', () => {
    const t = tableFromRows(syntheticLeads(400, 3), { target: 'won', drop: ['created'] });
    const m = trainLogistic(t);
    const z = m.margin(t);
    for (const i of [0, 10, 200]) {
      const { baseline, factors } = m.contributions(t, i);
      expect(factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(z[i]! - baseline, 9);
    }
    // More visits convert more often: the top decile of visits weighs more than the bottom one.
    const o = m.layout.offset[0]!;
    expect(m.coef[o + m.layout.cuts![0]!.length]!).toBeGreaterThan(m.coef[o]!);
  });

  it('places values beyond the training range in the outer deciles, and missing values in their own column', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({
      x: i % 3 === 0 ? null : i % 50,
      y: i % 50 > 30 === (i % 7 !== 0) ? 1 : 0,
    }));
    const t = tableFromRows(rows, { target: 'y', positive: '1' });
    const m = trainLogistic(t);
    const z = m.margin(
      encodeRows(
        [
          { x: 1e9, y: 1 },
          { x: 49, y: 1 },
          { x: -1e9, y: 0 },
          { x: 0, y: 0 },
          { x: null, y: 0 },
        ],
        t.schema,
      ),
    );
    expect(z[0]).toBe(z[1]);
    expect(z[2]).toBe(z[3]);
    const missing = m.layout.offset[0]! + m.layout.cuts![0]!.length + 1;
    expect(z[4]).toBeCloseTo(m.intercept + m.coef[missing]!, 12);
    expect(m.layout.missingColumn[0]).toBe(true);
    expect(m.layout.nColumns).toBe(m.layout.cuts![0]!.length + 2);
  });

  it('still reads models stored before deciles (one standardised column per numeric)', () => {
    const t = tableFromRows(
      [
        { x: 1, y: 1 },
        { x: 3, y: 0 },
        { x: null, y: 0 },
      ],
      { target: 'y', positive: '1' },
    );
    const legacy = {
      family: 'logistic' as const,
      version: 1 as const,
      featureNames: ['x'],
      intercept: -0.5,
      coef: [0.8, 0.3],
      columnMean: [0, 1 / 3],
      layout: {
        kind: ['numeric'],
        offset: [0],
        mean: [2],
        sd: [0.5],
        missingColumn: [true],
        nLevels: [0],
        nColumns: 2,
      },
    };
    const m = modelFromJSON(legacy);
    expect(Array.from(m.margin(t))).toEqual([-0.5 + 0.8 * -2, -0.5 + 0.8 * 2, -0.5 + 0.3]);
    const { baseline, factors } = m.contributions(t, 1);
    expect(baseline + factors[0]!.contribution).toBeCloseTo(m.margin(t)[1]!, 12);
  });

  it('round-trips through JSON', () => {
    const t = tableFromRows(syntheticLeads(200, 4), { target: 'won' });
    const m = trainLogistic(t);
    const back = modelFromJSON(JSON.parse(JSON.stringify(m.toJSON())));
    expect(back).toBeInstanceOf(LogisticModel);
    expect(Array.from(back.margin(t))).toEqual(Array.from(m.margin(t)));
  });
});
