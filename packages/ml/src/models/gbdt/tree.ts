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
  /**
   * next[k * 256 + b]: the child a row with bin b goes to from inner node k. One lookup per level instead of the
   * mask / missing / threshold tests (bins are bytes, so 256 entries per node cover every bin).
   */
  next: Uint8Array | Uint16Array;
  /** For leavesOf: leaves step to themselves (next) on feature 0, so every row can take exactly `depth` steps. */
  walkFeature: Int32Array;
  /** Edges on the longest root-to-leaf path. */
  depth: number;
}

export function compileTree(tree: Tree, nBinsOf: (feature: number) => number): CompiledTree {
  const catMask = tree.leftBins.map((bins, k) => {
    if (!bins) return null;
    const mask = new Uint8Array(Math.max(256, nBinsOf(tree.feature[k]!)));
    for (const b of bins) mask[b] = 1;
    return mask;
  });
  const nodes = tree.feature.length;
  const next = nodes <= 256 ? new Uint8Array(nodes * 256) : new Uint16Array(nodes * 256);
  const walkFeature = new Int32Array(nodes);
  for (let k = 0; k < nodes; k++) {
    const f = tree.feature[k]!;
    if (f < 0) {
      next.fill(k, k * 256, k * 256 + 256);
      continue;
    }
    walkFeature[k] = f;
    const at = k * 256,
      l = tree.left[k]!,
      r = tree.right[k]!;
    const mask = catMask[k];
    if (mask) for (let b = 0; b < 256; b++) next[at + b] = mask[b] ? l : r;
    else {
      // goesLeft for numeric splits: bins up to the threshold go left, the missing bin where training sent it.
      const t = Math.min(255, Math.max(-1, tree.threshold[k]!));
      next.fill(l, at, at + t + 1);
      next.fill(r, at + t + 1, at + 256);
      const miss = nBinsOf(f) - 1;
      if (miss < 256) next[at + miss] = tree.missingLeft[k] ? l : r;
    }
  }
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
    next,
    walkFeature,
    depth: treeDepthOf(tree),
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
export function leafOf(ct: CompiledTree, bins: Uint8Array, base: number): number {
  const { feature, next } = ct;
  let k = 0;
  let f = feature[0]!;
  while (f >= 0) {
    k = next[(k << 8) | bins[base + f]!]!;
    f = feature[k]!;
  }
  return k;
}

function treeDepthOf(tree: Tree): number {
  if (tree.feature.length === 0) return 0;
  let depth = 0;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length) {
    const [k, d] = stack.pop()!;
    if (tree.feature[k]! < 0) depth = Math.max(depth, d);
    else stack.push([tree.left[k]!, d + 1], [tree.right[k]!, d + 1]);
  }
  return depth;
}

/**
 * leafOf for many rows: out[i] = leaf of row rows[i]. Every row takes the tree's depth in steps (a row at its leaf
 * steps to itself), four rows at a time, with no branches on the path: the rows' lookups overlap in the CPU.
 */
export function leavesOf(
  ct: CompiledTree,
  bins: Uint8Array,
  nf: number,
  rows: Int32Array,
  count: number,
  out: Int32Array,
): void {
  const { next, walkFeature: wf, depth } = ct;
  const last = count - 1;
  // The last group of four repeats the last row where it runs short (same leaf, same slot): one loop, no tail for
  // the optimiser to meet unprepared.
  for (let i = 0; i < count; i += 4) {
    const ib = Math.min(i + 1, last),
      ic = Math.min(i + 2, last),
      ie = Math.min(i + 3, last);
    const a = rows[i]! * nf,
      b = rows[ib]! * nf,
      c = rows[ic]! * nf,
      e = rows[ie]! * nf;
    let ka = 0,
      kb = 0,
      kc = 0,
      ke = 0;
    for (let s = 0; s < depth; s++) {
      ka = next[(ka << 8) | bins[a + wf[ka]!]!]!;
      kb = next[(kb << 8) | bins[b + wf[kb]!]!]!;
      kc = next[(kc << 8) | bins[c + wf[kc]!]!]!;
      ke = next[(ke << 8) | bins[e + wf[ke]!]!]!;
    }
    out[i] = ka;
    out[ib] = kb;
    out[ic] = kc;
    out[ie] = ke;
  }
}

function coverRatios(tree: Tree): Float64Array {
  const r = new Float64Array(tree.feature.length).fill(1);
  for (let k = 0; k < tree.feature.length; k++) {
    if (tree.feature[k]! < 0) continue;
    const l = tree.left[k]!,
      rt = tree.right[k]!;
    r[l] = tree.cover[l]! / tree.cover[k]!;
    r[rt] = tree.cover[rt]! / tree.cover[k]!;
  }
  return r;
}
