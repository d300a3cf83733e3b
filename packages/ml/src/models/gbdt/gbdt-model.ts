import type { Contribution, ContributionMatrix, ModelJSON, ScoringModel } from '../model';
import { binOf } from '../math';
import { displayValue, type Table } from '../table';
import { binTable, type BinMapper } from './binning';
import { compileTree, leavesOf, type CompiledTree, type Tree } from './tree';
import { expectedValue } from './tree-shap';
import { TreeShapCache } from './tree-shap-cache';

/** Histogram gradient-boosted trees on log-loss: margin = base + sum of tree outputs. */
export class GbdtModel implements ScoringModel {
  readonly family = 'gbdt' as const;
  /** Each tree compiled on first use: models built only to be averaged, cut or sent to another thread never need it. */
  private readonly compiledTrees: (CompiledTree | undefined)[];
  private readonly missBins: Int32Array;
  /** Numeric cut points as typed arrays, built once (binning one row per explanation must not rebuild them). */
  private readonly cuts: Float64Array[];
  /** One row's bins, reused by every explanation. */
  private readonly rowBins: Uint8Array;
  /** Explanations of rows that split the same way in a tree reuse that tree's TreeSHAP values (same result). */
  private readonly shapCache = new TreeShapCache();
  private expected: number | null = null;

  constructor(
    readonly featureNames: string[],
    readonly mappers: BinMapper[],
    readonly base: number,
    readonly trees: Tree[],
    /** Trees already compiled (by the fit that grew them, say), by index; the others compile when first needed. */
    compiled: (CompiledTree | undefined)[] = [],
  ) {
    this.missBins = Int32Array.from(mappers, (m) => m.nBins - 1);
    this.compiledTrees = compiled.slice(0, trees.length);
    this.cuts = mappers.map((m) => Float64Array.from(m.cuts));
    this.rowBins = new Uint8Array(mappers.length);
  }

  private allCompiled = false;

  private get compiled(): CompiledTree[] {
    const c = this.compiledTrees;
    if (!this.allCompiled) {
      for (let k = 0; k < this.trees.length; k++) c[k] ??= compileTree(this.trees[k]!, (f) => this.mappers[f]!.nBins);
      this.allCompiled = true;
    }
    return c as CompiledTree[];
  }

  /** The trees with every leaf value divided by k, and those already compiled, with the same lookup tables. */
  dividedTrees(k: number): { trees: Tree[]; compiled: (CompiledTree | undefined)[] } {
    const trees = this.trees.map((t) => ({ ...t, value: t.value.map((v) => v / k) }));
    const compiled = trees.map((t, i) => {
      const ct = this.compiledTrees[i];
      return ct && { ...ct, tree: t, value: Float64Array.from(t.value) };
    });
    return { trees, compiled };
  }

  /** Bins of row i alone, exactly as binTable would give them, without touching the other rows of t. */
  private binRow(t: Table, i: number): Uint8Array {
    const out = this.rowBins;
    for (let j = 0; j < this.mappers.length; j++) {
      const c = t.columns[j]!;
      const missing = this.mappers[j]!.nBins - 1;
      if (c.kind === 'numeric') {
        const v = c.values[i]!;
        out[j] = Number.isNaN(v) ? missing : binOf(this.cuts[j]!, v);
      } else {
        const code = c.codes[i]!;
        out[j] = code < 0 || code >= missing ? missing : code;
      }
    }
    return out;
  }

  marginFromBins(bins: Uint8Array, n: number): Float64Array {
    const nf = this.mappers.length;
    const out = new Float64Array(n).fill(this.base);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const leaves = new Int32Array(n);
    for (const ct of this.compiled) {
      const v = ct.value;
      leavesOf(ct, bins, nf, rows, n, leaves);
      for (let i = 0; i < n; i++) out[i] = out[i]! + v[leaves[i]!]!;
    }
    return out;
  }

  margin(t: Table): Float64Array {
    return this.marginFromBins(binTable(t, this.mappers, this.cuts), t.n);
  }

  /** Expected margin over the training distribution (TreeSHAP's baseline). */
  baseline(): number {
    if (this.expected === null) this.expected = this.compiled.reduce((s, ct) => s + expectedValue(ct), this.base);
    return this.expected;
  }

  contributions(t: Table, i: number): { baseline: number; factors: Contribution[] } {
    const nf = this.mappers.length;
    const row = this.binRow(t, i);
    const phi = new Float64Array(nf);
    for (let k = 0; k < this.compiled.length; k++) this.shapCache.add(k, this.compiled[k]!, row, 0, this.missBins, phi);
    const factors = this.featureNames.map((feature, j) => ({
      feature,
      value: displayValue(t, j, i),
      contribution: phi[j]!,
    }));
    return { baseline: this.baseline(), factors };
  }

  /**
   * TreeSHAP values of every row, n x features, row-major: row i's are what contributions(t, i) gives, bit for bit.
   * One tree at a time over all rows, so that tree's cache stays hot (several times faster than row by row); the
   * margins come with them.
   */
  contributionMatrix(t: Table): ContributionMatrix {
    return this.partialContributions(t, 0, this.compiled.length);
  }

  /**
   * What trees [from, to) add to every row's contributions and margin (the base counts with tree 0). Parts summed in
   * tree order give contributionMatrix's values to rounding (~1e-16): the parallel explanation splits the trees so.
   */
  partialContributions(t: Table, from: number, to: number): ContributionMatrix {
    const phi = new Float64Array(t.n * this.mappers.length);
    const margin = new Float64Array(t.n);
    this.addContributions(this.binsOf(t), t.n, from, to, phi, margin);
    return { features: this.featureNames, values: phi, margin };
  }

  /** The table binned as the trees read it. */
  binsOf(t: Table): Uint8Array {
    return binTable(t, this.mappers, this.cuts);
  }

  /** Adds what trees [from, to) give every row into phi (n x features) and margin; tree 0 brings the base. */
  addContributions(
    bins: Uint8Array,
    n: number,
    from: number,
    to: number,
    phi: Float64Array,
    margin: Float64Array,
  ): void {
    // Summed tree by tree from the base, as marginFromBins does: the same margins, bit for bit, for all the trees.
    if (from === 0) margin.fill(this.base);
    for (let k = from; k < to; k++) this.shapCache.addAll(k, this.compiled[k]!, bins, n, this.missBins, phi, margin);
  }

  /** Split counts per feature (cheap global importance). */
  splitCounts(): number[] {
    const counts = this.featureNames.map(() => 0);
    for (const t of this.trees) for (const f of t.feature) if (f >= 0) counts[f] = counts[f]! + 1;
    return counts;
  }

  toJSON(): ModelJSON {
    return {
      family: 'gbdt',
      version: 1,
      featureNames: this.featureNames,
      mappers: this.mappers,
      base: this.base,
      trees: this.trees,
    };
  }

  static fromJSON(j: ModelJSON): GbdtModel {
    return new GbdtModel(j.featureNames as string[], j.mappers as BinMapper[], j.base as number, j.trees as Tree[]);
  }
}

/**
 * Averages boosted models fitted on the same table with different seeds (a seed bag): one model whose
 * trees are the union, with halved (1/k) leaf values, so TreeSHAP and JSON work unchanged.
 */
export function averageGbdt(models: GbdtModel[]): GbdtModel {
  const first = models[0];
  if (!first) throw new Error('averageGbdt needs at least one model');
  const k = models.length;
  const parts = models.map((m) => m.dividedTrees(k));
  return new GbdtModel(
    first.featureNames,
    first.mappers,
    models.reduce((s, m) => s + m.base, 0) / k,
    parts.flatMap((p) => p.trees),
    parts.flatMap((p) => p.compiled),
  );
}

/** The model of the first k trees (what training with maxIter k would have given). */
export function firstTrees(m: GbdtModel, k: number): GbdtModel {
  return k >= m.trees.length ? m : new GbdtModel(m.featureNames, m.mappers, m.base, m.trees.slice(0, k));
}
