import type { Embedder } from './embeddings';
import { FaqEngine, type FaqEngineOptions, type FaqEngineReport, type FaqIntent } from './faq-engine';
import type { LabelledText } from './intent-classifier';

export interface IntentEvaluation {
  trainRows: number;
  testRows: number;
  intents: number;
  /** In-scope test questions whose best intent is right (routing accuracy, no hand-off). */
  accuracy: number;
  /** Macro-averaged F1 over the in-scope intents of the best-intent predictions. */
  macroF1: number;
  /** In-scope test questions answered with the right intent at the tuned threshold (a hand-off counts as wrong). */
  answeredAccuracy: number;
  /** Share of in-scope test questions handed to a person at the threshold. */
  handoffRate: number;
  /** Out-of-scope test questions handed to a person; null without an out-of-scope label. */
  outOfScopeRecall: number | null;
  /** Per-question classification time, one question at a time, embedding included. */
  latency: { questions: number; p50Ms: number; p99Ms: number; meanMs: number };
  engine: FaqEngineReport;
}

export interface EvaluateIntentsOptions {
  /** Label that marks out-of-scope rows (in training: examples to hand off; in test: recall is measured). */
  outOfScopeLabel?: string;
  /** Rows to calibrate and tune the threshold on; else the engine holds out part of the training rows. */
  validation?: LabelledText[];
  engine?: Partial<FaqEngineOptions>;
  /** Embedder for the latency measurement (a benchmark's cached embedder would make it look free). */
  latencyEmbedder?: Embedder | null;
  /** Test questions timed one by one (the first n in test order). */
  latencyQuestions?: number;
}

/** Trains the FAQ engine on labelled rows and measures it on other labelled rows: the CLI's and the bench's core. */
export async function evaluateIntents(
  train: readonly LabelledText[],
  test: readonly LabelledText[],
  options: EvaluateIntentsOptions = {},
): Promise<IntentEvaluation> {
  return (await trainAndEvaluateIntents(train, test, options)).evaluation;
}

/** evaluateIntents, also handing back the trained engine (a benchmark times it afterwards). */
export async function trainAndEvaluateIntents(
  train: readonly LabelledText[],
  test: readonly LabelledText[],
  options: EvaluateIntentsOptions = {},
): Promise<{ evaluation: IntentEvaluation; engine: FaqEngine }> {
  const oos = options.outOfScopeLabel;
  const byIntent = new Map<string, string[]>();
  for (const r of train) {
    if (r.label === oos) continue;
    let l = byIntent.get(r.label);
    if (!l) byIntent.set(r.label, (l = []));
    l.push(r.text);
  }
  const intents: FaqIntent[] = [...byIntent].map(([id, examples]) => ({ id, examples }));
  const engine = await FaqEngine.train(
    {
      intents,
      outOfScope: train.filter((r) => r.label === oos).map((r) => r.text),
      validation: options.validation?.map((v) => ({ text: v.text, intent: v.label === oos ? null : v.label })),
    },
    options.engine,
  );

  const predictions = await engine.classify(test.map((r) => r.text));
  const inScope: number[] = [];
  const outOfScope: number[] = [];
  test.forEach((r, i) => (r.label === oos ? outOfScope : inScope).push(i));
  const best = (i: number) => predictions[i]!.ranked[0]?.label ?? null;
  const correct = inScope.filter((i) => best(i) === test[i]!.label).length;
  const answeredRight = inScope.filter((i) => predictions[i]!.intent === test[i]!.label).length;
  const handedOff = inScope.filter((i) => predictions[i]!.intent === null).length;

  const n = Math.min(options.latencyQuestions ?? 200, test.length);
  const timed = options.latencyEmbedder === undefined ? engine : engine.withEmbedder(options.latencyEmbedder);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await timed.classify([test[i]!.text]);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]! : 0);
  const evaluation: IntentEvaluation = {
    trainRows: train.length,
    testRows: test.length,
    intents: intents.length,
    accuracy: inScope.length ? correct / inScope.length : 0,
    macroF1: macroF1(
      inScope.map((i) => test[i]!.label),
      inScope.map(best),
    ),
    answeredAccuracy: inScope.length ? answeredRight / inScope.length : 0,
    handoffRate: inScope.length ? handedOff / inScope.length : 0,
    outOfScopeRecall:
      oos === undefined || outOfScope.length === 0
        ? null
        : outOfScope.filter((i) => predictions[i]!.intent === null).length / outOfScope.length,
    latency: {
      questions: n,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      meanMs: times.length ? times.reduce((a, b) => a + b, 0) / times.length : 0,
    },
    engine: engine.report,
  };
  return { evaluation, engine };
}

/** Unweighted mean of per-class F1 over the classes that occur in the truth (null predictions are misses). */
export function macroF1(truth: readonly string[], predicted: readonly (string | null)[]): number {
  const tp = new Map<string, number>(),
    fp = new Map<string, number>(),
    fn = new Map<string, number>();
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  truth.forEach((t, i) => {
    const p = predicted[i] ?? null;
    if (p === t) add(tp, t);
    else {
      add(fn, t);
      if (p !== null) add(fp, p);
    }
  });
  const classes = [...new Set(truth)];
  if (classes.length === 0) return 0;
  let sum = 0;
  for (const c of classes) {
    const t = tp.get(c) ?? 0;
    const denom = 2 * t + (fp.get(c) ?? 0) + (fn.get(c) ?? 0);
    sum += denom > 0 ? (2 * t) / denom : 0;
  }
  return sum / classes.length;
}
