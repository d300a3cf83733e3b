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
function additions(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array): Float64Array {
  const depth = treeDepth(ct);
  const add: Additions = { out: new Float64Array(2 * ct.feature.length * (depth + 1)), n: 0 };
  recurse(workspace(depth), ct, bins, base, missBins, add, 0, 0, 0, 1, 1, -1, 0);
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

/** One tree's additions for one split pattern: phi[feat[k]] += term[k], in order. */
interface Remembered {
  feat: Int32Array;
  term: Float64Array;
}

/**
 * Remembers TreeSHAP's additions per tree and per split pattern. Path-dependent TreeSHAP visits every node of a
 * tree and depends on the row only through the side it takes at each split, so rows with the same pattern get the
 * same additions; replaying them in the same order gives bit-identical phi. Bounded by `budget` stored additions.
 */
export class TreeShapMemo {
  private readonly byTree: Map<number, Remembered>[] = [];
  private used = 0;

  constructor(private readonly budget = 4_000_000) {}

  /** TreeSHAP of tree number `index` (its position in the model, the memo's key) for one row, added to phi. */
  treeShap(index: number, ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array, phi: Float64Array): void {
    // Key: one bit per split (exact in a double up to 52 splits; larger trees are not remembered).
    const { feature, threshold, missingLeft, catMask } = ct;
    let key = 1;
    let splits = 0;
    for (let k = 0; k < feature.length; k++) {
      const f = feature[k]!;
      if (f < 0) continue;
      if (++splits > 52) return treeShap(ct, bins, base, missBins, phi);
      const b = bins[base + f]!;
      const mask = catMask[k];
      const left = mask ? mask[b] === 1 : b === missBins[f] ? missingLeft[k] === 1 : b <= threshold[k]!;
      key = key * 2 + (left ? 1 : 0);
    }
    const memo = (this.byTree[index] ??= new Map());
    let r = memo.get(key);
    if (!r) {
      const add = additions(ct, bins, base, missBins);
      const n = add.length / 2;
      r = { feat: new Int32Array(n), term: new Float64Array(n) };
      for (let k = 0; k < n; k++) {
        r.feat[k] = add[2 * k]!;
        r.term[k] = add[2 * k + 1]!;
      }
      if (this.used + n <= this.budget) {
        memo.set(key, r);
        this.used += n;
      }
    }
    const { feat, term } = r;
    for (let k = 0; k < feat.length; k++) {
      const fi = feat[k]!;
      phi[fi] = phi[fi]! + term[k]!;
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
