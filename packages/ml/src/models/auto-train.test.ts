import { describe, expect, it } from 'vitest';
import { autoTrain } from './auto-train';
import { evaluateTable } from './evaluate';
import { LeadScorer } from './scorer';
import { syntheticLeads } from './synthetic';
import { encodeRows, tableFromRows, type RawRow } from './table';

const finiteProbabilities = (p: Float64Array) => p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1);

function withOutcomes(n: number, positives: number, seed: number): RawRow[] {
  // Keep the synthetic features but force exactly `positives` wins.
  return syntheticLeads(n, seed).map((r, i) => ({
    ...r,
    won: i % Math.floor(n / positives) === 0 && i / Math.floor(n / positives) < positives ? 'yes' : 'no',
  }));
}

describe('autoTrain', () => {
  it('chooses among learned candidates with enough outcomes and explains why', () => {
    const t = tableFromRows(syntheticLeads(1500, 1), { target: 'won', orderBy: 'created' });
    const s = autoTrain(t, { seed: 1, validationOrder: 'time' });
    expect(['gbdt', 'logistic', 'naive-bayes', 'blend']).toContain(s.family);
    expect(s.candidates.map((c) => c.family)).toEqual(['gbdt', 'logistic', 'naive-bayes', 'blend']);
    expect(s.reason).toMatch(/Chose .*newest 20%.*Candidates: gbdt log-loss/);
    expect(finiteProbabilities(s.predict(t))).toBe(true);
  });

  it('is reproducible with a seed', () => {
    const t = tableFromRows(syntheticLeads(800, 2), { target: 'won' });
    const a = autoTrain(t, { seed: 7, candidates: ['gbdt'] }).predict(t);
    const b = autoTrain(t, { seed: 7, candidates: ['gbdt'] }).predict(t);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it.each([
    {
      positives: 12,
      family: 'naive-bayes',
      message: /needs at least 40 of each outcome; there are 12 positive .*28 more positive/,
    },
    { positives: 3, family: 'rules', message: /37 more positive.*fit and engagement rules/ },
  ])('falls back with $positives positive outcomes', ({ positives, family, message }) => {
    const t = tableFromRows(withOutcomes(300, positives, 3), { target: 'won', positive: 'yes' });
    const s = autoTrain(t);
    expect(s.family).toBe(family);
    expect(s.reason).toMatch(message);
    expect(finiteProbabilities(s.predict(t))).toBe(true);
  });

  it('softens the naive Bayes fallback by cross-fitted calibration, keeping its order', () => {
    // 12 wins in 300 rows: raw naive Bayes multiplies ~10 frequency ratios into near-certain scores.
    const t = tableFromRows(withOutcomes(300, 12, 3), { target: 'won', positive: 'yes' });
    const s = autoTrain(t);
    expect(s.calibrator).toMatchObject({ kind: 'platt' });
    if (s.calibrator.kind === 'platt') expect(s.calibrator.a).toBeLessThanOrEqual(1);
    expect(s.reason).toMatch(/softened by Platt scaling fitted on cross-fitted margins/);
    const p = s.predict(t);
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    expect(mean).toBeGreaterThan(0.01);
    expect(mean).toBeLessThan(0.1);
    expect(Math.max(...p)).toBeLessThan(0.5);
    // Same order as the model's raw margins: tiers do not change.
    const m = s.model.margin(t);
    const byMargin = Array.from(m.keys()).sort((a, b) => m[a]! - m[b]!);
    for (let k = 1; k < byMargin.length; k++) expect(p[byMargin[k]!]!).toBeGreaterThanOrEqual(p[byMargin[k - 1]!]!);
  });

  it('uses rules with a clear message when the target has one class', () => {
    const rows = syntheticLeads(200, 4).map((r) => ({ ...r, won: 'no' }));
    const s = autoTrain(tableFromRows(rows, { target: 'won', positive: 'yes' }));
    expect(s.family).toBe('rules');
    expect(s.reason).toMatch(/no "yes" outcomes/);
    const scores = s.scoreRows(rows.slice(0, 5));
    expect(scores.every((r) => Number.isFinite(r.probability))).toBe(true);
  });

  it('copes with a table whose only feature is entirely missing', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ blank: null, won: i % 3 === 0 ? 'yes' : 'no' }));
    const s = autoTrain(tableFromRows(rows, { target: 'won' }), { seed: 1 });
    const p = s.predict(encodeRows(rows, s.schema));
    expect(finiteProbabilities(p)).toBe(true);
    expect(p[0]).toBeCloseTo(1 / 3, 1);
  });

  it('scores NaN/Infinity, unseen categories and a 10,000-level column without NaN', () => {
    const rows = syntheticLeads(10_000, 5, (i, rnd) => ({
      visits_raw: i % 9 === 0 ? 'NaN' : i % 11 === 0 ? 'Infinity' : Math.floor(rnd() * 9),
      email: `person${i}@example.com`,
      campaign: `c${i % 10000}`,
      constant: 1,
      nothing: null,
    }));
    const t = tableFromRows(rows, { target: 'won' });
    const campaign = t.schema.features.find((f) => f.name === 'campaign');
    expect(campaign?.kind === 'categorical' && campaign.levels).toEqual(['__other__']); // 10,000 levels, each too rare
    const s = autoTrain(t, { seed: 3, validationOrder: 'interleaved' });
    const fresh = encodeRows(
      [
        {
          visits: Infinity,
          source: 'never-seen',
          company_size: 'NaN',
          visits_raw: -Infinity,
          email: 'new@x.org',
          campaign: 'brand-new',
          constant: null,
          nothing: 5,
        },
      ],
      t.schema,
    );
    const p = s.predict(fresh);
    expect(finiteProbabilities(p)).toBe(true);
    const e = s.explain(fresh, 0);
    expect(Number.isFinite(e.probability)).toBe(true);
    expect(e.positive.length + e.negative.length).toBeGreaterThan(0);
  });

  it('returns top-3 factors that a caller can render, and round-trips through JSON', () => {
    const rows = syntheticLeads(1000, 6);
    const t = tableFromRows(rows, { target: 'won', drop: ['created'] });
    const s = autoTrain(t, { seed: 1, validationOrder: 'interleaved' });
    const [first] = s.scoreRows([{ visits: 19, source: 'referral', company_size: 5000 }]);
    expect(first!.positive.length).toBeLessThanOrEqual(3);
    expect(first!.positive[0]).toMatchObject({ feature: expect.any(String), contribution: expect.any(Number) });
    expect(first!.positive.map((f) => f.feature)).toContain('visits');
    const back = LeadScorer.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(Array.from(back.predict(t))).toEqual(Array.from(s.predict(t)));
    expect(back.reason).toBe(s.reason);
  });
});

describe('evaluateTable', () => {
  it('backtests on a time split and reports the metrics the CLI prints', async () => {
    const r = await evaluateTable(syntheticLeads(1500, 8), { target: 'won', orderBy: 'created', split: 'time' });
    expect(r.n_train).toBe(1200);
    expect(r.n_test).toBe(300);
    expect(r.auc).toBeGreaterThan(0.7);
    expect(r.calibration).toHaveLength(10);
    // visits and source carry the signal (about equally); created and company_size much less
    expect(new Set(r.topFactors.slice(0, 2).map((f) => f.feature))).toEqual(new Set(['visits', 'source']));
    for (const k of ['prAuc', 'brier', 'liftAt10', 'logLoss', 'seconds'] as const)
      expect(Number.isFinite(r[k])).toBe(true);
  });
});
