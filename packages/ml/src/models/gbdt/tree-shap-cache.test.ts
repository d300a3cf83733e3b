import { describe, expect, it } from 'vitest';
import { syntheticLeads } from '../synthetic';
import { tableFromRows } from '../table';
import { binTable } from './binning';
import { trainGbdt } from './train-gbdt';
import { compileTree } from './tree';
import { treeShap } from './tree-shap';
import { TreeShapCache } from './tree-shap-cache';

describe('TreeShapCache', () => {
  const t = tableFromRows(
    syntheticLeads(1500, 8, (i, rnd) => ({
      industry: ['saas', 'retail', 'health', null][Math.floor(rnd() * 4)],
      score: i % 6 === 0 ? null : rnd() * 100,
    })),
    { target: 'won' },
  );
  const setup = (maxLeaves: number) => {
    const { model } = trainGbdt(t, null, { seed: 2, maxIter: 12, maxLeaves, maxDepth: 12, minSamplesLeaf: 5 });
    const nf = model.mappers.length;
    const miss = Int32Array.from(model.mappers, (m) => m.nBins - 1);
    return {
      model,
      bins: binTable(t, model.mappers),
      nf,
      miss,
      trees: model.trees.map((tree) => compileTree(tree, (f) => model.mappers[f]!.nBins)),
    };
  };

  it.each([15, 48])(
    'gives TreeSHAP and the output of each row, remembered or not (%i leaves: cached / not cached)',
    (leaves) => {
      const { model, bins, nf, miss, trees } = setup(leaves);
      const inner = (ct: (typeof trees)[number]) => ct.feature.filter((f) => f >= 0).length;
      expect(trees.some((ct) => inner(ct) > 30)).toBe(leaves > 31);
      const cached = new TreeShapCache();
      const none = new TreeShapCache(0);
      const all = new Float64Array(t.n * nf);
      const margin = new Float64Array(t.n).fill(model.base);
      trees.forEach((ct, k) => cached.addAll(k, ct, bins, t.n, miss, all, margin));
      expect(Array.from(margin)).toEqual(Array.from(model.marginFromBins(bins, t.n)));
      for (const i of [0, 3, 17, 444, 1499]) {
        const exact = new Float64Array(nf);
        const unstored = new Float64Array(nf);
        trees.forEach((ct, k) => {
          treeShap(ct, bins, i * nf, miss, exact);
          none.add(k, ct, bins, i * nf, miss, unstored);
        });
        // Stored or recomputed, the cache sums a tree's values the same way: equal bit for bit.
        expect(Array.from(all.subarray(i * nf, (i + 1) * nf))).toEqual(Array.from(unstored));
        exact.forEach((v, j) => expect(unstored[j]!).toBeCloseTo(v, 12));
      }
    },
  );
});
