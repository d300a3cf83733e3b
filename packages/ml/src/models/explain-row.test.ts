import { describe, expect, it } from 'vitest';
import { autoTrain } from './auto-train';
import { BlendModel } from './blend';
import { trainRules } from './rules';
import { LeadScorer, type ScorerJSON } from './scorer';
import { syntheticLeads } from './synthetic';
import { encodeRows, tableFromRows, takeRows } from './table';

// The scoring job explains row i of the full table of open leads; it must give exactly what explaining a table of
// that one row gives (the old path), for every model family.
describe('explaining row i of a large table', () => {
  const train = tableFromRows(
    syntheticLeads(1200, 4, (i, rnd) => ({
      industry: ['saas', 'retail', 'health', null][Math.floor(rnd() * 4)],
      score: i % 7 === 0 ? null : rnd() * 100,
    })),
    { target: 'won', orderBy: 'created' },
  );
  const open = syntheticLeads(400, 5, (i, rnd) => ({
    industry: ['saas', 'retail', 'health', 'mining', null][Math.floor(rnd() * 5)],
    score: i % 5 === 0 ? null : rnd() * 100,
  }));
  const rows = [0, 1, 17, 123, 256, 399];

  const scorers: [string, LeadScorer][] = (['gbdt', 'logistic', 'naive-bayes'] as const).map((family) => [
    family,
    autoTrain(train, { seed: 3, candidates: [family] }),
  ]);
  const [gbdt, logistic] = [scorers[0]![1], scorers[1]![1]];
  const like = (model: LeadScorer['model']) => new LeadScorer(gbdt.schema, model, gbdt.calibrator, '', [], []);
  scorers.push([
    'blend',
    like(
      new BlendModel([
        { model: gbdt.model, weight: 0.6, scale: 1.1, shift: 0.1 },
        { model: logistic.model, weight: 0.4, scale: 0.9, shift: -0.1 },
      ]),
    ),
  ]);
  scorers.push(['rules', like(trainRules(train))]);

  it.each(scorers)('%s: same probability and factors as a one-row table', (_, scorer) => {
    const table = encodeRows(open, scorer.schema);
    for (const i of rows) {
      expect(scorer.explain(table, i, 3)).toEqual(scorer.explain(takeRows(table, [i]), 0, 3));
      expect(scorer.model.contributions(table, i)).toEqual(scorer.model.contributions(takeRows(table, [i]), 0));
    }
  });

  it.each(scorers)('%s: explainAll gives explain of every row', (_, scorer) => {
    const table = encodeRows(open, scorer.schema);
    const fresh = LeadScorer.fromJSON(JSON.parse(JSON.stringify(scorer.toJSON())) as ScorerJSON);
    expect(fresh.explainAll(table, 3)).toEqual(Array.from({ length: table.n }, (_, i) => scorer.explain(table, i, 3)));
    expect(fresh.explainAll(takeRows(table, []), 3)).toEqual([]);
  });

  it('gbdt: remembered TreeSHAP work gives exactly what a fresh model computes for that row alone', () => {
    const [, scorer] = scorers[0]!;
    const table = encodeRows(open, scorer.schema);
    // The same model explains every row in turn (rows with the same splits reuse the work) ...
    const all = Array.from({ length: table.n }, (_, i) => scorer.model.contributions(table, i));
    // ... and a fresh copy, which has remembered nothing, explains some of them alone.
    for (let i = 0; i < table.n; i += 7) {
      const fresh = LeadScorer.fromJSON(JSON.parse(JSON.stringify(scorer.toJSON())) as ScorerJSON);
      expect(all[i]).toEqual(fresh.model.contributions(takeRows(table, [i]), 0));
    }
  });
});
