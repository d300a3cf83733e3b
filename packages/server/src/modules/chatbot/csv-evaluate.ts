import Papa from 'papaparse';
import {
  evaluateIntents,
  loadUseLite,
  type Embedder,
  type IntentEvaluation,
  type LabelledText,
} from '@pipewise/ml/text/index';
import { AppError } from '../../platform/errors';

export interface ChatbotCsvOptions {
  text: string;
  label: string;
  /** Label of the rows the bot must hand to a person (out-of-scope recall is measured on them). */
  oosLabel?: string;
  /** false: TF-IDF alone, without loading the sentence-embedding model. */
  embeddings?: boolean;
}

export interface ChatbotCsvEvaluation extends IntentEvaluation {
  /** Why the engine ran on TF-IDF alone, when it did. */
  embeddingNote: string | null;
  modelLoadSeconds: number | null;
  skippedRows: { train: number; test: number };
}

/** Labelled texts of one CSV (delimiter detected, BOM and header spaces ignored); rows missing a cell are counted. */
export function readLabelledCsv(
  text: string,
  opts: Pick<ChatbotCsvOptions, 'text' | 'label'>,
  which: 'train' | 'test',
) {
  const parsed = Papa.parse<Record<string, string | undefined>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
  });
  const columns = parsed.meta.fields ?? [];
  for (const [option, column] of [
    ['text', opts.text],
    ['label', opts.label],
  ] as const) {
    if (!columns.includes(column)) {
      const known = columns.slice(0, 30).join(', ');
      throw new AppError('validation', `No column "${column}" in the ${which} file (columns: ${known})`, {
        field: option,
        file: which,
      });
    }
  }
  const rows: LabelledText[] = [];
  let skipped = 0;
  for (const r of parsed.data) {
    const t = (r[opts.text] ?? '').trim();
    const l = (r[opts.label] ?? '').trim();
    if (t === '' || l === '') skipped++;
    else rows.push({ text: t, label: l });
  }
  if (rows.length === 0) {
    throw new AppError('validation', `The ${which} file has no rows with both a text and a label`, { field: which });
  }
  return { rows, skipped };
}

/**
 * `pipewise chatbot evaluate`: trains the chatbot's intent engine on one labelled CSV and measures it on another,
 * outside any workspace. The engine holds out a fifth of the training rows to calibrate and tune the hand-off
 * threshold, then retrains on all of them.
 */
export async function evaluateChatbotCsv(
  trainCsv: string,
  testCsv: string,
  opts: ChatbotCsvOptions,
): Promise<ChatbotCsvEvaluation> {
  const train = readLabelledCsv(trainCsv, opts, 'train');
  const test = readLabelledCsv(testCsv, opts, 'test');
  const intents = new Set(train.rows.map((r) => r.label).filter((l) => l !== opts.oosLabel));
  if (intents.size < 2) {
    const found = `${intents.size} intent${intents.size === 1 ? '' : 's'}`;
    throw new AppError('validation', `The training file has ${found} in "${opts.label}": at least two are needed`, {
      field: 'label',
    });
  }
  if (opts.oosLabel !== undefined && ![...train.rows, ...test.rows].some((r) => r.label === opts.oosLabel)) {
    throw new AppError('validation', `No row is labelled "${opts.oosLabel}" in either file`, { field: 'oos-label' });
  }
  let embedder: Embedder | null = null;
  let embeddingNote: string | null = null;
  let modelLoadSeconds: number | null = null;
  if (opts.embeddings !== false) {
    const loaded = await loadUseLite();
    if (loaded.embedder) ({ embedder, seconds: modelLoadSeconds } = loaded);
    else embeddingNote = `sentence embeddings unavailable (${loaded.error}): TF-IDF alone`;
  } else embeddingNote = 'TF-IDF alone (--no-embeddings)';
  const result = await evaluateIntents(train.rows, test.rows, { outOfScopeLabel: opts.oosLabel, engine: { embedder } });
  return { ...result, embeddingNote, modelLoadSeconds, skippedRows: { train: train.skipped, test: test.skipped } };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

/** The evaluation as a person reads it in a terminal. */
export function formatChatbotEvaluation(r: ChatbotCsvEvaluation, trainFile: string, testFile: string): string {
  const e = r.engine;
  return [
    `${trainFile}: ${r.trainRows} rows, ${r.intents} intents; tested on ${testFile}: ${r.testRows} rows`,
    `Engine: ${e.embedder ? `TF-IDF + ${e.embedder}` : 'TF-IDF alone'}` +
      `${r.embeddingNote ? ` (${r.embeddingNote})` : ''}; trained in ${e.trainSeconds.toFixed(1)} s`,
    `Accuracy ${pct(r.accuracy)}   macro-F1 ${r.macroF1.toFixed(4)}`,
    `At the hand-off threshold ${e.threshold.threshold.toFixed(3)} (${e.threshold.rule}): ` +
      `answered right ${pct(r.answeredAccuracy)}, handed off ${pct(r.handoffRate)} of in-scope questions` +
      (r.outOfScopeRecall === null ? '' : `, out-of-scope recall ${pct(r.outOfScopeRecall)}`),
    `Latency per question (${r.latency.questions} one at a time): ` +
      `p50 ${r.latency.p50Ms.toFixed(1)} ms, p99 ${r.latency.p99Ms.toFixed(1)} ms`,
    ...(r.skippedRows.train + r.skippedRows.test > 0
      ? [`Skipped rows without text or label: ${r.skippedRows.train} train, ${r.skippedRows.test} test`]
      : []),
  ].join('\n');
}
