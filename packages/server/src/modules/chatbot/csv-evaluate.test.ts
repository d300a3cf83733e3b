import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SHOP_INTENTS } from '@pipewise/ml/text/fixtures';
import { evaluateChatbotCsv, formatChatbotEvaluation, readLabelledCsv } from './csv-evaluate';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const rows = SHOP_INTENTS.flatMap((i) => i.examples.map((q) => ({ q, intent: i.id })));
const oos = [
  'what is the weather like',
  'tell me a joke',
  'who won the match',
  'sing me a song',
  'what is two plus two',
];
const toCsv = (list: { q: string; intent: string }[]) =>
  ['question;intent', ...list.map((r) => `${quote(r.q)};${r.intent}`)].join('\n');
const trainCsv =
  '\uFEFF' + toCsv([...rows.filter((_, k) => k % 4 !== 0), { q: 'what time is it in tokyo', intent: 'none' }]);
const testCsv = toCsv([...rows.filter((_, k) => k % 4 === 0), ...oos.map((q) => ({ q, intent: 'none' }))]);
const opts = { text: 'question', label: 'intent', embeddings: false } as const;

describe('chatbot evaluate on CSV files', () => {
  it('reads labelled rows (BOM, detected delimiter) and counts rows missing a cell', () => {
    const r = readLabelledCsv('text,label\nhello,greet\n,greet\nbye,\n', { text: 'text', label: 'label' }, 'train');
    expect(r.rows).toEqual([{ text: 'hello', label: 'greet' }]);
    expect(r.skipped).toBe(2);
  });

  it('trains on one file and reports accuracy, macro-F1, out-of-scope recall and latency on the other', async () => {
    const r = await evaluateChatbotCsv(trainCsv, testCsv, { ...opts, oosLabel: 'none' });
    expect(r.intents).toBe(5);
    expect(r.testRows).toBe(15);
    expect(r.accuracy).toBeGreaterThan(0.5);
    expect(r.outOfScopeRecall).not.toBeNull();
    expect(r.engine.embedder).toBeNull();
    expect(r.embeddingNote).toMatch(/--no-embeddings/);
    const text = formatChatbotEvaluation(r, 'train.csv', 'test.csv');
    expect(text).toMatch(/Accuracy \d+\.\d% {3}macro-F1 [01]\.\d{4}/);
    expect(text).toMatch(/out-of-scope recall/);
    expect(text).toMatch(/p99 \d+\.\d ms/);
  });

  it.each([
    [{ ...opts, text: 'utterance' }, /No column "utterance" in the train file/, 'text'],
    [{ ...opts, label: 'category' }, /No column "category"/, 'label'],
    [{ ...opts, oosLabel: 'nothing' }, /No row is labelled "nothing"/, 'oos-label'],
  ])('names the bad option (%#)', async (o, message, field) => {
    await expect(evaluateChatbotCsv(trainCsv, testCsv, o)).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(message),
      details: expect.objectContaining({ field }),
    });
  });

  it('needs two intents in the training file', async () => {
    await expect(
      evaluateChatbotCsv('q,i\na,x\nb,x\n', 'q,i\nc,x\n', { text: 'q', label: 'i', embeddings: false }),
    ).rejects.toMatchObject({ details: { field: 'label' } });
  });
});

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-chatbot-cli-'));

describe('pipewise chatbot evaluate', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints JSON for two CSV files outside any workspace, names a missing column', { timeout: 120_000 }, async () => {
    const train = path.join(dir, 'train.csv');
    const test = path.join(dir, 'test.csv');
    writeFileSync(train, trainCsv);
    writeFileSync(test, testCsv);
    const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    const args = ['chatbot', 'evaluate', '--train', train, '--test', test, '--text', 'question', '--label', 'intent'];
    const flags = ['--oos-label', 'none', '--no-embeddings', '--json'];
    const { stdout } = await run(process.execPath, [bin, ...args, ...flags], { env });
    const r = JSON.parse(stdout) as { accuracy: number; outOfScopeRecall: number; latency: { p99Ms: number } };
    expect(r.accuracy).toBeGreaterThan(0.5);
    expect(typeof r.outOfScopeRecall).toBe('number');
    expect(r.latency.p99Ms).toBeGreaterThan(0);
    await expect(
      run(process.execPath, [bin, ...args.slice(0, -1), 'label', '--no-embeddings'], { env }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/No column "label" in the train file/) });
  });
});
