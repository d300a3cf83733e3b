import { describe, expect, it } from 'vitest';
import { auditAttribute, bandOf, correlationRatio, cramersV, groupFigures } from './fairness';
import { auditRows } from './audit-rows';

// Expected figures from `python3 packages/ml/src/fairness/reference.py` (numpy 2.4.6 masks per group, scipy 1.17.1
// `contingency.association(method='cramer')`, η by its textbook formula): an independent computation of the same rows.
const REFERENCE = {
  groups: [
    {
      group: 'c',
      n: 56,
      selection_rate: 0.35714285714285715,
      tpr: 0.55,
      mean_probability: 0.3726249819843215,
      positive_rate: 0.35714285714285715,
      selection_ratio: 0.5529953917050691,
      tpr_difference: 0.24310344827586206,
    },
    {
      group: 'a',
      n: 48,
      selection_rate: 0.6458333333333334,
      tpr: 0.7931034482758621,
      mean_probability: 0.568638084574628,
      positive_rate: 0.6041666666666666,
      selection_ratio: 1.0,
      tpr_difference: 0.0,
    },
    {
      group: 'b',
      n: 46,
      selection_rate: 0.41304347826086957,
      tpr: 0.65,
      mean_probability: 0.43021404767985827,
      positive_rate: 0.43478260869565216,
      selection_ratio: 0.6395511921458625,
      tpr_difference: 0.14310344827586208,
    },
  ],
  cramers_v: 0.6292584703396913,
  correlation_ratio: 0.942954544033997,
};

function minstd(seed: number, n: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (48271 * x) % 2147483647;
    out.push(x / 2147483647);
  }
  return out;
}

function fixture() {
  const n = 150;
  const [u, v, w] = [minstd(101, n), minstd(103, n), minstd(107, n)];
  const g = u.map((x) => ['a', 'b', 'c'][Math.floor(x * 3)]!);
  const p = v.map((x, i) => x * 0.7 + (g[i] === 'a' ? 0.2 : 0));
  const y = w.map((x, i) => (x < p[i]! ? 1 : 0));
  const selected = p.map((x) => (x >= 0.5 ? 1 : 0));
  const cat = g.map((k, i) => (k === 'a' && w[i]! < 0.8 ? 'x' : ['y', 'z'][Math.floor(v[i]! * 2)]!));
  const num = u.map((x, i) => x * 10 + w[i]!);
  return { g, p, y, selected, cat, num };
}

describe('fairness figures equal an independent numpy/scipy computation', () => {
  const f = fixture();
  const figures = groupFigures({ attribute: 'gender', groups: f.g, y: f.y, p: f.p, selected: f.selected });

  it.each(REFERENCE.groups)('group $group', (ref) => {
    const got = figures.find((r) => r.group === ref.group)!;
    expect(got.n).toBe(ref.n);
    for (const key of [
      'selection_rate',
      'tpr',
      'mean_probability',
      'positive_rate',
      'selection_ratio',
      'tpr_difference',
    ] as const) {
      expect(Math.abs(got[key] - ref[key]), key).toBeLessThan(1e-9);
    }
  });

  it('groups come largest first', () =>
    expect(figures.map((r) => r.group)).toEqual(REFERENCE.groups.map((r) => r.group)));

  it("Cramér's V and the correlation ratio", () => {
    expect(Math.abs(cramersV(f.g, f.cat) - REFERENCE.cramers_v)).toBeLessThan(1e-9);
    expect(Math.abs(correlationRatio(f.g, f.num) - REFERENCE.correlation_ratio)).toBeLessThan(1e-9);
  });

  it('the audit fails on the 80% rule, the TPR gap and both proxies', () => {
    const audit = auditAttribute({ attribute: 'gender', groups: f.g, y: f.y, p: f.p, selected: f.selected }, [
      { feature: 'segment', kind: 'categorical', values: f.cat },
      { feature: 'score_input', kind: 'numeric', values: f.num },
      { feature: 'noise', kind: 'numeric', values: minstd(5, 150) },
    ]);
    expect(audit.passed).toBe(false);
    expect(audit.minSelectionRatio).toBeCloseTo(REFERENCE.groups[0]!.selection_ratio, 12);
    expect(audit.tprDifference).toBeCloseTo(0.24310344827586206, 12);
    expect(audit.proxies.map((p) => p.feature)).toEqual(['score_input', 'segment']);
    expect(audit.failures.some((m) => m.includes('gender = c is selected at 35.7%'))).toBe(true);
  });
});

describe('edge cases', () => {
  it.each([
    { name: 'equal treatment passes', groups: ['a', 'b'], sel: [1, 1], passed: true },
    { name: 'nobody selected: ratio 1, passes', groups: ['a', 'b'], sel: [0, 0], passed: true },
  ])('$name', ({ groups, sel, passed }) => {
    const rows = Array.from({ length: 60 }, (_, i) => i);
    const audit = auditAttribute({
      attribute: 'x',
      groups: rows.map((i) => groups[i % 2]!),
      y: rows.map((i) => (i % 4 < 2 ? 1 : 0)),
      p: rows.map((i) => (i % 4 < 2 ? 0.55 : 0.45)),
      selected: rows.map((i) => sel[i % 2]!),
    });
    expect(audit.passed).toBe(passed);
  });

  it('small groups are reported but not judged', () => {
    const groups = [...Array(40).fill('big'), ...Array(5).fill('small')] as string[];
    const audit = auditAttribute({
      attribute: 'x',
      groups,
      y: groups.map(() => 1),
      p: groups.map(() => 1),
      selected: groups.map((g) => (g === 'big' ? 1 : 0)),
    });
    expect(audit.groups.find((g) => g.group === 'small')).toMatchObject({ judged: false, selection_ratio: 0 });
    expect(audit.passed).toBe(true);
  });

  it.each([
    { v: 18, band: '<30' },
    { v: 30, band: '30-60' },
    { v: 60, band: '30-60' },
    { v: 61, band: '>60' },
    { v: null, band: '(missing)' },
  ])('age $v is in band $band', ({ v, band }) => expect(bandOf(v, [30, 61])).toBe(band));

  it('a constant input is no proxy', () => {
    expect(cramersV(['a', 'b', 'a'], ['x', 'x', 'x'])).toBe(0);
    expect(correlationRatio(['a', 'b'], [3, 3])).toBe(0);
  });
});

describe('tiers for the audit', () => {
  it.each([
    { name: 'all tied', p: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], tiers: 'AABBCCDD' },
    { name: 'two values', p: [0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9], tiers: 'CACADBDB' },
    { name: 'distinct', p: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], tiers: 'DDCCBBAA' },
  ])('by rank, a quarter each ($name)', ({ p, tiers }) => {
    const audit = auditRows({
      rows: p.map(() => ({ g: 'x' })),
      y: p.map(() => 0),
      p,
      attributes: [{ name: 'g' }],
      features: [],
    });
    expect(audit.tiers.join('')).toBe(tiers);
    expect(audit.selected.reduce((s, v) => s + v, 0)).toBe(4);
  });
});
