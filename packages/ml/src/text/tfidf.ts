import { charNgrams, wordNgrams, words } from './tokenize';
import { countIndices, l2NormalizeInPlace, sparseFromMap, type SparseVector } from './sparse';

/** What one TF-IDF block counts: word n-grams or character n-grams within words. */
export interface TfidfBlockSpec {
  kind: 'word' | 'char';
  minN: number;
  maxN: number;
  /** Terms in fewer training documents are dropped (rare char n-grams are mostly typos of one sentence). */
  minDf: number;
}

export const DEFAULT_BLOCKS: readonly TfidfBlockSpec[] = [
  { kind: 'word', minN: 1, maxN: 2, minDf: 1 },
  { kind: 'char', minN: 2, maxN: 5, minDf: 2 },
];

export interface TfidfBlockJSON {
  spec: TfidfBlockSpec;
  terms: string[];
  idf: number[];
}

/** One vocabulary with smoothed idf; vectors are sublinear tf (1 + ln tf) x idf, scaled to unit length. */
export class TfidfBlock {
  private readonly lookup: Map<string, number>;

  constructor(
    readonly spec: TfidfBlockSpec,
    readonly terms: string[],
    readonly idf: Float32Array,
  ) {
    this.lookup = new Map(terms.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.terms.length;
  }

  static fit(docs: readonly string[][], spec: TfidfBlockSpec): TfidfBlock {
    const df = new Map<string, number>();
    for (const tokens of docs) for (const t of new Set(termsOf(tokens, spec))) df.set(t, (df.get(t) ?? 0) + 1);
    const terms = [...df.entries()]
      .filter(([, d]) => d >= spec.minDf)
      .map(([t]) => t)
      .sort();
    const idf = new Float32Array(terms.length);
    const n = docs.length;
    terms.forEach((t, i) => {
      idf[i] = Math.log((1 + n) / (1 + df.get(t)!)) + 1;
    });
    return new TfidfBlock(spec, terms, idf);
  }

  transform(tokens: readonly string[]): SparseVector {
    const v = sparseFromMap(countIndices(termsOf(tokens, this.spec), (t) => this.lookup.get(t)));
    for (let k = 0; k < v.index.length; k++) v.value[k] = (1 + Math.log(v.value[k]!)) * this.idf[v.index[k]!]!;
    l2NormalizeInPlace(v.value);
    return v;
  }

  toJSON(): TfidfBlockJSON {
    return { spec: this.spec, terms: this.terms, idf: Array.from(this.idf) };
  }

  static fromJSON(j: TfidfBlockJSON): TfidfBlock {
    return new TfidfBlock(j.spec, j.terms, Float32Array.from(j.idf));
  }
}

function termsOf(tokens: readonly string[], spec: TfidfBlockSpec): string[] {
  return spec.kind === 'word' ? wordNgrams(tokens, spec.minN, spec.maxN) : charNgrams(tokens, spec.minN, spec.maxN);
}

/**
 * Several TF-IDF blocks side by side (word 1-2 grams and char 2-5 grams by default, as scikit-learn's FeatureUnion
 * in the peer): each block has unit length, then is multiplied by its weight, and the blocks' indices follow each
 * other.
 */
export class TfidfVectorizer {
  constructor(
    readonly blocks: TfidfBlock[],
    readonly weights: number[],
  ) {}

  static fit(
    texts: readonly string[],
    specs: readonly TfidfBlockSpec[] = DEFAULT_BLOCKS,
    weights?: number[],
  ): TfidfVectorizer {
    const docs = texts.map(words);
    return new TfidfVectorizer(
      specs.map((s) => TfidfBlock.fit(docs, s)),
      weights ?? specs.map(() => 1),
    );
  }

  get size(): number {
    return this.blocks.reduce((s, b) => s + b.size, 0);
  }

  transform(text: string): SparseVector {
    const tokens = words(text);
    const parts = this.blocks.map((b) => b.transform(tokens));
    const nnz = parts.reduce((s, p) => s + p.index.length, 0);
    const index = new Int32Array(nnz);
    const value = new Float32Array(nnz);
    let at = 0,
      offset = 0;
    parts.forEach((p, b) => {
      const w = this.weights[b]!;
      for (let k = 0; k < p.index.length; k++, at++) {
        index[at] = p.index[k]! + offset;
        value[at] = p.value[k]! * w;
      }
      offset += this.blocks[b]!.size;
    });
    return { index, value };
  }

  toJSON(): { blocks: TfidfBlockJSON[]; weights: number[] } {
    return { blocks: this.blocks.map((b) => b.toJSON()), weights: this.weights };
  }

  static fromJSON(j: { blocks: TfidfBlockJSON[]; weights: number[] }): TfidfVectorizer {
    return new TfidfVectorizer(
      j.blocks.map((b) => TfidfBlock.fromJSON(b)),
      j.weights,
    );
  }
}
