import { describe, expect, it } from 'vitest';
import { loadUseLite } from './embeddings';

// The one test that loads the real Universal Sentence Encoder lite from node_modules (no network).
describe('loadUseLite', () => {
  it(
    'embeds sentences into unit-length 512-d vectors, paraphrases closer than unrelated text',
    { timeout: 30_000 },
    async () => {
      const loaded = await loadUseLite();
      if (!loaded.embedder) throw new Error(loaded.error);
      const [a, b, c] = await loaded.embedder.embed([
        'my card has not arrived',
        'the card was never delivered',
        'what is the weather like',
      ]);
      const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * y[i]!, 0);
      expect(a!.length).toBe(512);
      expect(dot(a!, a!)).toBeCloseTo(1, 3);
      expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.2);
    },
  );
});
