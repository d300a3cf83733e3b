/** A sparse vector: increasing indices with their values (typed arrays: rows are scanned millions of times). */
export interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}

/** Counts of each key, as (index, count) pairs sorted by index; keys the lookup does not know are skipped. */
export function countIndices(
  keys: readonly string[],
  lookup: (key: string) => number | undefined,
): Map<number, number> {
  const counts = new Map<number, number>();
  for (const k of keys) {
    const j = lookup(k);
    if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
  }
  return counts;
}

/** A sparse vector from unsorted (index -> value) entries. */
export function sparseFromMap(entries: Map<number, number>): SparseVector {
  const index = Int32Array.from(entries.keys()).sort();
  const value = new Float32Array(index.length);
  for (let k = 0; k < index.length; k++) value[k] = entries.get(index[k]!)!;
  return { index, value };
}

export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0,
    j = 0,
    s = 0;
  while (i < a.index.length && j < b.index.length) {
    const ai = a.index[i]!,
      bj = b.index[j]!;
    if (ai === bj) s += a.value[i++]! * b.value[j++]!;
    else if (ai < bj) i++;
    else j++;
  }
  return s;
}

/** Scales the values in place to unit Euclidean length (a zero vector stays zero). */
export function l2NormalizeInPlace(values: Float32Array): void {
  let ss = 0;
  for (let k = 0; k < values.length; k++) ss += values[k]! * values[k]!;
  if (ss === 0) return;
  const inv = 1 / Math.sqrt(ss);
  for (let k = 0; k < values.length; k++) values[k]! *= inv;
}
