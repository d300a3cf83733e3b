// FAQ / intent answering: the chatbot engine (packages/ml/src/text) on banking77 (full and 10 per intent), CLINC150
// with out-of-scope questions (threshold tuned on the validation split), StackFAQ (top-1 FAQ entry) and Bitext
// (seeded 80/20), then the peer script ../shared/peers/faq.py (scikit-learn TF-IDF + LinearSVC / LogisticRegression)
// in the same run. One JSON line per dataset and model.
// Sentence embeddings of the datasets are cached in the temp folder (bench/embedding-cache.ts); training and test
// accuracy use the cache, latency never does: it embeds each question with the model, one at a time.
// Flags: --only banking77,clinc150,... --no-peer --no-cache --no-tfidf (skip the TF-IDF-only rows),
// --oos-recall R (CLINC150 with the lowest threshold catching R of the validation out-of-scope questions instead of
// the balanced threshold).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchArgs, emit } from './args';
import { cachedEmbedder } from './embedding-cache';
import { banking77, bitext, clinc150, CLINC_OOS, perLabel, stackFaq } from './faq-data';
import { loadUseLite } from '../packages/ml/src/text/embeddings';
import { evaluateIntents, trainAndEvaluateIntents } from '../packages/ml/src/text/evaluate';
import { FaqEngine } from '../packages/ml/src/text/faq-engine';
import { Bm25Index } from '../packages/ml/src/text/bm25';
import type { LabelledText } from '../packages/ml/src/text/intent-classifier';

const { dataDir, flags } = benchArgs();
const only = typeof flags.get('only') === 'string' ? new Set(String(flags.get('only')).split(',')) : null;
const wanted = (name: string) => !only || only.has(name);
const round = (x: number | null, d = 4) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

const rss0 = process.memoryUsage().rss;
const loaded = await loadUseLite();
if (!loaded.embedder) {
  console.error(`embedding model failed to load: ${loaded.error}`);
  process.exit(1);
}
const model = loaded.embedder;
emit({
  bench: 'faq',
  data: 'model-load',
  model: 'pipewise',
  embedder: model.name,
  load_s: round(loaded.seconds, 2),
  rss_mb_added: Math.round((process.memoryUsage().rss - rss0) / 1e6),
});

/** Per-question latency, one question at a time with the uncached model: wall and this process's CPU time. */
async function latency(engine: FaqEngine, questions: readonly string[]) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of questions) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await engine.classify([q]);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const p = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
  return {
    p50_ms: round(p(wall, 0.5), 1),
    p99_ms: round(p(wall, 0.99), 1),
    cpu_p50_ms: round(p(cpu, 0.5), 1),
    cpu_p99_ms: round(p(cpu, 0.99), 1),
  };
}

interface Run {
  data: string;
  train: LabelledText[];
  test: LabelledText[];
  validation?: LabelledText[];
  oos?: string;
  minOosRecall?: number;
  cacheName: string;
  note?: string;
}

async function run(r: Run, embedded: boolean) {
  const cache = embedded ? cachedEmbedder(model, r.cacheName, !flags.has('no-cache')) : null;
  const t0 = performance.now();
  const { evaluation: result, engine } = await trainAndEvaluateIntents(r.train, r.test, {
    outOfScopeLabel: r.oos,
    validation: r.validation,
    engine: { embedder: cache?.embedder ?? null, minOutOfScopeRecall: r.minOosRecall },
    latencyQuestions: 0,
  });
  const seconds = (performance.now() - t0) / 1000;
  cache?.save();
  const lat = await latency(
    embedded ? engine.withEmbedder(model) : engine,
    r.test.slice(0, 200).map((x) => x.text),
  );
  const e = result.engine;
  emit({
    bench: 'faq',
    data: r.data,
    model: embedded ? 'pipewise' : 'pipewise-tfidf-only',
    accuracy: round(result.accuracy),
    macro_f1: round(result.macroF1),
    ...(r.oos
      ? { in_scope_accuracy: round(result.answeredAccuracy), oos_recall: round(result.outOfScopeRecall) }
      : { answered_right: round(result.answeredAccuracy), handoff_rate: round(result.handoffRate) }),
    threshold: round(e.threshold.threshold, 3),
    threshold_rule: e.threshold.rule,
    temperature: round(e.temperature, 3),
    validation: `${e.validation.source}:${e.validation.questions}`,
    ...lat,
    train_s: round(e.trainSeconds, 1),
    evaluate_s: round(seconds, 1),
    embed_s: cache ? round(cache.stats.embedSeconds, 1) : 0,
    embedded_now: cache?.stats.embedded ?? 0,
    n_train: r.train.length,
    n_test: r.test.length,
    ...(r.note ? { note: r.note } : {}),
  });
}

const variants = flags.has('no-tfidf') ? [true] : [true, false];
if (wanted('banking77')) {
  const b = banking77(dataDir);
  for (const v of variants) await run({ data: 'banking77', cacheName: 'banking77', ...b }, v);
  const note = '10 training examples per intent, seed 1';
  const train = perLabel(b.train, 10, 1);
  await run({ data: 'banking77-10shot', cacheName: 'banking77', train, test: b.test, note }, true);
}
if (wanted('clinc150')) {
  const c = clinc150(dataDir);
  for (const v of variants) {
    const note = 'accuracy = in-scope top-1; in_scope_accuracy counts hand-offs as wrong; threshold on val + oos_val';
    const split = { train: c.train, test: c.test, validation: c.val, oos: CLINC_OOS };
    const recallFlag = flags.get('oos-recall');
    if (!v || typeof recallFlag !== 'string') await run({ data: 'clinc150', cacheName: 'clinc150', ...split, note }, v);
    else {
      // The threshold that catches this share of the validation split's out-of-scope questions.
      const minOosRecall = Number(recallFlag);
      const data = `clinc150-oos-recall-${minOosRecall}`;
      await run({ data, cacheName: 'clinc150', ...split, minOosRecall, note }, v);
    }
  }
}
if (wanted('bitext')) {
  const b = bitext(dataDir);
  const note = 'deduplicated, stratified 80/20 by intent, seed 1';
  await run({ data: 'bitext', cacheName: 'bitext', ...b, note }, true);
}
if (wanted('stackfaq')) {
  const s = stackFaq(dataDir);
  // Unsupervised: each query against the 125 entries (question + all answers), BM25; and embedding cosine to the
  // entry's question. All 1,249 queries are test queries.
  const t0 = performance.now();
  const index = new Bm25Index(s.entries.map((e) => ({ id: e.id, text: [e.question, ...e.answers].join(' ') })));
  const bm25Top1 = s.queries.filter((q) => index.search(q.text, 1)[0]?.id === q.label).length / s.queries.length;
  emit({
    bench: 'faq',
    data: 'stackfaq-retrieval',
    model: 'pipewise-bm25',
    accuracy: round(bm25Top1),
    seconds: round((performance.now() - t0) / 1000, 2),
    n_test: s.queries.length,
  });
  const cache = cachedEmbedder(model, 'stackfaq', !flags.has('no-cache'));
  const qv = await cache.embedder.embed(s.queries.map((q) => q.text));
  const ev = await cache.embedder.embed(s.entries.map((e) => e.question));
  cache.save();
  let right = 0;
  qv.forEach((q, i) => {
    let best = -Infinity,
      arg = -1;
    ev.forEach((e, j) => {
      let d = 0;
      for (let k = 0; k < q.length; k++) d += q[k]! * e[k]!;
      if (d > best) {
        best = d;
        arg = j;
      }
    });
    if (s.entries[arg]!.id === s.queries[i]!.label) right++;
  });
  emit({
    bench: 'faq',
    data: 'stackfaq-retrieval',
    model: 'pipewise-embedding-cosine',
    accuracy: round(right / s.queries.length),
    n_test: s.queries.length,
  });
  // Supervised: 5-fold cross-validation over the queries (query_id % 5), each entry's own question always trained.
  let correct = 0;
  const tf0 = performance.now();
  for (let fold = 0; fold < 5; fold++) {
    const train = [
      ...s.entries.map((e) => ({ text: e.question, label: e.id })),
      ...s.queries.filter((_, i) => i % 5 !== fold),
    ];
    const test = s.queries.filter((_, i) => i % 5 === fold);
    const r = await evaluateIntents(train, test, { engine: { embedder: cache.embedder }, latencyQuestions: 0 });
    correct += r.accuracy * test.length;
  }
  emit({
    bench: 'faq',
    data: 'stackfaq-5fold',
    model: 'pipewise',
    accuracy: round(correct / s.queries.length),
    seconds: round((performance.now() - tf0) / 1000, 1),
    n_test: s.queries.length,
  });
}

const python = '/usr/bin/python3';
const peer = path.resolve(dataDir, '..', 'peers', 'faq.py');
if (!flags.has('no-peer') && existsSync(python) && existsSync(peer)) {
  const probe = spawnSync(python, ['-c', 'import sklearn, pandas'], { encoding: 'utf8' });
  if (probe.status === 0) {
    const res = spawnSync(python, [peer, dataDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    for (const line of res.stdout.split('\n').filter(Boolean)) {
      const o = JSON.parse(line) as Record<string, unknown>;
      emit({ bench: 'faq', ...o, peer: true });
    }
    if (res.status !== 0) console.error(`peer failed: ${res.stderr}`);
  } else console.error('peer skipped: /usr/bin/python3 lacks scikit-learn or pandas');
}
