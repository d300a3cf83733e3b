import { describe, expect, it } from 'vitest';
import { createRng } from '../models/random';
import {
  deciles,
  figuresOverTime,
  monitoringAlerts,
  outcomeFigures,
  overrideVerdicts,
  periodOf,
  type ScoredOutcome,
} from './outcomes';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/** A year of scores: outcomes follow the scores for `healthyDays`, then are a coin flip the score knows nothing of. */
function history(healthyDays: number, seed = 3): ScoredOutcome[] {
  const rng = createRng(seed);
  const rows: ScoredOutcome[] = [];
  for (let day = 0; day < 365; day++) {
    for (let k = 0; k < 20; k++) {
      const p = 0.05 + 0.9 * rng();
      const outcome = (day < healthyDays ? rng() < p : rng() < 0.5) ? 1 : 0;
      rows.push({
        modelVersion: day < 180 ? 1 : 2,
        scoredAt: START + day * DAY + k * 60_000,
        probability: p,
        tier: p > 0.7 ? 'A' : p > 0.5 ? 'B' : p > 0.3 ? 'C' : 'D',
        outcome,
      });
    }
  }
  return rows;
}

describe('monitoring on an injected clock', () => {
  const decayed = history(200);
  it.each([
    { name: 'healthy months: no alert', now: START + 150 * DAY - 1, kinds: [] as string[] },
    {
      name: 'after the planted decay: AUC under the bar and calibration broken',
      now: START + 330 * DAY - 1,
      kinds: ['auc_below_bar', 'calibration'],
    },
  ])('$name', ({ now, kinds }) => {
    const { alerts, window } = monitoringAlerts({ rows: decayed, now, promotionBar: 0.6 });
    expect(alerts.map((a) => a.kind)).toEqual(kinds);
    expect(window!.n).toBe(90 * 20);
  });

  it('a drift check whose statistic could not be computed (stored as null) raises no alert and does not throw', () => {
    const drifted = [{ feature: 'region', test: 'psi', statistic: null as unknown as number, threshold: 0.1 }];
    expect(
      monitoringAlerts({ rows: history(0).slice(0, 6), now: START + DAY, promotionBar: 0.6, drifted }).alerts,
    ).toEqual([]);
  });

  it('a model that stays healthy raises nothing at the same date', () => {
    expect(monitoringAlerts({ rows: history(365), now: START + 330 * DAY, promotionBar: 0.6 }).alerts).toEqual([]);
  });

  it('too few outcomes are not judged, drifted inputs always alert', () => {
    const rows = history(0).slice(0, 6);
    const r = monitoringAlerts({
      rows,
      now: START + DAY,
      promotionBar: 0.99,
      drifted: [{ feature: 'visits_30d', test: 'wasserstein_normed', statistic: 0.31, threshold: 0.1 }],
    });
    expect(r.alerts.map((a) => a.kind)).toEqual(['drift']);
    expect(r.alerts[0]!.message).toMatch(/visits_30d drifted/);
  });

  it('figures over time split by model version and month, AUC falling after the decay', () => {
    const months = figuresOverTime(decayed, 'month');
    expect(months.map((m) => `${m.modelVersion}:${m.period}`).slice(0, 7)).toEqual([
      '1:2026-01',
      '1:2026-02',
      '1:2026-03',
      '1:2026-04',
      '1:2026-05',
      '1:2026-06',
      '2:2026-06',
    ]);
    expect(months[0]!.auc!).toBeGreaterThan(0.75);
    expect(months.at(-1)!.auc!).toBeLessThan(0.6);
    expect(months.reduce((s, m) => s + m.n, 0)).toBe(decayed.length);
  });
});

describe('outcome figures by hand', () => {
  const rows: ScoredOutcome[] = [
    [0.9, 'A', 1],
    [0.8, 'A', 1],
    [0.7, 'B', 0],
    [0.6, 'B', 1],
    [0.4, 'C', 0],
    [0.3, 'C', 0],
    [0.2, 'D', 1],
    [0.1, 'D', 0],
  ].map(([p, tier, outcome]) => ({
    modelVersion: 1,
    scoredAt: 0,
    probability: p as number,
    tier: tier as string,
    outcome: outcome as 0 | 1,
  }));
  const f = outcomeFigures(rows);

  it.each([
    ['n', 8],
    ['positives', 4],
    ['baseRate', 0.5],
    // Pairs (pos, neg) ranked right: 0.9, 0.8 beat all 4 negatives; 0.6 beats 3; 0.2 beats 1 -> 12 of 16.
    ['auc', 12 / 16],
    ['brier', (0.01 + 0.04 + 0.49 + 0.16 + 0.16 + 0.09 + 0.64 + 0.01) / 8],
    ['topTierLift', 1 / 0.5],
  ] as const)('%s', (key, value) => expect(f[key]).toBeCloseTo(value, 12));

  it('conversion by tier and deciles', () => {
    expect(f.tiers).toEqual([
      { tier: 'A', n: 2, conversion: 1 },
      { tier: 'B', n: 2, conversion: 0.5 },
      { tier: 'C', n: 2, conversion: 0 },
      { tier: 'D', n: 2, conversion: 0.5 },
    ]);
    const d = deciles(
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95],
      Array(20).fill(1),
    );
    expect(d).toHaveLength(10);
    expect(d[0]).toMatchObject({ decile: 1, n: 2, observedRate: 1 });
    expect(d[0]!.meanPredicted).toBeCloseTo(0.075, 12);
  });

  it.each([
    { tier: 'D', overrideTier: 'A', outcome: 1, right: 1 },
    { tier: 'D', overrideTier: 'A', outcome: 0, right: 0 },
    { tier: 'A', overrideTier: 'C', outcome: 0, right: 1 },
    { tier: 'A', overrideTier: 'C', outcome: 1, right: 0 },
  ] as const)('override $tier -> $overrideTier with outcome $outcome: rep right $right', (c) => {
    const v = overrideVerdicts([
      {
        modelVersion: 1,
        scoredAt: 0,
        probability: 0.5,
        tier: c.tier,
        overrideTier: c.overrideTier,
        outcome: c.outcome,
      },
      { modelVersion: 1, scoredAt: 0, probability: 0.5, tier: 'A', outcome: 1 },
    ]);
    expect(v).toEqual({ overrides: 1, overrideRight: c.right, modelRight: 1 - c.right, overrideRightRate: c.right });
  });

  it.each([
    { at: Date.UTC(2026, 2, 4, 12), period: 'month' as const, key: '2026-03' },
    { at: Date.UTC(2026, 2, 4, 12), period: 'week' as const, key: '2026-03-02' },
    { at: Date.UTC(2026, 2, 1), period: 'week' as const, key: '2026-02-23' },
  ])('period of $at by $period', ({ at, period, key }) => expect(periodOf(at, period)).toBe(key));
});
