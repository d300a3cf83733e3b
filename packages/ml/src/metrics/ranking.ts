/** Ranking metrics: how well scores order positives above negatives. y holds 0/1 labels. */
type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

function positives(y: Labels): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] ? 1 : 0;
  return s;
}

/** Indices ordered by descending score; ties keep input order. */
export function rankDescending(p: Scores): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}

/** ROC AUC by the Mann-Whitney statistic with mid-ranks for ties; NaN when one class is absent. */
export function rocAuc(y: Labels, p: Scores): number {
  const n = y.length;
  const pos = positives(y);
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && p[idx[j + 1]!] === p[idx[i]!]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[idx[k]!]) rankSum += mid;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Area under the precision-recall curve as average precision (scikit-learn's definition; ties grouped). */
export function prAuc(y: Labels, p: Scores): number {
  const pos = positives(y);
  if (pos === 0) return NaN;
  const idx = rankDescending(p);
  let tp = 0;
  let seen = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && p[idx[j + 1]!] === p[idx[i]!]) j++;
    for (let k = i; k <= j; k++) tp += y[idx[k]!] ? 1 : 0;
    seen = j + 1;
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
    i = j + 1;
  }
  return ap;
}

/** Positive rate among the top `fraction` of rows by score, divided by the overall positive rate. */
export function liftAt(y: Labels, p: Scores, fraction = 0.1): number {
  const pos = positives(y);
  if (pos === 0 || y.length === 0) return NaN;
  const k = Math.max(1, Math.floor(y.length * fraction));
  const idx = rankDescending(p);
  let top = 0;
  for (let i = 0; i < k; i++) top += y[idx[i]!] ? 1 : 0;
  return top / k / (pos / y.length);
}

export interface GainsPoint {
  /** Fraction of rows contacted, best scores first. */
  fraction: number;
  /** Fraction of all positives found among them. */
  gain: number;
}

/** Cumulative gains curve at `points` evenly spaced fractions (plus the origin). */
export function cumulativeGains(y: Labels, p: Scores, points = 10): GainsPoint[] {
  const pos = positives(y);
  const idx = rankDescending(p);
  const out: GainsPoint[] = [{ fraction: 0, gain: 0 }];
  let found = 0;
  let next = 1;
  for (let i = 0; i < idx.length; i++) {
    found += y[idx[i]!] ? 1 : 0;
    while (next <= points && i + 1 >= Math.round((next * idx.length) / points)) {
      out.push({ fraction: next / points, gain: pos > 0 ? found / pos : 0 });
      next++;
    }
  }
  return out;
}
