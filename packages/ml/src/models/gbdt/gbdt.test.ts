import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { tableFromRows, type RawRow } from '../table';
import { predictProba } from '../model';
import { rocAuc } from '../../metrics/ranking';
import { modelFromJSON } from '../serialize';
import { binTable } from './binning';
import { averageGbdt, GbdtModel } from './gbdt-model';
import { trainGbdt } from './train-gbdt';
import { compileTree, goesLeft, leafOf, leavesOf, type CompiledTree } from './tree';
import { treeShap } from './tree-shap';

function xorRows(n: number, seed: number): RawRow[] {
  const rnd = createRng(seed);
  return Array.from({ length: n }, () => {
    const a = rnd(),
      b = rnd();
    return { a, b, noise: rnd(), y: a > 0.5 !== b > 0.5 ? 1 : 0 };
  });
}

describe('gradient-boosted trees', () => {
  it('learns XOR, which no additive model can', () => {
    const train = tableFromRows(xorRows(2000, 1), { target: 'y', positive: '1' });
    const test = tableFromRows(xorRows(1000, 2), { target: 'y', positive: '1' });
    const { model } = trainGbdt(train, null, { maxIter: 60, seed: 3 });
    expect(rocAuc(test.y!, predictProba(model, test))).toBeGreaterThan(0.97);
  });

  it('learns a categorical rule with a native subset split', () => {
    const rnd = createRng(5);
    const colours = ['red', 'green', 'blue', 'black', 'white', 'pink'];
    const rows = Array.from({ length: 3000 }, () => {
      const c = colours[Math.floor(rnd() * colours.length)]!;
      return { colour: c, y: ['green', 'white', 'pink'].includes(c) === rnd() < 0.9 ? 'won' : 'lost' };
    });
    const t = tableFromRows(rows, { target: 'y', positive: 'won' });
    const { model } = trainGbdt(t, null, { maxIter: 5, maxLeaves: 2, colSample: 1, rowSample: 1 });
    const first = model.trees[0]!;
    const f = t.schema.features[0]!;
    expect(first.leftBins[0]).not.toBeNull();
    const left = new Set(first.leftBins[0]!.map((b) => (f.kind === 'categorical' ? f.levels[b] : '')));
    const expected = [new Set(['green', 'white', 'pink']), new Set(['red', 'blue', 'black'])];
    expect(expected.some((s) => s.size === left.size && [...s].every((c) => left.has(c)))).toBe(true);
  });

  it('stops early on a validation table and stays reproducible with a seed', () => {
    const train = tableFromRows(xorRows(1500, 7), { target: 'y', positive: '1' });
    const valid = tableFromRows(xorRows(500, 8), { target: 'y', positive: '1' });
    const a = trainGbdt(train, valid, { maxIter: 300, patience: 5, seed: 9 });
    const b = trainGbdt(train, valid, { maxIter: 300, patience: 5, seed: 9 });
    expect(a.iterations).toBeLessThan(300);
    expect(Array.from(a.model.margin(valid))).toEqual(Array.from(b.model.margin(valid)));
    // The margins summed during the fit are the kept model's, bit for bit (model choice reuses them).
    expect(Array.from(a.validMargins!)).toEqual(Array.from(a.model.margin(valid)));
  });

  it('stops early on how well validation rows are ranked, not on their base rate', () => {
    // Same signal throughout, but the newest rows convert far more often (a good quarter): raw validation log-loss
    // would mostly measure that gap. After the best shift of all margins, trees that rank better count as better.
    const drifted = (n: number, seed: number, lift: number): RawRow[] => {
      const rnd = createRng(seed);
      return Array.from({ length: n }, () => {
        const a = rnd(),
          b = rnd();
        const z = -3 + lift + 4 * a + 2 * (b > 0.5 ? 1 : 0) + (rnd() - 0.5);
        return { a, b, y: rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0 };
      });
    };
    const train = tableFromRows(drifted(4000, 11, 0), { target: 'y', positive: '1' });
    const valid = tableFromRows(drifted(1000, 12, 3), { target: 'y', positive: '1' });
    const fit = trainGbdt(train, valid, { seed: 2 });
    expect(fit.iterations).toBeGreaterThan(10);
    expect(rocAuc(valid.y!, fit.model.margin(valid))).toBeGreaterThan(0.8);
  });

  it('handles missing values, constant and all-missing columns', () => {
    const rnd = createRng(11);
    const rows = Array.from({ length: 800 }, () => {
      const x = rnd();
      return { x: rnd() < 0.3 ? null : x, constant: 4, empty: null, y: x > 0.6 === rnd() < 0.85 ? 1 : 0 };
    });
    const t = tableFromRows(rows, { target: 'y', positive: '1' });
    const { model } = trainGbdt(t, null, { maxIter: 20 });
    const p = predictProba(model, t);
    expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    expect(model.splitCounts().slice(1)).toEqual([0, 0]);
  });

  it('serialises to JSON and back with identical predictions', () => {
    const t = tableFromRows(xorRows(500, 12), { target: 'y', positive: '1' });
    const { model } = trainGbdt(t, null, { maxIter: 10 });
    const back = modelFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(back.margin(t))).toEqual(Array.from(model.margin(t)));
  });
});

/** Path-dependent conditional expectation E[f(x) | x_S]: unknown features follow both branches by cover. */
function condExpectation(ct: CompiledTree, bins: Uint8Array, miss: Int32Array, known: Set<number>, k = 0): number {
  const t = ct.tree;
  const f = t.feature[k]!;
  if (f < 0) return t.value[k]!;
  if (known.has(f))
    return condExpectation(ct, bins, miss, known, goesLeft(ct, k, bins[f]!, miss[f]!) ? t.left[k]! : t.right[k]!);
  const l = t.left[k]!,
    r = t.right[k]!;
  return (
    (t.cover[l]! * condExpectation(ct, bins, miss, known, l) +
      t.cover[r]! * condExpectation(ct, bins, miss, known, r)) /
    t.cover[k]!
  );
}

function bruteForceShapley(ct: CompiledTree, bins: Uint8Array, miss: Int32Array, nf: number): number[] {
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(nf).fill(0);
  for (let j = 0; j < nf; j++) {
    for (let mask = 0; mask < 1 << nf; mask++) {
      if (mask & (1 << j)) continue;
      const s = new Set<number>();
      for (let q = 0; q < nf; q++) if (mask & (1 << q)) s.add(q);
      const w = (fact(s.size) * fact(nf - s.size - 1)) / fact(nf);
      const without = condExpectation(ct, bins, miss, s);
      s.add(j);
      phi[j]! += w * (condExpectation(ct, bins, miss, s) - without);
    }
  }
  return phi;
}

describe('TreeSHAP', () => {
  const rnd = createRng(21);
  const rows = Array.from({ length: 1500 }, () => {
    const a = rnd(),
      b = rnd(),
      c = rnd();
    const tier = ['gold', 'silver', 'bronze'][Math.floor(rnd() * 3)]!;
    const z = 3 * (a > 0.5 ? 1 : -1) * (b > 0.3 ? 1 : -0.5) + c + (tier === 'gold' ? 1 : 0) + (rnd() - 0.5);
    return { a, b: rnd() < 0.1 ? null : b, c, tier, y: rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0 };
  });
  const t = tableFromRows(rows, { target: 'y', positive: '1' });
  const { model } = trainGbdt(t, null, { maxIter: 15, maxDepth: 4, maxLeaves: 12, seed: 2 });

  it('contributions sum to the margin minus the expected value', () => {
    const margins = model.margin(t);
    for (const i of [0, 1, 2, 50, 99, 700]) {
      const { baseline, factors } = model.contributions(t, i);
      const sum = factors.reduce((s, f) => s + f.contribution, 0);
      expect(sum).toBeCloseTo(margins[i]! - baseline, 9);
    }
  });

  it('matches brute-force Shapley values of each tree', () => {
    const bins = binTable(t, model.mappers);
    const nf = model.mappers.length;
    const miss = Int32Array.from(model.mappers, (m) => m.nBins - 1);
    for (const tree of model.trees.slice(0, 4)) {
      const ct = compileTree(tree, (f) => model.mappers[f]!.nBins);
      for (const i of [3, 17, 444]) {
        const row = bins.subarray(i * nf, (i + 1) * nf);
        const phi = new Float64Array(nf);
        treeShap(ct, row, 0, miss, phi);
        const exact = bruteForceShapley(ct, row, miss, nf);
        exact.forEach((v, j) => expect(phi[j]!).toBeCloseTo(v, 9));
      }
    }
  });

  it('keeps exact sums for a seed bag of models', () => {
    const other = trainGbdt(t, null, { maxIter: 10, maxDepth: 4, maxLeaves: 12, seed: 5 }, model.mappers).model;
    const bag = averageGbdt([model, other]);
    const m = bag.margin(t);
    const a = model.margin(t),
      b = other.margin(t);
    expect(m[7]!).toBeCloseTo((a[7]! + b[7]!) / 2, 12);
    const { baseline, factors } = bag.contributions(t, 7);
    expect(factors.reduce((s, f) => s + f.contribution, 0)).toBeCloseTo(m[7]! - baseline, 9);
  });

  it("averages the same with the fit's compiled trees as with trees compiled afresh", () => {
    // trainGbdt hands its compiled trees to the model and averageGbdt rescales them; a model read from JSON has none.
    const other = trainGbdt(t, null, { maxIter: 10, maxDepth: 4, maxLeaves: 12, seed: 5 }, model.mappers).model;
    const fromFit = averageGbdt([model, other]);
    const fresh = averageGbdt([GbdtModel.fromJSON(model.toJSON()), GbdtModel.fromJSON(other.toJSON())]);
    expect(Array.from(fromFit.margin(t))).toEqual(Array.from(fresh.margin(t)));
    expect(fromFit.contributions(t, 11)).toEqual(fresh.contributions(t, 11));
    expect(fromFit.baseline()).toBe(fresh.baseline());
  });

  it('routes every bin through the lookup table as the split rules say', () => {
    for (const tree of model.trees) {
      const ct = compileTree(tree, (f) => model.mappers[f]!.nBins);
      tree.feature.forEach((f, k) => {
        if (f < 0) return;
        const miss = model.mappers[f]!.nBins - 1;
        for (let b = 0; b <= miss; b++)
          expect(ct.next[k * 256 + b]).toBe(goesLeft(ct, k, b, miss) ? tree.left[k] : tree.right[k]);
      });
    }
    expect(model.trees.some((tree) => tree.leftBins.some((b) => b !== null))).toBe(true);
    // Many rows at once (four in flight, then the rest) reach the same leaves as one row at a time.
    const bins = binTable(t, model.mappers);
    const nf = model.mappers.length;
    const rows = Int32Array.from({ length: 1003 }, (_, i) => (i * 7) % t.n);
    const out = new Int32Array(rows.length);
    for (const tree of model.trees) {
      const ct = compileTree(tree, (f) => model.mappers[f]!.nBins);
      leavesOf(ct, bins, nf, rows, rows.length, out);
      expect(Array.from(out)).toEqual(Array.from(rows, (r) => leafOf(ct, bins, r * nf)));
    }
    expect(
      model.trees.some((tree) =>
        tree.feature.some((f, k) => f >= 0 && tree.leftBins[k] === null && tree.missingLeft[k]),
      ),
    ).toBe(true);
  });

  it('survives a JSON round trip', () => {
    const back = GbdtModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.contributions(t, 5).factors.map((f) => f.contribution)).toEqual(
      model.contributions(t, 5).factors.map((f) => f.contribution),
    );
  });
});
