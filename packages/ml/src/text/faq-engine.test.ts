import { describe, expect, it } from 'vitest';
import { FaqEngine, HANDOFF_MESSAGE, OUT_OF_SCOPE } from './faq-engine';
import { SHOP_INTENTS, SHOP_SECTIONS } from './fixtures';
import { IntentClassifier } from './intent-classifier';
import { evaluateIntents, macroF1 } from './evaluate';
import type { Embedder } from './embeddings';

// TF-IDF only (embedder null): the fallback path, and fast enough for unit tests.
describe('FaqEngine on TF-IDF alone', async () => {
  const engine = await FaqEngine.train(
    { intents: SHOP_INTENTS, sections: SHOP_SECTIONS },
    { embedder: null, threshold: 0.3 },
  );

  it.each([
    ['When do you open on Saturday?', 'opening_hours'],
    ['my parcel still hasnt arrived', 'delivery_time'],
    ['I would like a refund please', 'refund'],
    ['Do you accept Paypal?', 'payment_methods'],
    ['I saw it cheaper in another shop', 'price_match'],
  ])('%s -> %s', async (question, intent) => {
    const [p] = await engine.classify([question]);
    expect(p!.ranked[0]!.label).toBe(intent);
    const reply = await engine.reply(question);
    expect(reply).toMatchObject({ kind: 'answer', intent, answer: SHOP_INTENTS.find((i) => i.id === intent)!.answer });
  });

  it('calibrates probabilities: the intents and the "none of them" share sum to one', async () => {
    const [m] = await engine.classifier.margins(['when are you open']);
    const p = engine.classifier.probabilities(m!);
    const t = engine.classifier.temperature;
    const none = 1 / (1 + Array.from(m!).reduce((s, x) => s + Math.exp(x / t), 0));
    expect(p.reduce((a, b) => a + b, 0) + none).toBeCloseTo(1, 10);
    expect(p.indexOf(Math.max(...p))).toBe(engine.classifier.labels.indexOf('opening_hours'));
    expect(engine.report.validation.source).toBe('held-out');
    expect(engine.report.temperature).toBeGreaterThan(0);
  });

  it('answers from a page section when no intent fits but a section holds the question words', async () => {
    expect(await engine.reply('gift cards expire?')).toMatchObject({ kind: 'section', sectionId: 'gift-cards' });
  });

  it('hands off a question it knows nothing about', async () => {
    expect(await engine.reply('zxq qqv wibble')).toMatchObject({ kind: 'handoff', message: HANDOFF_MESSAGE });
  });

  it('asks which one was meant when the top two intents are about as likely', async () => {
    // Equal margins for two intents: a question made of one example of each.
    const closeEngine = await FaqEngine.train(
      {
        intents: [
          { id: 'a', title: 'card delivery', examples: ['card delivery status', 'where is my card delivery'] },
          { id: 'b', title: 'card activation', examples: ['card activation steps', 'how does card activation work'] },
          { id: 'c', title: 'exchange rates', examples: ['exchange rate for dollars', 'euro exchange rate today'] },
        ],
      },
      { embedder: null, threshold: 0.2 },
    );
    const reply = await closeEngine.reply('card');
    expect(reply.kind).toBe('clarify');
    if (reply.kind === 'clarify') {
      expect(reply.question).toMatch(/^Do you mean card (delivery|activation) or card (delivery|activation)\?$/);
      expect(reply.options.map((o) => o.label).sort()).toEqual(['a', 'b']);
    }
  });

  it('routes to a person when the out-of-scope class wins', async () => {
    const withOos = await FaqEngine.train(
      {
        intents: SHOP_INTENTS,
        outOfScope: [
          'what is the weather tomorrow',
          'tell me a joke',
          'who won the football',
          'play some music',
          'what is the capital of france',
          'book me a flight',
        ],
      },
      { embedder: null },
    );
    const [p] = await withOos.classify(['tell me a funny joke']);
    expect(p!.intent).toBeNull();
    expect(p!.confidence).toBe(0);
    expect(p!.ranked.every((r) => r.label !== OUT_OF_SCOPE)).toBe(true);
    expect(withOos.report.outOfScopeExamples).toBe(6);
  });

  it.each([
    [
      {
        intents: [
          { id: 'x', examples: ['a'] },
          { id: 'x', examples: ['b'] },
        ],
      },
      /appears twice/,
    ],
    [
      {
        intents: [
          { id: OUT_OF_SCOPE, examples: ['a'] },
          { id: 'y', examples: ['b'] },
        ],
      },
      /reserved/,
    ],
    [{ intents: [{ id: 'only', examples: ['a', 'b'] }] }, /at least two intents/],
  ])('rejects a bad training set (%#)', async (set, message) => {
    await expect(FaqEngine.train(set, { embedder: null })).rejects.toThrow(message);
  });

  it('refuses to classify with an embedder other than the one it was trained with', () => {
    const other: Embedder = { name: 'other', dimension: 2, embed: async (t) => t.map(() => new Float32Array(2)) };
    expect(() => engine.withEmbedder(other)).toThrow(/trained with no embedder/);
  });
});

describe('IntentClassifier with an embedder', () => {
  // A fake embedder that puts each text on an axis by a keyword: stands in for the real model (tested apart).
  const axes = ['money', 'parcel', 'hours'];
  const fake: Embedder = {
    name: 'fake',
    dimension: 3,
    embed: async (texts) => texts.map((t) => Float32Array.from(axes, (a) => (t.includes(a) ? 1 : 0))),
  };

  it('uses the embedding dimensions next to TF-IDF', async () => {
    const train = [
      { text: 'refund my money', label: 'refund' },
      { text: 'money back', label: 'refund' },
      { text: 'parcel late', label: 'delivery' },
      { text: 'where is the parcel', label: 'delivery' },
    ];
    const c = await IntentClassifier.train(train, fake, { embeddingWeight: 3 });
    expect(c.usesEmbeddings).toBe(true);
    expect(c.svm.nFeatures).toBe(c.vectorizer.size + 3);
    // No word in common with the training texts except the axis keyword inside a longer word.
    const [r] = await c.rank(['moneyyy'], 1);
    expect(r![0]!.label).toBe('refund');
  });
});

describe('evaluateIntents', () => {
  it('reports accuracy, macro-F1, out-of-scope recall and latency on a held-out set', async () => {
    const rows = SHOP_INTENTS.flatMap((i) => i.examples.map((text) => ({ text, label: i.id })));
    const train = rows.filter((_, k) => k % 4 !== 0);
    const oos = ['what is the weather', 'tell me a joke', 'sing a song', 'who is the president', 'play chess with me'];
    const test = [...rows.filter((_, k) => k % 4 === 0), ...oos.map((text) => ({ text, label: 'none' }))];
    const r = await evaluateIntents([...train, { text: 'what is the time in tokyo', label: 'none' }], test, {
      outOfScopeLabel: 'none',
      engine: { embedder: null },
      latencyQuestions: 5,
    });
    expect(r.testRows).toBe(15);
    expect(r.intents).toBe(5);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.5);
    expect(r.outOfScopeRecall).not.toBeNull();
    expect(r.latency.questions).toBe(5);
    expect(r.latency.p99Ms).toBeGreaterThanOrEqual(r.latency.p50Ms);
  });

  it.each([
    [['a', 'a', 'b', 'b'], ['a', 'a', 'b', 'b'], 1],
    [['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], (2 / 3 + 0.8) / 2],
    [['a', 'b'], [null, null], 0],
    [['a', 'a'], ['a', 'c'], 2 / 3],
  ])('macroF1(%j, %j) = %d', (truth, predicted, expected) => {
    expect(macroF1(truth, predicted)).toBeCloseTo(expected, 10);
  });
});
