import { words } from './tokenize';

export interface Bm25Doc {
  id: string;
  text: string;
}

export interface Bm25Hit {
  id: string;
  score: number;
  /** Share of the query's idf mass whose words the document contains (1 = every word of the question). */
  coverage: number;
}

export interface Bm25Params {
  /** Term-frequency saturation: how much the 2nd, 3rd... occurrence of a word still counts. */
  k1: number;
  /** Length normalisation: 1 = a long page section must earn its matches, 0 = length ignored. */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/**
 * Okapi BM25 over answers and page sections, for the long tail of questions no intent was trained for. Inverted
 * index: a query touches only the postings of its own words, so search time grows with the matches, not the pages.
 * idf = ln(1 + (N - df + 0.5) / (df + 0.5)) (Lucene's form: never negative, so a word in most sections still helps
 * a little instead of pushing its sections down).
 */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: Int32Array; tf: Float32Array }>();
  private readonly length: Float32Array;
  private readonly avgLength: number;

  constructor(
    readonly docs: readonly Bm25Doc[],
    readonly params: Bm25Params = DEFAULT_BM25,
  ) {
    const lists = new Map<string, { doc: number[]; tf: number[] }>();
    this.length = new Float32Array(docs.length);
    docs.forEach((d, i) => {
      const tokens = words(d.text);
      this.length[i] = tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, c] of tf) {
        let l = lists.get(t);
        if (!l) lists.set(t, (l = { doc: [], tf: [] }));
        l.doc.push(i);
        l.tf.push(c);
      }
    });
    for (const [t, l] of lists) this.postings.set(t, { doc: Int32Array.from(l.doc), tf: Float32Array.from(l.tf) });
    this.avgLength = docs.length ? this.length.reduce((s, x) => s + x, 0) / docs.length : 0;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.doc.length ?? 0;
    const n = this.docs.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 score of every document for the query (0 where no query word occurs). */
  scores(query: string): Float64Array {
    const out = new Float64Array(this.docs.length);
    const { k1, b } = this.params;
    for (const term of new Set(words(query))) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term);
      for (let k = 0; k < p.doc.length; k++) {
        const d = p.doc[k]!;
        const tf = p.tf[k]!;
        const norm = k1 * (1 - b + (b * this.length[d]!) / (this.avgLength || 1));
        out[d]! += (idf * tf * (k1 + 1)) / (tf + norm);
      }
    }
    return out;
  }

  /** The k best documents with a positive score, best first (ties keep document order). */
  search(query: string, k = 5): Bm25Hit[] {
    const s = this.scores(query);
    const terms = [...new Set(words(query))];
    const idfs = terms.map((t) => this.idf(t));
    const total = idfs.reduce((a, b) => a + b, 0);
    const best: number[] = [];
    for (let i = 0; i < s.length; i++) if (s[i]! > 0) best.push(i);
    best.sort((a, b) => s[b]! - s[a]! || a - b);
    return best.slice(0, k).map((i) => {
      let found = 0;
      terms.forEach((t, j) => {
        if (this.contains(t, i)) found += idfs[j]!;
      });
      return { id: this.docs[i]!.id, score: s[i]!, coverage: total > 0 ? found / total : 0 };
    });
  }

  private contains(term: string, doc: number): boolean {
    const p = this.postings.get(term);
    if (!p) return false;
    // Postings are in document order: binary search.
    let lo = 0,
      hi = p.doc.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = p.doc[mid]!;
      if (d === doc) return true;
      if (d < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
