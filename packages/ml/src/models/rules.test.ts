import { describe, expect, it } from 'vitest';
import { defaultRules, trainRules, type PointsRule } from './rules';
import { tableFromRows } from './table';

describe('rules points model', () => {
  const rows = [
    { email_opens: 0, company_size: 50, industry: 'retail', won: 'no' },
    { email_opens: 9, company_size: null, industry: 'saas', won: 'no' },
    { email_opens: 4, company_size: 500, industry: null, won: 'no' },
  ];
  const t = tableFromRows(rows, { target: 'won', positive: 'yes', minLevelCount: 1 });

  it('guesses fit and engagement rules from column names', () => {
    const rules = defaultRules(t);
    expect(rules.find((r) => r.feature === 'email_opens')?.group).toBe('engagement');
    expect(rules.find((r) => r.feature === 'company_size')?.group).toBe('fit');
  });

  it('normalises points to 0-100 and explains them', () => {
    const rules: PointsRule[] = [
      {
        feature: 'email_opens',
        group: 'engagement',
        test: { op: 'atLeast', value: 3 },
        points: 30,
        label: 'opened 3+ emails',
      },
      { feature: 'industry', group: 'fit', test: { op: 'oneOf', values: ['saas'] }, points: 20, label: 'SaaS' },
      { feature: 'company_size', group: 'fit', test: { op: 'atMost', value: 10 }, points: -10, label: 'tiny company' },
    ];
    const m = trainRules(t, rules);
    expect(Array.from(m.points(t))).toEqual([(100 * 10) / 60, 100, (100 * 40) / 60]);
    const z = m.margin(t);
    const { baseline, factors } = m.contributions(t, 1);
    expect(factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(z[1]! - baseline, 12);
    expect(Number.isFinite(z[0]!)).toBe(true);
  });
});
