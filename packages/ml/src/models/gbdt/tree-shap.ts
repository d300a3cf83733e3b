import { goesLeft, type CompiledTree } from './tree';

/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2), ported from the reference
 * implementation in the shap package. Adds each feature's SHAP value of one row to phi; the values
 * sum to tree(row) - expectedValue(tree), where the expectation weighs branches by training cover.
 */

/** Scratch buffers for the unique-path segments: one segment of `seg` entries per recursion level. */
interface Workspace {
  seg: number;
  feat: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  pw: Float64Array;
}

let shared: Workspace | null = null;

function workspace(depth: number): Workspace {
  const seg = depth + 2;
  if (!shared || shared.seg < seg) {
    const size = seg * seg;
    shared = { seg, feat: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), pw: new Float64Array(size) };
  }
  return shared;
}

function extend(w: Workspace, o: number, depth: number, pz: number, po: number, pi: number): void {
  const { feat, zero, one, pw } = w;
  feat[o + depth] = pi;
  zero[o + depth] = pz;
  one[o + depth] = po;
  pw[o + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    pw[o + i + 1] = pw[o + i + 1]! + (po * pw[o + i]! * (i + 1)) / (depth + 1);
    pw[o + i] = (pz * pw[o + i]! * (depth - i)) / (depth + 1);
  }
}

function unwind(w: Workspace, o: number, depth: number, pathIndex: number): void {
  const { feat, zero, one, pw } = w;
  const of = one[o + pathIndex]!;
  const zf = zero[o + pathIndex]!;
  let next = pw[o + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (of !== 0) {
      const tmp = pw[o + i]!;
      pw[o + i] = (next * (depth + 1)) / ((i + 1) * of);
      next = tmp - (pw[o + i]! * zf * (depth - i)) / (depth + 1);
    } else {
      pw[o + i] = (pw[o + i]! * (depth + 1)) / (zf * (depth - i));
    }
  }
  for (let i = pathIndex; i < depth; i++) {
    feat[o + i] = feat[o + i + 1]!;
    zero[o + i] = zero[o + i + 1]!;
    one[o + i] = one[o + i + 1]!;
  }
}

function unwoundSum(w: Workspace, o: number, depth: number, pathIndex: number): number {
  const { zero, one, pw } = w;
  const of = one[o + pathIndex]!;
  const zf = zero[o + pathIndex]!;
  let next = pw[o + depth]!;
  let total = 0;
  if (of !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = next / ((i + 1) * of);
      total += tmp;
      next = pw[o + i]! - tmp * zf * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += pw[o + i]! / (zf * (depth - i));
  }
  return total * (depth + 1);
}

/** What one tree adds to phi for one row, in order: feature, amount, feature, amount, ... */
interface Additions {
  out: Float64Array;
  n: number;
  /** Where each leaf's additions end in out, leaves in the order visited. */
  ends: Int32Array;
  leaves: number;
}

function recurse(
  w: Workspace, ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array, phi: Additions,
  node: number, depth: number, parentOffset: number, pz: number, po: number, pi: number, level: number,
): void {
  const { feat, zero, one, pw } = w;
  const o = level * w.seg;
  // Copy the parent's path into this level's segment, then extend it.
  for (let i = 0; i < depth; i++) {
    feat[o + i] = feat[parentOffset + i]!;
    zero[o + i] = zero[parentOffset + i]!;
    one[o + i] = one[parentOffset + i]!;
    pw[o + i] = pw[parentOffset + i]!;
  }
  extend(w, o, depth, pz, po, pi);
  const f = ct.feature[node]!;
  if (f < 0) {
    const v = ct.value[node]!;
    for (let i = 1; i <= depth; i++) {
      phi.out[phi.n++] = feat[o + i]!;
      phi.out[phi.n++] = unwoundSum(w, o, depth, i) * (one[o + i]! - zero[o + i]!) * v;
    }
    phi.ends[phi.leaves++] = phi.n;
    return;
  }
  const left = goesLeft(ct, node, bins[base + f]!, missBins[f]!);
  const hot = left ? ct.left[node]! : ct.right[node]!;
  const cold = left ? ct.right[node]! : ct.left[node]!;
  let iz = 1;
  let io = 1;
  let d = depth;
  let k = 0;
  for (; k <= d; k++) if (feat[o + k] === f) break;
  if (k <= d) {
    iz = zero[o + k]!;
    io = one[o + k]!;
    unwind(w, o, d, k);
    d -= 1;
  }
  recurse(w, ct, bins, base, missBins, phi, hot, d + 1, o, ct.coverRatio[hot]! * iz, io, f, level + 1);
  recurse(w, ct, bins, base, missBins, phi, cold, d + 1, o, ct.coverRatio[cold]! * iz, 0, f, level + 1);
}

/** The additions TreeSHAP makes for one row, in the order it makes them. */
function run(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array): Additions {
  const depth = treeDepth(ct);
  const add: Additions = { out: new Float64Array(2 * ct.feature.length * (depth + 1)), n: 0, ends: new Int32Array(ct.feature.length), leaves: 0 };
  recurse(workspace(depth), ct, bins, base, missBins, add, 0, 0, 0, 1, 1, -1, 0);
  return add;
}

function additions(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array): Float64Array {
  const add = run(ct, bins, base, missBins);
  return add.out.slice(0, add.n);
}

function apply(add: Float64Array, phi: Float64Array): void {
  for (let k = 0; k < add.length; k += 2) {
    const fi = add[k]!;
    phi[fi] = phi[fi]! + add[k + 1]!;
  }
}

export function treeShap(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array, phi: Float64Array): void {
  apply(additions(ct, bins, base, missBins), phi);
}

/** One leaf's additions: phi[feat[k]] += term[k], in order. */
interface Remembered {
  feat: Int32Array;
  term: Float64Array;
}

/**
 * Remembers TreeSHAP's additions per tree, leaf and split pattern. Path-dependent TreeSHAP visits every leaf of a
 * tree, hot child first, and what it adds at a leaf depends on the row only through the side the row takes at that
 * leaf's ancestors. So each leaf's additions are remembered under (leaf, sides at its ancestors) and replayed in
 * the order TreeSHAP visits the leaves: bit-identical phi. Bounded by `budget` stored additions.
 */
export class TreeShapMemo {
  private readonly byTree: (Remembered | undefined)[][] = [];
  private readonly depths: number[] = [];
  private used = 0;
  private stackNode = new Int32Array(64);
  private stackKey = new Int32Array(64);
  private leafKey = new Int32Array(64);
  private found: (Remembered | undefined)[] = [];

  constructor(private readonly budget = 4_000_000) {}

  /** TreeSHAP of tree number `index` (its position in the model, the memo's key) for one row, added to phi. */
  treeShap(index: number, ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array, phi: Float64Array): void {
    const { feature, threshold, missingLeft, catMask, left, right } = ct;
    const nodes = feature.length;
    // Slot of a leaf: leaf * 2^depth + one bit per ancestor (the side the row takes). Trees with more than 2^16
    // slots are not remembered (the product's trees, 15 leaves and depth 6, have 29 * 64).
    const depth = (this.depths[index] ??= treeDepth(ct));
    if (nodes * 2 ** depth > 1 << 16) return treeShap(ct, bins, base, missBins, phi);
    if (this.stackNode.length < nodes + 1) {
      this.stackNode = new Int32Array(nodes + 1);
      this.stackKey = new Int32Array(nodes + 1);
      this.leafKey = new Int32Array(nodes + 1);
    }
    const { stackNode, stackKey, leafKey, found } = this;
    const memo = (this.byTree[index] ??= new Array<Remembered | undefined>(nodes << depth));
    // Leaves in TreeSHAP's order (depth first, the row's side first), with their keys.
    let sp = 0;
    let leaves = 0;
    let missing = false;
    stackNode[sp] = 0;
    stackKey[sp++] = 0;
    while (sp > 0) {
      const node = stackNode[--sp]!;
      const key = stackKey[sp]!;
      const f = feature[node]!;
      if (f < 0) {
        const k = (node << depth) + key;
        leafKey[leaves] = k;
        const r = memo[k];
        if (!r) missing = true;
        found[leaves++] = r;
        continue;
      }
      const b = bins[base + f]!;
      const mask = catMask[node];
      const goLeft = mask ? mask[b] === 1 : b === missBins[f] ? missingLeft[node] === 1 : b <= threshold[node]!;
      const next = key * 2 + (goLeft ? 1 : 0);
      // Pushed cold first so the hot side is walked first.
      stackNode[sp] = goLeft ? right[node]! : left[node]!;
      stackKey[sp++] = next;
      stackNode[sp] = goLeft ? left[node]! : right[node]!;
      stackKey[sp++] = next;
    }
    if (missing) {
      const add = run(ct, bins, base, missBins);
      let start = 0;
      for (let l = 0; l < leaves; l++) {
        const end = add.ends[l]!;
        if (!found[l]) {
          const n = (end - start) / 2;
          const r: Remembered = { feat: new Int32Array(n), term: new Float64Array(n) };
          for (let k = 0; k < n; k++) {
            r.feat[k] = add.out[start + 2 * k]!;
            r.term[k] = add.out[start + 2 * k + 1]!;
          }
          found[l] = r;
          if (this.used + n <= this.budget) {
            memo[leafKey[l]!] = r;
            this.used += n;
          }
        }
        start = end;
      }
    }
    for (let l = 0; l < leaves; l++) {
      const { feat, term } = found[l]!;
      for (let k = 0; k < feat.length; k++) {
        const fi = feat[k]!;
        phi[fi] = phi[fi]! + term[k]!;
      }
    }
  }
}

const depthCache = new WeakMap<CompiledTree, number>();

export function treeDepth(ct: CompiledTree): number {
  const cached = depthCache.get(ct);
  if (cached !== undefined) return cached;
  const depthOf = (k: number): number => (ct.feature[k]! < 0 ? 0 : 1 + Math.max(depthOf(ct.left[k]!), depthOf(ct.right[k]!)));
  const d = depthOf(0);
  depthCache.set(ct, d);
  return d;
}

/** Mean leaf value weighted by cover: the tree's prediction for an "average" row. */
export function expectedValue(ct: CompiledTree): number {
  const t = ct.tree;
  const ev = (k: number): number => {
    if (t.feature[k]! < 0) return t.value[k]!;
    const l = t.left[k]!, r = t.right[k]!;
    return (t.cover[l]! * ev(l) + t.cover[r]! * ev(r)) / t.cover[k]!;
  };
  return ev(0);
}
