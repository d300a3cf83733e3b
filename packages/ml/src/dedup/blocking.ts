/**
 * Candidate pairs from blocking keys: records sharing a key are compared. A block larger than `maxBlock`
 * (a shared switchboard number, "John Smith" in a big list) is not compared all-against-all but by a sorted
 * neighbourhood: sorted by `sortKey`, each record against its next `window` neighbours. That keeps the work
 * near-linear at 100,000 records while near-identical records, which sort next to each other, still meet.
 */
export type BlockingOptions = { maxBlock?: number; window?: number };

export type PairList = { left: Uint32Array; right: Uint32Array; length: number };

export function blockPairs(
  keys: readonly (readonly string[])[],
  sortKey: readonly string[],
  opts: BlockingOptions = {},
): PairList {
  const maxBlock = opts.maxBlock ?? 60;
  const window = opts.window ?? 8;
  const blocks = new Map<string, number[]>();
  keys.forEach((list, i) => {
    for (const k of list) {
      const block = blocks.get(k);
      if (block) block.push(i);
      else blocks.set(k, [i]);
    }
  });
  const n = keys.length;
  // Pair ids i*n+j (exact in a double up to ~90M records) collected, then sorted and deduplicated: much faster than a Set.
  let ids = new Float64Array(1024);
  let count = 0;
  const add = (x: number, y: number) => {
    if (x === y) return;
    if (count === ids.length) {
      const grown = new Float64Array(ids.length * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[count++] = x < y ? x * n + y : y * n + x;
  };
  for (const block of blocks.values()) {
    if (block.length < 2) continue;
    if (block.length <= maxBlock) {
      for (let a = 0; a < block.length; a++) for (let b = a + 1; b < block.length; b++) add(block[a]!, block[b]!);
      continue;
    }
    const sorted = [...block].sort((x, y) => (sortKey[x]! < sortKey[y]! ? -1 : sortKey[x]! > sortKey[y]! ? 1 : x - y));
    for (let a = 0; a < sorted.length; a++)
      for (let b = a + 1; b <= a + window && b < sorted.length; b++) add(sorted[a]!, sorted[b]!);
  }
  const sorted = ids.subarray(0, count).sort();
  const left = new Uint32Array(count);
  const right = new Uint32Array(count);
  let length = 0;
  for (let k = 0; k < count; k++) {
    const id = sorted[k]!;
    if (k > 0 && id === sorted[k - 1]) continue;
    left[length] = Math.floor(id / n);
    right[length] = id % n;
    length++;
  }
  return { left: left.subarray(0, length), right: right.subarray(0, length), length };
}
