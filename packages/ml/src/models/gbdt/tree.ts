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

/** Compiled form for fast prediction: typed arrays, categorical left-sets as byte masks. */
export interface CompiledTree {
  tree: Tree;
  feature: Int32Array;
  threshold: Int32Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  catMask: (Uint8Array | null)[];
  value: Float64Array;
  /** cover[child] / cover[parent] per node (1 at the root): the path weights TreeSHAP needs, computed once. */
  coverRatio: Float64Array;
}

export function compileTree(tree: Tree, nBinsOf: (feature: number) => number): CompiledTree {
  const catMask = tree.leftBins.map((bins, k) => {
    if (!bins) return null;
    const mask = new Uint8Array(Math.max(256, nBinsOf(tree.feature[k]!)));
    for (const b of bins) mask[b] = 1;
    return mask;
  });
  return {
    tree,
    feature: Int32Array.from(tree.feature),
    threshold: Int32Array.from(tree.threshold),
    left: Int32Array.from(tree.left),
    right: Int32Array.from(tree.right),
    missingLeft: Uint8Array.from(tree.missingLeft, (b) => (b ? 1 : 0)),
    catMask,
    value: Float64Array.from(tree.value),
    coverRatio: coverRatios(tree),
  };
}

/** Whether a row with bin b at node k goes left; missBin is that feature's missing bin. */
export function goesLeft(ct: CompiledTree, k: number, b: number, missBin: number): boolean {
  const mask = ct.catMask[k];
  if (mask) return mask[b] === 1;
  if (b === missBin) return ct.missingLeft[k] === 1;
  return b <= ct.threshold[k]!;
}

/** Leaf reached by the row whose bins start at bins[base] (row-major). */
export function leafOf(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array): number {
  const { feature, threshold, left, right, missingLeft, catMask } = ct;
  let k = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const b = bins[base + f]!;
    const mask = catMask[k];
    const goLeft = mask ? mask[b] === 1 : b === missBins[f] ? missingLeft[k] === 1 : b <= threshold[k]!;
    k = goLeft ? left[k]! : right[k]!;
    f = feature[k]!;
  }
  return k;
}

function coverRatios(tree: Tree): Float64Array {
  const r = new Float64Array(tree.feature.length).fill(1);
  for (let k = 0; k < tree.feature.length; k++) {
    if (tree.feature[k]! < 0) continue;
    const l = tree.left[k]!, rt = tree.right[k]!;
    r[l] = tree.cover[l]! / tree.cover[k]!;
    r[rt] = tree.cover[rt]! / tree.cover[k]!;
  }
  return r;
}
