import { distance } from 'fastest-levenshtein';

let scratchA = new Uint8Array(64);
let scratchB = new Uint8Array(64);

/** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters): forgiving of typos, strict on short strings. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Reused scratch buffers: this runs millions of times in a scan, and allocation dominated it.
  if (la > scratchA.length || lb > scratchB.length) {
    scratchA = new Uint8Array(Math.max(la, scratchA.length * 2));
    scratchB = new Uint8Array(Math.max(lb, scratchB.length * 2));
  }
  const matchedA = scratchA;
  const matchedB = scratchB;
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (matchedB[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Similarity of two token lists, order-free: each token of the shorter list takes its best Jaro-Winkler partner,
 * averaged. ["jon","smith"] vs ["smith","john"] ≈ 0.97. Empty against anything is 0.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let total = 0;
  for (const s of short) {
    let best = 0;
    for (const l of long) {
      const v = jaroWinkler(s, l);
      if (v > best) best = v;
      if (best === 1) break;
    }
    total += best;
  }
  // A missing token (e.g. a middle name) costs a little, not a whole token.
  return (total / short.length) * (1 - 0.05 * (long.length - short.length));
}

/**
 * Person-name similarity: first and last names compared as such, with a swapped order also tried, and the
 * order-free token score for names missing a first or a last name.
 */
export function personNameSimilarity(
  a: { first: string; last: string; tokens: readonly string[] },
  b: { first: string; last: string; tokens: readonly string[] },
): number {
  if (!a.first || !a.last || !b.first || !b.last) return tokenSetSimilarity(a.tokens, b.tokens);
  // The weaker of the two halves dominates: "Anna Smith" vs "John Smith" must stay low although the surnames agree.
  const straight = weakerHalf(jaroWinkler(a.first, b.first), jaroWinkler(a.last, b.last));
  // Swapped first and last names are common in imports; skip the work when the straight reading is already certain.
  if (straight === 1) return 1;
  return Math.max(straight, weakerHalf(jaroWinkler(a.first, b.last), jaroWinkler(a.last, b.first)));
}

const weakerHalf = (x: number, y: number) => Math.min(x, y) * 0.75 + Math.max(x, y) * 0.25;

/**
 * Whether two normalised company keys (tokens joined) name the same company: equal, or a typo apart (an edit
 * distance of 1, or 2 from 20 characters). Jaro-Winkler alone is too generous here: "Brightpine Works" and
 * "Brightcrest Works" share a long prefix and score 0.93, yet are two companies.
 */
export function sameCompanyKey(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const longest = Math.max(a.length, b.length);
  if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 2) return false;
  return distance(a, b) <= (longest >= 20 ? 2 : 1);
}

/** American Soundex of a normalised token ("robert" → "r163"): a blocking key that survives most typos after the first letter. */
export function soundex(token: string): string {
  if (!token) return '';
  const codes: Record<string, string> = {
    b: '1',
    f: '1',
    p: '1',
    v: '1',
    c: '2',
    g: '2',
    j: '2',
    k: '2',
    q: '2',
    s: '2',
    x: '2',
    z: '2',
    d: '3',
    t: '3',
    l: '4',
    m: '5',
    n: '5',
    r: '6',
  };
  const first = token[0]!;
  let out = first;
  let prev = codes[first] ?? '';
  for (let i = 1; i < token.length && out.length < 4; i++) {
    const ch = token[i]!;
    const code = codes[ch] ?? '';
    if (code && code !== prev) out += code;
    if (ch !== 'h' && ch !== 'w') prev = code;
  }
  return out.padEnd(4, '0');
}
