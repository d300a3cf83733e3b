import { createHash } from 'node:crypto';
import {
  Bm25Index,
  FaqEngine,
  loadUseLite,
  type Embedder,
  type FaqIntent,
  type FaqReply,
  type FaqSection,
} from '@pipewise/ml/text/index';
import type { Logger } from '../../platform/logger';
import type { ChatbotRepo, KbEntryRow } from './chatbot.repo';
import { describeHours, type BusinessHours } from './chatbot.hours';

/** A product as the bot may mention it (from the products service). */
export type CatalogueProduct = {
  id: string;
  name: string;
  sku: string | null;
  category: string | null;
  price: number | null;
  currency: string | null;
};

/** The built-in intent answering "when are you open?" from the business hours. */
export const HOURS_INTENT = '__hours';
const HOURS_EXAMPLES = [
  'when are you open',
  'what are your opening hours',
  'opening times',
  'what time do you close',
  'are you open on saturday',
  'business hours',
  'are you open today',
  'what time do you open tomorrow',
];

/** What a workspace's bot knows, trained: the classifier (null with fewer than two FAQs), retrieval and the catalogue. */
export type BuiltEngine = {
  version: number;
  engine: FaqEngine | null;
  /** BM25 over every entry (and product) for the long tail and tiny knowledge bases. */
  index: Bm25Index | null;
  entries: Map<string, KbEntryRow>;
  products: CatalogueProduct[];
  productIndex: Bm25Index | null;
  hoursAnswer: string | null;
  embedder: string | null;
  trainSeconds: number;
  builtAt: Date;
  threshold: number | null;
};

export type EngineInputs = {
  entries: KbEntryRow[];
  products: CatalogueProduct[];
  hours: BusinessHours | null;
  threshold: number | null;
  clarifyMargin: number;
};

const hashOf = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The sentence embedder with a per-workspace cache in the database: the knowledge base's texts are embedded once,
 * so a rebuild after a restart or a change costs the TF-IDF + SVM fit alone (a fraction of a second for a shop).
 */
function cachedEmbedder(base: Embedder, repo: ChatbotRepo, workspaceId: string): Embedder {
  return {
    name: base.name,
    dimension: base.dimension,
    async embed(texts) {
      const hashes = texts.map(hashOf);
      const known = new Map(
        (await repo.embeddings(workspaceId, base.name, [...new Set(hashes)])).map((r) => [
          r.textHash,
          new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)),
        ]),
      );
      const missing = [...new Set(texts.filter((_, i) => !known.has(hashes[i]!)))];
      if (missing.length) {
        const vectors = await base.embed(missing);
        const rows = missing.map((t, i) => ({ textHash: hashOf(t), vector: Buffer.from(vectors[i]!.buffer) }));
        for (const r of rows) known.set(r.textHash, vectors[rows.indexOf(r)]!);
        await repo.saveEmbeddings(workspaceId, base.name, rows);
      }
      return hashes.map((h) => known.get(h)!);
    },
  };
}

/** Trains a workspace's engine from its knowledge base: deterministic (seeded), so the same inputs give the same bot. */
export async function buildEngine(
  inputs: EngineInputs,
  embedder: Embedder | null,
  version: number,
): Promise<Omit<BuiltEngine, 'embedder'> & { embedder: string | null }> {
  const t0 = performance.now();
  const enabled = inputs.entries.filter((e) => e.enabled);
  const faqs = enabled.filter((e) => e.kind === 'faq');
  const intents: FaqIntent[] = faqs.map((e) => ({
    id: e.id,
    title: e.question,
    answer: e.answer,
    examples: [e.question, ...e.variants],
  }));
  const hoursAnswer = inputs.hours ? describeHours(inputs.hours) : null;
  if (hoursAnswer)
    intents.push({ id: HOURS_INTENT, title: 'opening hours', answer: hoursAnswer, examples: HOURS_EXAMPLES });
  const sections: FaqSection[] = enabled
    .filter((e) => e.kind === 'section')
    .map((e) => ({ id: e.id, title: e.question, text: e.answer }));
  const engine =
    intents.length >= 2
      ? await FaqEngine.train(
          { intents, sections },
          { embedder, threshold: inputs.threshold ?? undefined, clarifyMargin: inputs.clarifyMargin, seed: 1 },
        )
      : null;
  const docs = [
    ...faqs.map((e) => ({ id: e.id, text: `${e.question} ${e.variants.join(' ')} ${e.answer}` })),
    ...sections.map((s) => ({ id: s.id, text: `${s.title ?? ''} ${s.text}` })),
  ];
  const productDocs = inputs.products.map((p) => ({
    id: p.id,
    text: `${p.name} ${p.category ?? ''} ${p.sku ?? ''}`,
  }));
  return {
    version,
    engine,
    index: docs.length ? new Bm25Index(docs) : null,
    entries: new Map(enabled.map((e) => [e.id, e])),
    products: inputs.products,
    productIndex: productDocs.length ? new Bm25Index(productDocs) : null,
    hoursAnswer,
    embedder: engine?.report.embedder ?? null,
    trainSeconds: (performance.now() - t0) / 1000,
    builtAt: new Date(),
    threshold: engine?.threshold ?? null,
  };
}

/** What the engine says, plus the BM25 fallback when there is no classifier yet. */
export async function replyOf(built: BuiltEngine, text: string): Promise<FaqReply> {
  if (built.engine) return built.engine.reply(text);
  const hit = built.index?.search(text, 1)[0];
  if (hit && hit.coverage >= 0.5) {
    const e = built.entries.get(hit.id)!;
    return e.kind === 'faq'
      ? { kind: 'answer', intent: e.id, answer: e.answer, confidence: hit.coverage }
      : { kind: 'section', sectionId: e.id, title: e.question, text: e.answer, coverage: hit.coverage };
  }
  return { kind: 'handoff', message: "I'm not sure, shall I get a person?", confidence: 0 };
}

/**
 * One trained engine per workspace, cached in memory and checked against the knowledge base's version (one small
 * query) before each use; a change schedules a rebuild after a short debounce, so the next question after an FAQ
 * edit does not wait for training. Builds of one workspace never run twice at once.
 */
export function createEngineCache(deps: {
  repo: ChatbotRepo;
  inputsOf: (workspaceId: string) => Promise<EngineInputs>;
  useEmbeddings: boolean;
  logger: Logger;
  debounceMs?: number;
}) {
  const cache = new Map<string, BuiltEngine>();
  const building = new Map<string, Promise<BuiltEngine>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let embedderPromise: Promise<Embedder | null> | null = null;

  function baseEmbedder(): Promise<Embedder | null> {
    if (!deps.useEmbeddings) return Promise.resolve(null);
    embedderPromise ??= loadUseLite().then((r) => {
      if (r.embedder) return r.embedder;
      deps.logger.warn(
        { err: r.error },
        'chatbot: the sentence-embedding model did not load; answering on TF-IDF alone',
      );
      return null;
    });
    return embedderPromise;
  }

  async function build(workspaceId: string, version: number): Promise<BuiltEngine> {
    const base = await baseEmbedder();
    const inputs = await deps.inputsOf(workspaceId);
    const trainingEmbedder = base ? cachedEmbedder(base, deps.repo, workspaceId) : null;
    let built = await buildEngine(inputs, trainingEmbedder, version);
    // Visitor questions are new texts: embed them directly instead of looking each up in the cache.
    if (built.engine && base) built = { ...built, engine: built.engine.withEmbedder(base) };
    deps.logger.info(
      { workspaceId, version, seconds: built.trainSeconds, intents: built.engine?.report.intents ?? 0 },
      'chatbot: engine trained',
    );
    return built;
  }

  async function get(workspaceId: string): Promise<BuiltEngine> {
    const version = await deps.repo.kbVersion(workspaceId);
    const cached = cache.get(workspaceId);
    if (cached && cached.version >= version) return cached;
    const pending = building.get(workspaceId);
    if (pending) {
      const b = await pending;
      if (b.version >= version) return b;
    }
    const p = build(workspaceId, version).finally(() => building.delete(workspaceId));
    building.set(workspaceId, p);
    const b = await p;
    const now = cache.get(workspaceId);
    if (!now || now.version <= b.version) cache.set(workspaceId, b);
    return b;
  }

  return {
    get,
    /** The knowledge base changed: rebuild soon (debounced), so several edits in a row train once. */
    changed(workspaceId: string) {
      clearTimeout(timers.get(workspaceId));
      timers.set(
        workspaceId,
        setTimeout(() => {
          timers.delete(workspaceId);
          get(workspaceId).catch((e: unknown) =>
            deps.logger.warn({ err: String(e), workspaceId }, 'chatbot: retraining failed'),
          );
        }, deps.debounceMs ?? 300).unref(),
      );
    },
    peek: (workspaceId: string) => cache.get(workspaceId) ?? null,
    forget: (workspaceId: string) => cache.delete(workspaceId),
    /** Stops pending rebuilds (tests, shutdown). */
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
export type EngineCache = ReturnType<typeof createEngineCache>;
