import type { Embedder } from './embeddings';
import { LinearSvm, type LinearSvmParams } from './linear-svm';
import type { SparseVector } from './sparse';
import { classProbabilities } from './temperature';
import { DEFAULT_BLOCKS, TfidfVectorizer, type TfidfBlockSpec } from './tfidf';

export interface LabelledText {
  text: string;
  label: string;
}

export interface IntentClassifierOptions {
  blocks: readonly TfidfBlockSpec[];
  /** Weight of each TF-IDF block (each has unit length before it). */
  blockWeights: readonly number[];
  /** Weight of the sentence embedding block next to the TF-IDF blocks (each of unit length). */
  embeddingWeight: number;
  /**
   * Centre each embedding dimension on its training mean and divide by its spread before weighting (the block then
   * has unit length on average): sentence embeddings share a large common direction, which otherwise takes most of
   * the block's length and none of the information.
   */
  standardizeEmbedding: boolean;
  svm: Partial<LinearSvmParams>;
}

export const DEFAULT_CLASSIFIER: IntentClassifierOptions = {
  blocks: DEFAULT_BLOCKS,
  blockWeights: [1, 1],
  // Chosen on a validation fifth of banking77's training set (docs/chatbot-engine.md): weight 1 -> 0.922,
  // 2 -> 0.924, 3 -> 0.921; standardised dimensions 0.922-0.923 and slower to train.
  embeddingWeight: 2,
  standardizeEmbedding: false,
  svm: {},
};

export interface RankedLabel {
  label: string;
  probability: number;
}

/**
 * Intent classifier on [TF-IDF word n-grams ; TF-IDF char n-grams ; sentence embedding]: sparse features catch the
 * exact words of a business ("chargeback", a product name), the embedding catches paraphrases that share no word
 * ("my plastic never showed up" ~ "card has not arrived"). A one-vs-rest linear SVM scores every intent;
 * temperature-scaled margins (with a "none of them" logit at 0) become probabilities once it is fitted on held-out
 * questions. Without an embedder the same model runs on TF-IDF alone.
 */
export class IntentClassifier {
  temperature = 1;

  private constructor(
    readonly labels: string[],
    readonly vectorizer: TfidfVectorizer,
    readonly svm: LinearSvm,
    readonly embedder: Embedder | null,
    readonly options: IntentClassifierOptions,
    /** Per dimension: subtract, then multiply (identity when not standardising). */
    readonly embeddingShift: Float32Array,
    readonly embeddingScale: Float32Array,
  ) {}

  static async train(
    examples: readonly LabelledText[],
    embedder: Embedder | null,
    options: Partial<IntentClassifierOptions> = {},
  ): Promise<IntentClassifier> {
    const o = { ...DEFAULT_CLASSIFIER, ...options };
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    if (labels.length < 2) throw new Error(`An intent classifier needs at least two intents (got ${labels.length})`);
    const code = new Map(labels.map((l, i) => [l, i]));
    const texts = examples.map((e) => e.text);
    const vectorizer = TfidfVectorizer.fit(texts, o.blocks, [...o.blockWeights]);
    const embeddings = embedder ? await embedder.embed(texts) : null;
    const { shift, scale } = embeddingScaling(embeddings ?? [], embedder?.dimension ?? 0, o);
    const rows = texts.map((t, i) =>
      joinFeatures(vectorizer.transform(t), embeddings?.[i] ?? null, vectorizer.size, shift, scale),
    );
    const y = Int32Array.from(examples, (e) => code.get(e.label)!);
    const nFeatures = vectorizer.size + (embedder ? embedder.dimension : 0);
    const svm = LinearSvm.train(rows, y, labels.length, nFeatures, o.svm);
    return new IntentClassifier(labels, vectorizer, svm, embedder, o, shift, scale);
  }

  /** This model with another embedder of the same model (e.g. without a benchmark's cache). */
  withEmbedder(embedder: Embedder | null): IntentClassifier {
    if ((embedder?.name ?? null) !== (this.embedder?.name ?? null)) {
      const had = this.embedder?.name ?? 'no embedder';
      throw new Error(`This classifier was trained with ${had}, not ${embedder?.name ?? 'none'}`);
    }
    const copy = new IntentClassifier(
      this.labels,
      this.vectorizer,
      this.svm,
      embedder,
      this.options,
      this.embeddingShift,
      this.embeddingScale,
    );
    copy.temperature = this.temperature;
    return copy;
  }

  get usesEmbeddings(): boolean {
    return this.embedder !== null;
  }

  /** SVM margins of every intent for each text (embedded in batches). */
  async margins(texts: readonly string[]): Promise<Float64Array[]> {
    const embeddings = this.embedder ? await this.embedder.embed(texts) : null;
    return texts.map((t, i) =>
      this.svm.scores(
        joinFeatures(
          this.vectorizer.transform(t),
          embeddings?.[i] ?? null,
          this.vectorizer.size,
          this.embeddingShift,
          this.embeddingScale,
        ),
      ),
    );
  }

  /** Calibrated probabilities of every intent, in the order of `labels`. */
  probabilities(margins: ArrayLike<number>): Float64Array {
    return classProbabilities(margins, this.temperature);
  }

  /** The k most probable intents of each text, best first. */
  async rank(texts: readonly string[], k = 3): Promise<RankedLabel[][]> {
    return (await this.margins(texts)).map((m) => topK(this.probabilities(m), this.labels, k));
  }
}

export function topK(probabilities: ArrayLike<number>, labels: readonly string[], k: number): RankedLabel[] {
  const idx = Array.from({ length: probabilities.length }, (_, i) => i).sort(
    (a, b) => probabilities[b]! - probabilities[a]! || a - b,
  );
  return idx.slice(0, k).map((i) => ({ label: labels[i]!, probability: probabilities[i]! }));
}

function embeddingScaling(embeddings: readonly Float32Array[], dimension: number, o: IntentClassifierOptions) {
  const shift = new Float32Array(dimension);
  const scale = new Float32Array(dimension).fill(o.embeddingWeight);
  if (!o.standardizeEmbedding || embeddings.length < 2) return { shift, scale };
  const n = embeddings.length;
  const sq = new Float64Array(dimension);
  for (const e of embeddings) for (let d = 0; d < dimension; d++) shift[d]! += e[d]! / n;
  for (const e of embeddings) for (let d = 0; d < dimension; d++) sq[d]! += (e[d]! - shift[d]!) ** 2 / (n - 1);
  for (let d = 0; d < dimension; d++) scale[d] = o.embeddingWeight / Math.sqrt(dimension * (sq[d]! + 1e-12));
  return { shift, scale };
}

/** TF-IDF indices first, then the (shifted, scaled) embedding's dimensions after them. */
function joinFeatures(
  tfidf: SparseVector,
  embedding: Float32Array | null,
  offset: number,
  shift: Float32Array,
  scale: Float32Array,
): SparseVector {
  if (!embedding) return tfidf;
  const n = tfidf.index.length;
  const index = new Int32Array(n + embedding.length);
  const value = new Float32Array(n + embedding.length);
  index.set(tfidf.index);
  value.set(tfidf.value);
  for (let d = 0; d < embedding.length; d++) {
    index[n + d] = offset + d;
    value[n + d] = (embedding[d]! - shift[d]!) * scale[d]!;
  }
  return { index, value };
}
