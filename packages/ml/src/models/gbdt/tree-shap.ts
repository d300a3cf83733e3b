import { goesLeft, type CompiledTree } from './tree';

/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2), ported from the reference
 * implementation in the shap package. Adds each feature's SHAP value of one row to phi; the values
 * sum to tree(row) - expectedValue(tree), where the expectation weighs branches by training cover.
 */
export function treeShap(ct: CompiledTree, bins: Uint8Array, base: number, missBins: Int32Array, phi: Float64Array): void {
  const t = ct.tree;
  // One path segment per recursion level (the C++ original does the same on one buffer).
  const seg = treeDepth(ct) + 2;
  const size = seg * seg;
  const feat = new Int32Array(size);
  const zero = new Float64Array(size);
  const one = new Float64Array(size);
  const pw = new Float64Array(size);

  const extend = (o: number, depth: number, pz: number, po: number, pi: number) => {
    feat[o + depth] = pi;
    zero[o + depth] = pz;
    one[o + depth] = po;
    pw[o + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pw[o + i + 1] = pw[o + i + 1]! + (po * pw[o + i]! * (i + 1)) / (depth + 1);
      pw[o + i] = (pz * pw[o + i]! * (depth - i)) / (depth + 1);
    }
  };

  const unwind = (o: number, depth: number, pathIndex: number) => {
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
  };

  const unwoundSum = (o: number, depth: number, pathIndex: number): number => {
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
  };

  const recurse = (node: number, depth: number, parentOffset: number, pz: number, po: number, pi: number, level: number) => {
    const o = level * seg;
    // Copy the parent's path into this level's segment, then extend it.
    for (let i = 0; i < depth; i++) {
      feat[o + i] = feat[parentOffset + i]!;
      zero[o + i] = zero[parentOffset + i]!;
      one[o + i] = one[parentOffset + i]!;
      pw[o + i] = pw[parentOffset + i]!;
    }
    extend(o, depth, pz, po, pi);
    const f = t.feature[node]!;
    if (f < 0) {
      const v = t.value[node]!;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(o, depth, i);
        const fi = feat[o + i]!;
        phi[fi] = phi[fi]! + w * (one[o + i]! - zero[o + i]!) * v;
      }
      return;
    }
    const left = goesLeft(ct, node, bins[base + f]!, missBins[f]!);
    const hot = left ? t.left[node]! : t.right[node]!;
    const cold = left ? t.right[node]! : t.left[node]!;
    const cover = t.cover[node]!;
    let iz = 1;
    let io = 1;
    let d = depth;
    let k = 0;
    for (; k <= d; k++) if (feat[o + k] === f) break;
    if (k <= d) {
      iz = zero[o + k]!;
      io = one[o + k]!;
      unwind(o, d, k);
      d -= 1;
    }
    recurse(hot, d + 1, o, (t.cover[hot]! / cover) * iz, io, f, level + 1);
    recurse(cold, d + 1, o, (t.cover[cold]! / cover) * iz, 0, f, level + 1);
  };

  recurse(0, 0, 0, 1, 1, -1, 0);
}

const depthCache = new WeakMap<CompiledTree, number>();

export function treeDepth(ct: CompiledTree): number {
  const cached = depthCache.get(ct);
  if (cached !== undefined) return cached;
  const t = ct.tree;
  const depthOf = (k: number): number => (t.feature[k]! < 0 ? 0 : 1 + Math.max(depthOf(t.left[k]!), depthOf(t.right[k]!)));
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
