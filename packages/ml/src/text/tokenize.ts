/**
 * Text normalisation and n-gram extraction shared by TF-IDF and BM25. Customers type "Card hasn't arrived!!",
 * "card hasnt arrived" and "CARD HAS NOT ARRIVED": lower case, accents folded and apostrophes dropped make the first
 * two the same words; character n-grams then catch the typos and inflections that word features miss.
 */

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case, accents removed (NFKD without combining marks), apostrophes inside words removed. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\p{L})['’`](\p{L})/gu, '$1$2');
}

/** Words of the normalised text (letters and digits; everything else separates). */
export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** Word n-grams of orders minN..maxN, joined by a space ("my card", "card has"). */
export function wordNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/**
 * Character n-grams inside word boundaries (scikit-learn's char_wb): each word is padded with a space on both
 * sides, so "card" gives " c", "ca", ..., "d " and prefixes/suffixes are features of their own. A padded word
 * shorter than n gives itself once.
 */
export function charNgrams(tokens: readonly string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const w = ` ${t} `;
    for (let n = minN; n <= maxN; n++) {
      if (w.length <= n) {
        out.push(w);
        break;
      }
      for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
    }
  }
  return out;
}
