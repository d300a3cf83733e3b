import { rankDescending } from './ranking';

export interface ConfusionMatrix {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Confusion matrix at the score threshold that maximises F1 (predict positive when p >= threshold). */
export function confusionAtBestF1(y: ArrayLike<number>, p: ArrayLike<number>): ConfusionMatrix {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] ? 1 : 0;
  const neg = y.length - pos;
  const idx = rankDescending(p);
  let best: ConfusionMatrix = { threshold: Infinity, tp: 0, fp: 0, tn: neg, fn: pos, precision: 0, recall: 0, f1: 0 };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && p[idx[j + 1]!] === p[idx[i]!]) j++;
    for (let k = i; k <= j; k++)
      if (y[idx[k]!]) tp++;
      else fp++;
    const precision = tp / (tp + fp);
    const recall = pos > 0 ? tp / pos : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { threshold: p[idx[i]!]!, tp, fp, tn: neg - fp, fn: pos - tp, precision, recall, f1 };
    i = j + 1;
  }
  return best;
}
