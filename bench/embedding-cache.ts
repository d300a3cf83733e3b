// Sentence embeddings of a benchmark's texts, kept on disk between runs (embedding CLINC150's 24k texts takes minutes
// on this CPU). The cache lives in the system temp folder, never in the repository; --no-cache ignores it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Embedder } from '../packages/ml/src/text/embeddings';

export interface CacheStats {
  hits: number;
  embedded: number;
  embedSeconds: number;
}

/** An embedder that answers known texts from a file named after the dataset and the model, and embeds the rest. */
export function cachedEmbedder(
  inner: Embedder,
  dataset: string,
  enabled = true,
): { embedder: Embedder; stats: CacheStats; save: () => void } {
  const dir = path.join(tmpdir(), 'pipewise-bench-cache');
  const file = path.join(dir, `${dataset}.${inner.name.replace(/[^\w.-]+/g, '_')}.bin`);
  const known = new Map<string, Float32Array>();
  if (enabled && existsSync(file)) {
    const buf = readFileSync(file);
    const headerLength = buf.readUInt32LE(0);
    const texts = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as string[];
    const start = 4 + headerLength;
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
    texts.forEach((t, i) => known.set(t, floats.slice(i * inner.dimension, (i + 1) * inner.dimension)));
  }
  const stats: CacheStats = { hits: 0, embedded: 0, embedSeconds: 0 };
  let dirty = false;
  const embedder: Embedder = {
    name: inner.name,
    dimension: inner.dimension,
    async embed(texts) {
      const missing = [...new Set(texts.filter((t) => !known.has(t)))];
      if (missing.length) {
        const t0 = performance.now();
        const vectors = await inner.embed(missing);
        stats.embedSeconds += (performance.now() - t0) / 1000;
        missing.forEach((t, i) => known.set(t, vectors[i]!));
        stats.embedded += missing.length;
        dirty = true;
      }
      stats.hits += texts.length - missing.length;
      return texts.map((t) => known.get(t)!);
    },
  };
  const save = () => {
    if (!enabled || !dirty) return;
    mkdirSync(dir, { recursive: true });
    const texts = [...known.keys()];
    const header = Buffer.from(JSON.stringify(texts), 'utf8');
    const floats = new Float32Array(texts.length * inner.dimension);
    texts.forEach((t, i) => floats.set(known.get(t)!, i * inner.dimension));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length, 0);
    writeFileSync(file, Buffer.concat([len, header, Buffer.from(floats.buffer)]));
    dirty = false;
  };
  return { embedder, stats, save };
}
