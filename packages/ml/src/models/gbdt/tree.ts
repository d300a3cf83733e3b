/**
 * A fitted regression tree over binned features, stored as flat arrays (cheap to walk, plain JSON).
 * Node k is a leaf when feature[k] < 0.
 */
export interface Tree {
  feature: number[];
  /** Numeric splits: rows with bin <= threshold go left. */
  threshold: number[];
  /** Numeric splits: where missing values go. */
  missingLeft: boolean[];
  /** Categorical splits: bins (levels, and the missing bin) that go left; null for numeric splits. */
  leftBins: (number[] | null)[];
  left: number[];
  right: number[];
  /** Leaf output in log-odds (learning rate already applied); 0 for inner nodes. */
  value: number[];
  /** Training rows that reached the node: TreeSHAP weighs paths by it. */
  cover: number[];
}

export function emptyTree(): Tree {
  return { feature: [], threshold: [], missingLeft: [], leftBins: [], left: [], right: [], value: [], cover: [] };
}

/** Compiled form for fast prediction: categorical left-sets as byte masks. */
export interface CompiledTree {
  tree: Tree;
  catMask: (Uint8Array | null)[];
}

export function compileTree(tree: Tree, nBinsOf: (feature: number) => number): CompiledTree {
  const catMask = tree.leftBins.map((bins, k) => {
    if (!bins) return null;
    const mask = new Uint8Array(Math.max(256, nBinsOf(tree.feature[k]!)));
    for (const b of bins) mask[b] = 1;
    return mask;
  });
  return { tree, catMask };
}

/** Whether a row with bin b at node k goes left; missBin is that feature's missing bin. */
export function goesLeft(ct: CompiledTree, k: number, b: number, missBin: number): boolean {
  const mask = ct.catMask[k];
  if (mask) return mask[b] === 1;
  if (b === missBin) return ct.tree.missingLeft[k]!;
  return b <= ct.tree.threshold[k]!;
}

export function leafOf(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array): number {
  const t = ct.tree;
  let k = 0;
  while (t.feature[k]! >= 0) {
    const f = t.feature[k]!;
    k = goesLeft(ct, k, bins[base + f]!, missBins[f]!) ? t.left[k]! : t.right[k]!;
  }
  return k;
}
