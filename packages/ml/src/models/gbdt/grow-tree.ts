import { emptyTree, type Tree } from './tree';

export interface GrowParams {
  maxLeaves: number;
  maxDepth: number;
  minSamplesLeaf: number;
  /** L2 regularisation of leaf values (lambda in XGBoost / l2_regularization in sklearn). */
  l2: number;
  /** Added to the hessian when ordering categories, so rare levels do not jump to the ends. */
  catSmooth: number;
  learningRate: number;
}

/** Binned training data shared by every tree of one boosting run. */
export interface BinnedData {
  bins: Uint8Array;
  nf: number;
  nBins: Int32Array;
  /** Start of feature j's slots in a histogram (in bins; multiply by 3 for g, h, count). */
  offsets: Int32Array;
  totalBins: number;
  isCat: Uint8Array;
  /** Histograms of finished leaves, zeroed and reused by the next ones (a tree needs up to ~60 of ~20 KB each). */
  spare: Float64Array[];
}

interface Split {
  gain: number;
  feature: number;
  threshold: number;
  missingLeft: boolean;
  leftBins: number[] | null;
  gl: number;
  hl: number;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: Split | null;
}

export function makeBinnedData(bins: Uint8Array, nBinsList: number[], isCatList: boolean[]): BinnedData {
  const nf = nBinsList.length;
  const offsets = new Int32Array(nf);
  let total = 0;
  for (let j = 0; j < nf; j++) {
    offsets[j] = total;
    total += nBinsList[j]!;
  }
  return {
    bins,
    nf,
    nBins: Int32Array.from(nBinsList),
    offsets,
    totalBins: total,
    isCat: Uint8Array.from(isCatList, (b) => (b ? 1 : 0)),
    spare: [],
  };
}

function buildHistogram(
  d: BinnedData,
  grad: Float64Array,
  hess: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  features: Int32Array,
): Float64Array {
  const hist = d.spare.pop()?.fill(0) ?? new Float64Array(d.totalBins * 3);
  const { bins, nf, offsets } = d;
  const nUsed = features.length;
  // Slot (times 3) of each used feature's bin 0, hoisted out of the row loop.
  const slot = new Int32Array(nUsed);
  for (let jj = 0; jj < nUsed; jj++) slot[jj] = offsets[features[jj]!]! * 3;
  // Two rows at a time: independent chains of additions for the CPU to overlap. Each bin still receives the rows in
  // order (row k before row k + 1), so the sums are the same, bit for bit, as one row at a time. An odd last row is
  // paired with itself adding zeros (x + 0 is x): one loop, no separate tail for the optimiser to miss.
  for (let k = start; k < end; k += 2) {
    const pair = k + 1 < end;
    const r1 = rows[k]!,
      r2 = pair ? rows[k + 1]! : r1;
    const g1 = grad[r1]!,
      h1 = hess[r1]!;
    const g2 = pair ? grad[r2]! : 0,
      h2 = pair ? hess[r2]! : 0,
      c2 = pair ? 1 : 0;
    const b1 = r1 * nf,
      b2 = r2 * nf;
    for (let jj = 0; jj < nUsed; jj++) {
      const f = features[jj]!;
      const s = slot[jj]!;
      const o1 = s + bins[b1 + f]! * 3;
      const o2 = s + bins[b2 + f]! * 3;
      hist[o1] = hist[o1]! + g1;
      hist[o1 + 1] = hist[o1 + 1]! + h1;
      hist[o1 + 2] = hist[o1 + 2]! + 1;
      hist[o2] = hist[o2]! + g2;
      hist[o2 + 1] = hist[o2 + 1]! + h2;
      hist[o2 + 2] = hist[o2 + 2]! + c2;
    }
  }
  return hist;
}

/** The parent's histogram minus one child's, in place: what the other child's rows add up to. */
function subtractInPlace(parent: Float64Array, child: Float64Array): Float64Array {
  for (let i = 0; i < parent.length; i++) parent[i] = parent[i]! - child[i]!;
  return parent;
}

function score(g: number, h: number, l2: number): number {
  return (g * g) / (h + l2);
}

function bestSplit(d: BinnedData, hist: Float64Array, leaf: Leaf, features: Int32Array, p: GrowParams): Split | null {
  const n = leaf.end - leaf.start;
  if (leaf.depth >= p.maxDepth || n < 2 * p.minSamplesLeaf) return null;
  const parentScore = score(leaf.g, leaf.h, p.l2);
  let best: Split | null = null;
  const minLeaf = p.minSamplesLeaf;
  for (let jj = 0; jj < features.length; jj++) {
    const j = features[jj]!;
    const nb = d.nBins[j]!;
    const o = d.offsets[j]! * 3;
    const miss = o + (nb - 1) * 3;
    if (d.isCat[j]) {
      const cats: number[] = [];
      for (let b = 0; b < nb; b++) if (hist[o + b * 3 + 2]! > 0) cats.push(b);
      if (cats.length < 2) continue;
      // Fisher's ordering: sorting levels by mean gradient makes the best subset a prefix.
      const key = (b: number) => hist[o + b * 3]! / (hist[o + b * 3 + 1]! + p.catSmooth);
      cats.sort((a, b) => key(a) - key(b));
      let gl = 0,
        hl = 0,
        cl = 0;
      for (let k = 0; k + 1 < cats.length; k++) {
        const b = cats[k]!;
        gl += hist[o + b * 3]!;
        hl += hist[o + b * 3 + 1]!;
        cl += hist[o + b * 3 + 2]!;
        if (cl < minLeaf || n - cl < minLeaf) continue;
        const gain = score(gl, hl, p.l2) + score(leaf.g - gl, leaf.h - hl, p.l2) - parentScore;
        if (gain > 1e-9 && (!best || gain > best.gain)) {
          best = { gain, feature: j, threshold: -1, missingLeft: false, leftBins: cats.slice(0, k + 1), gl, hl };
        }
      }
      continue;
    }
    const gm = hist[miss]!,
      hm = hist[miss + 1]!,
      cm = hist[miss + 2]!;
    let gl = 0,
      hl = 0,
      cl = 0;
    for (let b = 0; b < nb - 1; b++) {
      gl += hist[o + b * 3]!;
      hl += hist[o + b * 3 + 1]!;
      cl += hist[o + b * 3 + 2]!;
      // Missing to the right (for the last value bin this is the split "is missing").
      if (cl >= minLeaf && n - cl >= minLeaf && (b < nb - 2 || cm > 0)) {
        const gain = score(gl, hl, p.l2) + score(leaf.g - gl, leaf.h - hl, p.l2) - parentScore;
        if (gain > 1e-9 && (!best || gain > best.gain)) {
          // With no missing values in training, unseen missing values follow the larger side.
          best = { gain, feature: j, threshold: b, missingLeft: cm === 0 && cl > n - cl, leftBins: null, gl, hl };
        }
      }
      if (cm > 0 && b < nb - 2) {
        const cl2 = cl + cm;
        if (cl2 >= minLeaf && n - cl2 >= minLeaf) {
          const gain = score(gl + gm, hl + hm, p.l2) + score(leaf.g - gl - gm, leaf.h - hl - hm, p.l2) - parentScore;
          if (gain > 1e-9 && (!best || gain > best.gain))
            best = { gain, feature: j, threshold: b, missingLeft: true, leftBins: null, gl: gl + gm, hl: hl + hm };
        }
      }
    }
  }
  return best;
}

/** Side of each bin under the split, 1 = left (missing values where the split sends them). */
function sideTable(s: Split, missBin: number): Uint8Array {
  const goLeft = new Uint8Array(256);
  if (s.leftBins) for (const b of s.leftBins) goLeft[b] = 1;
  else {
    goLeft.fill(1, 0, s.threshold + 1);
    goLeft[missBin] = s.missingLeft ? 1 : 0;
  }
  return goLeft;
}

/**
 * Stable partition of rows[start, end) by the bins' sides: the left part in place, the right part in scratch (the
 * caller copies it back: code after this loop would be met first by the loop's on-stack-replaced code, without
 * feedback, on every call). Returns the first index of the right part.
 * Branch-free: each row is written to both sides and only its own side advances (l never passes k). The split's
 * kind is settled in sideTable, outside this hot loop: a path the optimiser has not seen yet would otherwise throw
 * the whole loop back to the interpreter, again and again.
 */
function partition(
  d: BinnedData,
  rows: Int32Array,
  scratch: Int32Array,
  leaf: Leaf,
  feature: number,
  goLeft: Uint8Array,
): number {
  const { bins, nf } = d;
  let l = leaf.start;
  let r = 0;
  for (let k = leaf.start; k < leaf.end; k++) {
    const row = rows[k]!;
    const left = goLeft[bins[row * nf + feature]!]!;
    rows[l] = row;
    scratch[r] = row;
    l += left;
    r += 1 - left;
  }
  return l;
}

export interface GrownTree {
  tree: Tree;
  /** The sampled rows, grouped by leaf: leaf node leafNodes[i] holds rows[leafStarts[i], leafStarts[i + 1]). */
  rows: Int32Array;
  leafNodes: number[];
  leafStarts: number[];
}

/** Sums of the rows' gradients and hessians (a pass of its own: see train-gbdt.ts on per-tree functions). */
function sums(grad: Float64Array, hess: Float64Array, rows: Int32Array): [number, number] {
  let g = 0,
    h = 0;
  for (let k = 0; k < rows.length; k++) {
    g += grad[rows[k]!]!;
    h += hess[rows[k]!]!;
  }
  return [g, h];
}

/** A leaf that will not split gives its histogram back for reuse. */
function release(d: BinnedData, leaf: Leaf): void {
  if (leaf.hist) d.spare.push(leaf.hist);
  leaf.hist = null;
}

/** Grows one tree best-first (largest gain first, like LightGBM) on the given rows and features. */
export function growTree(
  d: BinnedData,
  grad: Float64Array,
  hess: Float64Array,
  sampleRows: Int32Array,
  features: Int32Array,
  p: GrowParams,
): GrownTree {
  const rows = Int32Array.from(sampleRows);
  const scratch = new Int32Array(rows.length);
  const tree = emptyTree();
  const addNode = (value: number, cover: number): number => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.missingLeft.push(false);
    tree.leftBins.push(null);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(value);
    tree.cover.push(cover);
    return tree.feature.length - 1;
  };
  const leafValue = (g: number, h: number) => (-g / (h + p.l2)) * p.learningRate;
  const [g0, h0] = sums(grad, hess, rows);
  const root: Leaf = {
    node: addNode(leafValue(g0, h0), rows.length),
    start: 0,
    end: rows.length,
    depth: 0,
    g: g0,
    h: h0,
    hist: null,
    split: null,
  };
  root.hist = buildHistogram(d, grad, hess, rows, 0, rows.length, features);
  root.split = bestSplit(d, root.hist, root, features, p);
  const open: Leaf[] = [root];
  let nLeaves = 1;
  while (nLeaves < p.maxLeaves) {
    let bi = -1;
    for (let i = 0; i < open.length; i++)
      if (open[i]!.split && (bi < 0 || open[i]!.split!.gain > open[bi]!.split!.gain)) bi = i;
    if (bi < 0) break;
    const leaf = open[bi]!;
    const s = leaf.split!;
    open.splice(bi, 1);
    const mid = partition(d, rows, scratch, leaf, s.feature, sideTable(s, d.nBins[s.feature]! - 1));
    rows.set(scratch.subarray(0, leaf.end - mid), mid);
    const gl = s.gl,
      hl = s.hl;
    const gr = leaf.g - gl,
      hr = leaf.h - hl;
    const left: Leaf = {
      node: addNode(leafValue(gl, hl), mid - leaf.start),
      start: leaf.start,
      end: mid,
      depth: leaf.depth + 1,
      g: gl,
      h: hl,
      hist: null,
      split: null,
    };
    const right: Leaf = {
      node: addNode(leafValue(gr, hr), leaf.end - mid),
      start: mid,
      end: leaf.end,
      depth: leaf.depth + 1,
      g: gr,
      h: hr,
      hist: null,
      split: null,
    };
    const k = leaf.node;
    tree.feature[k] = s.feature;
    tree.threshold[k] = s.threshold;
    tree.missingLeft[k] = s.missingLeft;
    tree.leftBins[k] = s.leftBins;
    tree.left[k] = left.node;
    tree.right[k] = right.node;
    tree.value[k] = 0;
    nLeaves++;
    // Histogram subtraction: build the smaller child, derive the larger one from the parent.
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.hist = buildHistogram(d, grad, hess, rows, small.start, small.end, features);
    large.hist = subtractInPlace(leaf.hist!, small.hist);
    leaf.hist = null;
    for (const child of [left, right]) {
      child.split = bestSplit(d, child.hist!, child, features, p);
      if (!child.split) release(d, child);
      open.push(child);
    }
  }
  for (const leaf of open) release(d, leaf);
  open.sort((a, b) => a.start - b.start);
  const leafStarts = open.map((l) => l.start);
  leafStarts.push(rows.length);
  return { tree, rows, leafNodes: open.map((l) => l.node), leafStarts };
}
