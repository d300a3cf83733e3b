// Loaders of the FAQ benchmark datasets in ../shared/data, as labelled texts (see each folder's README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { LabelledText } from '../packages/ml/src/text/intent-classifier';
import { createRng } from '../packages/ml/src/models/random';

type Row = Record<string, string>;
const csv = (file: string): Row[] =>
  Papa.parse<Row>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

export function banking77(dataDir: string): { train: LabelledText[]; test: LabelledText[] } {
  const load = (f: string) =>
    csv(path.join(dataDir, 'banking77', f)).map((r) => ({ text: r.text!, label: r.category! }));
  return { train: load('train.csv'), test: load('test.csv') };
}

/** The first n examples of each label in a seeded random order (the paper's few-shot setting samples them too). */
export function perLabel(rows: readonly LabelledText[], n: number, seed: number): LabelledText[] {
  const rng = createRng(seed);
  const shuffled = [...rows];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const count = new Map<string, number>();
  return shuffled.filter((r) => {
    const k = count.get(r.label) ?? 0;
    count.set(r.label, k + 1);
    return k < n;
  });
}

export const CLINC_OOS = 'oos';

/** CLINC150 "full": train/val/test with their out-of-scope parts (label "oos"). */
export function clinc150(dataDir: string): { train: LabelledText[]; val: LabelledText[]; test: LabelledText[] } {
  const file = path.join(dataDir, 'clinc150', 'data_full.json');
  const d = JSON.parse(readFileSync(file, 'utf8')) as Record<string, [string, string][]>;
  const rows = (k: string) => (d[k] ?? []).map(([text, label]) => ({ text, label }));
  return {
    train: [...rows('train'), ...rows('oos_train')],
    val: [...rows('val'), ...rows('oos_val')],
    test: [...rows('test'), ...rows('oos_test')],
  };
}

export interface StackFaq {
  entries: { id: string; question: string; answers: string[] }[];
  queries: LabelledText[];
}

export function stackFaq(dataDir: string): StackFaq {
  const entries = new Map<string, { id: string; question: string; answers: string[] }>();
  for (const r of csv(path.join(dataDir, 'stackfaq', 'stackfaq_entries.csv'))) {
    let e = entries.get(r.faq_id!);
    if (!e) entries.set(r.faq_id!, (e = { id: r.faq_id!, question: r.question!, answers: [] }));
    e.answers.push(r.answer!);
  }
  const queries = csv(path.join(dataDir, 'stackfaq', 'stackfaq_queries.csv')).map((r) => ({
    text: r.query!,
    label: r.faq_id!,
  }));
  return { entries: [...entries.values()], queries };
}

/** Bitext: deduplicated on the utterance, then a stratified 80/20 split by intent with a fixed seed (README). */
export function bitext(dataDir: string, seed = 1): { train: LabelledText[]; test: LabelledText[] } {
  const file = path.join(dataDir, 'bitext-customer-support-intents', 'bitext_customer_support_20k_utterances.csv');
  const seen = new Set<string>();
  const rows = csv(file)
    .map((r) => ({ text: r.utterance!, label: r.intent! }))
    .filter((r) => !seen.has(r.text) && seen.add(r.text));
  const byLabel = new Map<string, LabelledText[]>();
  for (const r of rows) {
    let l = byLabel.get(r.label);
    if (!l) byLabel.set(r.label, (l = []));
    l.push(r);
  }
  const rng = createRng(seed);
  const train: LabelledText[] = [];
  const test: LabelledText[] = [];
  for (const list of byLabel.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    const cut = Math.round(list.length * 0.8);
    train.push(...list.slice(0, cut));
    test.push(...list.slice(cut));
  }
  return { train, test };
}
