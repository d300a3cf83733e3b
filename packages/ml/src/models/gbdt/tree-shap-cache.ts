import { treeShap } from './tree-shap';
import { leafOf, type CompiledTree } from './tree';

/** One tree's cache: the features it splits on, their side bits per bin, and its TreeSHAP values per pattern. */
interface TreeCache {
  features: Int32Array;
  /** sides[s * 256 + b]: one bit per inner node splitting on features[s], set when bin b goes left there. */
  sides: Int32Array;
  byPattern: Map<number, Float64Array>;
}

/**
 * Remembers each tree's TreeSHAP values per split pattern. Path-dependent TreeSHAP walks every node of a tree, and
 * what it adds depends on the row only through the side the row takes at each inner node; so rows with the same
 * sides at every inner node of a tree get the same values from it. The pattern is one bit per inner node (trees
 * with more than 30 inner nodes are not cached), read per feature from a table of bins, and the values kept are
 * those of the features the tree splits on. A scoring run mostly hits: ~1,000 patterns per tree against ~74,000
 * leads in the 100k-contact demo. Remembered or not, a tree's values come from one TreeSHAP run summed per feature
 * before they are added to phi, so the result is the same bit for bit. Bounded by `budget` stored values.
 */
export class TreeShapCache {
  private readonly trees: (TreeCache | null)[] = [];
  private used = 0;
  private scratch = new Float64Array(0);

  constructor(private readonly budget = 8_000_000) {}

  /** Adds tree number `index`'s (the cache key) TreeSHAP values of the row at bins[base] to phi; returns its output. */
  add(
    index: number,
    ct: CompiledTree,
    bins: Uint8Array,
    base: number,
    missBins: Int32Array,
    phi: Float64Array,
    phiBase = 0,
  ): number {
    const cache = this.cacheOf(index, ct, missBins);
    if (!cache) {
      treeShap(ct, bins, base, missBins, phiBase === 0 ? phi : phi.subarray(phiBase, phiBase + missBins.length));
      return ct.value[leafOf(ct, bins, base)]!;
    }
    const { features, sides, byPattern } = cache;
    let pattern = 0;
    for (let s = 0; s < features.length; s++) pattern |= sides[(s << 8) + bins[base + features[s]!]!]!;
    let values = byPattern.get(pattern);
    if (!values) {
      values = this.compute(ct, bins, base, missBins, features);
      if (this.used + values.length <= this.budget) {
        byPattern.set(pattern, values);
        this.used += values.length;
      }
    }
    for (let s = 0; s < features.length; s++) {
      const at = phiBase + features[s]!;
      phi[at] = phi[at]! + values[s]!;
    }
    return values[features.length]!;
  }

  /**
   * The same for every row of a row-major bin matrix of n rows (phi is n x nf, row-major), one tree at a time; the
   * tree's output for each row (the pattern decides the leaf) is added to margin.
   */
  addAll(
    index: number,
    ct: CompiledTree,
    bins: Uint8Array,
    n: number,
    missBins: Int32Array,
    phi: Float64Array,
    margin: Float64Array,
  ): void {
    const nf = missBins.length;
    for (let i = 0; i < n; i++) margin[i] = margin[i]! + this.add(index, ct, bins, i * nf, missBins, phi, i * nf);
  }

  private cacheOf(index: number, ct: CompiledTree, missBins: Int32Array): TreeCache | null {
    const known = this.trees[index];
    if (known !== undefined) return known;
    return (this.trees[index] = cacheFor(ct, missBins));
  }

  private compute(
    ct: CompiledTree,
    bins: Uint8Array,
    base: number,
    missBins: Int32Array,
    features: Int32Array,
  ): Float64Array {
    if (this.scratch.length < missBins.length) this.scratch = new Float64Array(missBins.length);
    const s = this.scratch;
    treeShap(ct, bins, base, missBins, s);
    // The features' values, then the leaf's output.
    const values = new Float64Array(features.length + 1);
    for (let q = 0; q < features.length; q++) {
      values[q] = s[features[q]!]!;
      s[features[q]!] = 0;
    }
    values[features.length] = ct.value[leafOf(ct, bins, base)]!;
    return values;
  }
}

function cacheFor(ct: CompiledTree, missBins: Int32Array): TreeCache | null {
  const inner: number[] = [];
  for (let k = 0; k < ct.feature.length; k++) if (ct.feature[k]! >= 0) inner.push(k);
  if (inner.length > 30) return null;
  const features = [...new Set(inner.map((k) => ct.feature[k]!))].sort((a, b) => a - b);
  const sides = new Int32Array(features.length * 256);
  inner.forEach((node, q) => {
    const f = ct.feature[node]!;
    const s = features.indexOf(f);
    const mask = ct.catMask[node];
    for (let b = 0; b < 256; b++) {
      const left = mask ? mask[b] === 1 : b === missBins[f] ? ct.missingLeft[node] === 1 : b <= ct.threshold[node]!;
      if (left) sides[(s << 8) + b] = sides[(s << 8) + b]! | (1 << q);
    }
  });
  return { features: Int32Array.from(features), sides, byPattern: new Map() };
}
