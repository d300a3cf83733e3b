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
    shared = {
      seg,
      feat: new Int32Array(size),
      zero: new Float64Array(size),
      one: new Float64Array(size),
      pw: new Float64Array(size),
    };
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

function recurse(
  w: Workspace,
  ct: CompiledTree,
  bins: Uint8Array,
  base: number,
  missBins: Int32Array,
  phi: Float64Array,
  node: number,
  depth: number,
  parentOffset: number,
  pz: number,
  po: number,
  pi: number,
  level: number,
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
      const fi = feat[o + i]!;
      phi[fi] = phi[fi]! + unwoundSum(w, o, depth, i) * (one[o + i]! - zero[o + i]!) * v;
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

/** Adds each feature's TreeSHAP value of the row at bins[base] in this tree to phi. */
export function treeShap(
  ct: CompiledTree,
  bins: Uint8Array,
  base: number,
  missBins: Int32Array,
  phi: Float64Array,
): void {
  recurse(workspace(ct.depth), ct, bins, base, missBins, phi, 0, 0, 0, 1, 1, -1, 0);
}

/** Mean leaf value weighted by cover: the tree's prediction for an "average" row. */
export function expectedValue(ct: CompiledTree): number {
  const t = ct.tree;
  const ev = (k: number): number => {
    if (t.feature[k]! < 0) return t.value[k]!;
    const l = t.left[k]!,
      r = t.right[k]!;
    return (t.cover[l]! * ev(l) + t.cover[r]! * ev(r)) / t.cover[k]!;
  };
  return ev(0);
}
