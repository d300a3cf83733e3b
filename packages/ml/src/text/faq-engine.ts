import { createRng } from '../models/random';
import { Bm25Index } from './bm25';
import type { Embedder } from './embeddings';
import {
  IntentClassifier,
  topK,
  type IntentClassifierOptions,
  type LabelledText,
  type RankedLabel,
} from './intent-classifier';
import { fitTemperature } from './temperature';
import { chooseThreshold, type ThresholdChoice, type ValidationOutcome } from './threshold';

export interface FaqIntent {
  id: string;
  /** How a visitor puts the name in a clarifying question ("card delivery"); the id when absent. */
  title?: string;
  examples: string[];
  answer?: string;
}

/** A part of the business's pages or documents, for questions no intent covers. */
export interface FaqSection {
  id: string;
  title?: string;
  text: string;
}

export interface FaqTrainingSet {
  intents: FaqIntent[];
  sections?: FaqSection[];
  /** Questions the bot must hand to a person: trained as a class of their own and used to tune the threshold. */
  outOfScope?: string[];
  /** Held-out questions (intent null = out of scope) for calibration and the threshold; else some are held out. */
  validation?: { text: string; intent: string | null }[];
}

export interface FaqEngineOptions {
  /** Sentence embedder; null trains on TF-IDF alone (the fallback when the model cannot load). */
  embedder: Embedder | null;
  classifier: Partial<IntentClassifierOptions>;
  /** Without a validation set: share of each intent's examples held out (intents with at least 3 examples). */
  validationShare: number;
  /** Ask which of the top two was meant when their probabilities are closer than this. */
  clarifyMargin: number;
  /** A page section answers a question the classifier is unsure of when it holds this share of its idf mass. */
  sectionMinCoverage: number;
  /** With out-of-scope validation questions: the lowest threshold catching this share of them (else balanced). */
  minOutOfScopeRecall?: number;
  /** Fixes the threshold instead of tuning it. */
  threshold?: number;
  seed: number;
}

export const DEFAULT_FAQ_OPTIONS: FaqEngineOptions = {
  embedder: null,
  classifier: {},
  validationShare: 0.2,
  clarifyMargin: 0.1,
  sectionMinCoverage: 0.75,
  seed: 1,
};

export const HANDOFF_MESSAGE = "I'm not sure, shall I get a person?";

/** The class that out-of-scope examples train; never shown to a visitor. */
export const OUT_OF_SCOPE = '__out_of_scope__';

export interface FaqPrediction {
  /** The intent, or null when the question is out of scope or below the threshold. */
  intent: string | null;
  /** Calibrated probability of the best in-scope intent (0 when the out-of-scope class wins). */
  confidence: number;
  /** Best in-scope intents first. */
  ranked: RankedLabel[];
}

export type FaqReply =
  | { kind: 'answer'; intent: string; answer: string | null; confidence: number }
  | { kind: 'clarify'; question: string; options: RankedLabel[] }
  | { kind: 'section'; sectionId: string; title: string | null; text: string; coverage: number }
  | { kind: 'handoff'; message: string; confidence: number };

export interface FaqEngineReport {
  intents: number;
  examples: number;
  outOfScopeExamples: number;
  embedder: string | null;
  temperature: number;
  threshold: ThresholdChoice;
  validation: { source: 'given' | 'held-out' | 'none'; questions: number; top1Accuracy: number | null };
  trainSeconds: number;
}

/**
 * The website chatbot's brain: an intent classifier with calibrated confidence, an out-of-scope threshold tuned on
 * held-out questions, a clarifying question when two intents are about as likely, BM25 over answers and page
 * sections for the long tail, and a hand-off to a person below the threshold. Pure: no I/O, no clock; everything it
 * needs is in the training set, so a business adding an FAQ just trains again (seconds for a few hundred examples).
 */
export class FaqEngine {
  private constructor(
    readonly classifier: IntentClassifier,
    readonly threshold: number,
    readonly report: FaqEngineReport,
    private readonly intents: Map<string, FaqIntent>,
    private readonly sections: Map<string, FaqSection>,
    private readonly index: Bm25Index | null,
    private readonly options: FaqEngineOptions,
  ) {}

  static async train(set: FaqTrainingSet, options: Partial<FaqEngineOptions> = {}): Promise<FaqEngine> {
    const o = { ...DEFAULT_FAQ_OPTIONS, ...options };
    const t0 = performance.now();
    const examples = trainingExamples(set);
    const outOfScopeExamples = set.outOfScope?.length ?? 0;
    let validation = set.validation?.map((v) => ({ text: v.text, label: v.intent ?? OUT_OF_SCOPE })) ?? [];
    let source: FaqEngineReport['validation']['source'] = set.validation?.length ? 'given' : 'none';
    let fitOn = examples;
    if (!set.validation?.length) {
      const split = holdOut(examples, o.validationShare, o.seed);
      if (split.validation.length >= 5 && new Set(split.train.map((e) => e.label)).size >= 2) {
        ({ train: fitOn, validation } = split);
        source = 'held-out';
      } else validation = [];
    }
    const first = await IntentClassifier.train(fitOn, o.embedder, o.classifier);
    let temperature = 1;
    let threshold: ThresholdChoice = chooseThreshold([]);
    let top1Accuracy: number | null = null;
    if (validation.length) {
      const margins = await first.margins(validation.map((v) => v.text));
      const code = new Map(first.labels.map((l, i) => [l, i]));
      const known = validation
        .map((v, i) => ({ m: margins[i]!, y: code.get(v.label) }))
        .filter((x) => x.y !== undefined);
      temperature = fitTemperature(
        known.map((x) => x.m),
        known.map((x) => x.y!),
      );
      first.temperature = temperature;
      const outcomes = validation.map((v, i): ValidationOutcome => {
        const p = predictionOf(first, margins[i]!, 0);
        return {
          confidence: p.intent === null ? 0 : p.confidence,
          correct: p.intent === v.label,
          outOfScope: v.label === OUT_OF_SCOPE,
        };
      });
      threshold = chooseThreshold(outcomes, { minOutOfScopeRecall: o.minOutOfScopeRecall });
      const inScope = outcomes.filter((x) => !x.outOfScope);
      top1Accuracy = inScope.length ? inScope.filter((x) => x.correct).length / inScope.length : null;
    }
    if (o.threshold !== undefined) threshold = { ...threshold, threshold: o.threshold };
    const classifier = source === 'held-out' ? await IntentClassifier.train(examples, o.embedder, o.classifier) : first;
    classifier.temperature = temperature;
    const intents = new Map(set.intents.map((i) => [i.id, i]));
    const sections = new Map((set.sections ?? []).map((s) => [s.id, s]));
    const docs = [
      ...set.intents
        .filter((i) => i.answer)
        .map((i) => ({ id: `intent:${i.id}`, text: `${i.title ?? ''} ${i.answer}` })),
      ...(set.sections ?? []).map((s) => ({ id: `section:${s.id}`, text: `${s.title ?? ''} ${s.text}` })),
    ];
    const report: FaqEngineReport = {
      intents: set.intents.length,
      examples: examples.length - outOfScopeExamples,
      outOfScopeExamples,
      embedder: o.embedder?.name ?? null,
      temperature,
      threshold,
      validation: { source, questions: validation.length, top1Accuracy },
      trainSeconds: (performance.now() - t0) / 1000,
    };
    const index = docs.length ? new Bm25Index(docs) : null;
    return new FaqEngine(classifier, threshold.threshold, report, intents, sections, index, o);
  }

  /** The same engine embedding with another embedder of the same model (a cache, or the uncached model). */
  withEmbedder(embedder: Embedder | null): FaqEngine {
    return new FaqEngine(
      this.classifier.withEmbedder(embedder),
      this.threshold,
      this.report,
      this.intents,
      this.sections,
      this.index,
      this.options,
    );
  }

  /** Intent (or null for "hand to a person") of each question, with calibrated confidence. */
  async classify(texts: readonly string[]): Promise<FaqPrediction[]> {
    const margins = await this.classifier.margins(texts);
    return margins.map((m) => predictionOf(this.classifier, m, this.threshold));
  }

  /** What the bot says to one visitor question. */
  async reply(text: string): Promise<FaqReply> {
    const [p] = await this.classify([text]);
    const [first, second, third] = p!.ranked;
    // Two close intents that together clear the threshold, with the rest far behind: the question is about one of
    // these two. A question spread over many intents is not a choice between two of them.
    const closePair =
      first &&
      second &&
      first.probability - second.probability < this.options.clarifyMargin &&
      first.probability + second.probability >= this.threshold &&
      (third?.probability ?? 0) < (second.probability * 2) / 3;
    if (closePair && p!.confidence > 0) {
      const names = [first, second].map((r) => this.intents.get(r.label)?.title ?? r.label);
      return { kind: 'clarify', question: `Do you mean ${names[0]} or ${names[1]}?`, options: [first, second] };
    }
    if (p!.intent !== null) {
      const answer = this.intents.get(p!.intent)?.answer ?? null;
      return { kind: 'answer', intent: p!.intent, answer, confidence: p!.confidence };
    }
    const hit = this.index?.search(text, 1)[0];
    if (hit && hit.coverage >= this.options.sectionMinCoverage) {
      const [type, id] = [hit.id.slice(0, hit.id.indexOf(':')), hit.id.slice(hit.id.indexOf(':') + 1)];
      if (type === 'intent') {
        return { kind: 'answer', intent: id, answer: this.intents.get(id)?.answer ?? null, confidence: p!.confidence };
      }
      const s = this.sections.get(id)!;
      return { kind: 'section', sectionId: s.id, title: s.title ?? null, text: s.text, coverage: hit.coverage };
    }
    return { kind: 'handoff', message: HANDOFF_MESSAGE, confidence: p!.confidence };
  }
}

function trainingExamples(set: FaqTrainingSet): LabelledText[] {
  const ids = new Set<string>();
  for (const i of set.intents) {
    if (i.id === OUT_OF_SCOPE) throw new Error(`"${OUT_OF_SCOPE}" is reserved`);
    if (ids.has(i.id)) throw new Error(`Intent "${i.id}" appears twice`);
    ids.add(i.id);
  }
  const examples = set.intents.flatMap((i) =>
    i.examples.filter((t) => t.trim() !== '').map((text) => ({ text, label: i.id })),
  );
  for (const text of set.outOfScope ?? []) if (text.trim() !== '') examples.push({ text, label: OUT_OF_SCOPE });
  return examples;
}

/** Every label's examples in a seeded random order; the first share of each (intents with >= 3) is held out. */
function holdOut(examples: readonly LabelledText[], share: number, seed: number) {
  const rng = createRng(seed);
  const byLabel = new Map<string, LabelledText[]>();
  for (const e of examples) {
    let l = byLabel.get(e.label);
    if (!l) byLabel.set(e.label, (l = []));
    l.push(e);
  }
  const train: LabelledText[] = [];
  const validation: LabelledText[] = [];
  for (const list of byLabel.values()) {
    const shuffled = [...list];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const k = shuffled.length >= 3 ? Math.max(1, Math.round(shuffled.length * share)) : 0;
    validation.push(...shuffled.slice(0, k));
    train.push(...shuffled.slice(k));
  }
  return { train, validation };
}

function predictionOf(c: IntentClassifier, margins: ArrayLike<number>, threshold: number): FaqPrediction {
  const p = c.probabilities(margins);
  const all = topK(p, c.labels, Math.min(4, c.labels.length));
  const outOfScopeWins = all[0]?.label === OUT_OF_SCOPE;
  const ranked = all.filter((r) => r.label !== OUT_OF_SCOPE).slice(0, 3);
  const confidence = outOfScopeWins ? 0 : (ranked[0]?.probability ?? 0);
  return { intent: outOfScopeWins || confidence < threshold ? null : ranked[0]!.label, confidence, ranked };
}
