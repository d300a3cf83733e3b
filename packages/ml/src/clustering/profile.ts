import type { Matrix } from './matrix';

/** How to talk about one feature: words for its low and high ends, and how to print a value. */
export interface FeatureWords {
  name: string;
  low: string;
  high: string;
  format?: (value: number) => string;
}

export interface ClusterProfile {
  cluster: number;
  size: number;
  share: number;
  /** Median of each raw feature in this cluster (medians resist the heavy tails of spend data). */
  medians: number[];
  /** Per feature: where the cluster median sits among all points. */
  levels: ('low' | 'average' | 'high')[];
  /** Short name, e.g. "recent · frequent · high spend". */
  label: string;
  /** One sentence a shop owner can read; `format` prints a median with its unit, e.g. "12 days ago". */
  description: string;
}

/**
 * Describes each cluster in words: its median on each raw feature, called low/high when it falls in the
 * bottom/top third of all points. Raw (not standardised) features so the sentence shows real units.
 */
export function profileClusters(
  raw: Matrix,
  labels: ArrayLike<number>,
  k: number,
  words: readonly FeatureWords[],
): ClusterProfile[] {
  const { rows: n, cols: d, data } = raw;
  if (words.length !== d) throw new RangeError(`${words.length} feature descriptions for ${d} features`);
  const lowCut: number[] = [];
  const highCut: number[] = [];
  for (let j = 0; j < d; j++) {
    const col = column(data, d, j, (i) => i < n);
    lowCut.push(quantile(col, 1 / 3));
    highCut.push(quantile(col, 2 / 3));
  }
  const profiles: ClusterProfile[] = [];
  for (let c = 0; c < k; c++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === c) members.push(i);
    const memberSet = new Set(members);
    const medians = words.map((_, j) =>
      quantile(
        column(data, d, j, (i) => memberSet.has(i)),
        0.5,
      ),
    );
    const levels = medians.map((v, j) => level(v, lowCut[j]!, highCut[j]!));
    const parts = words.map((w, j) =>
      levels[j] === 'low' ? w.low : levels[j] === 'high' ? w.high : `average ${w.name}`,
    );
    const share = n ? members.length / n : 0;
    const detail = words
      .map(
        (w, j) => `${parts[j]} (median ${(w.format ?? ((v: number) => `${w.name} ${formatNumber(v)}`))(medians[j]!)})`,
      )
      .join(', ');
    profiles.push({
      cluster: c,
      size: members.length,
      share,
      medians,
      levels,
      label: parts.join(' · '),
      description: `${members.length} (${(share * 100).toFixed(1)}%): ${detail}`,
    });
  }
  return profiles;
}

/** On the cut counts as beyond it: with many ties at the minimum (one-order customers) the tertile is that minimum. */
function level(v: number, low: number, high: number): ClusterProfile['levels'][number] {
  if (low === high) return v < low ? 'low' : v > high ? 'high' : 'average';
  return v <= low ? 'low' : v >= high ? 'high' : 'average';
}

function column(data: Float64Array, d: number, j: number, keep: (i: number) => boolean): Float64Array {
  const out: number[] = [];
  for (let i = 0; i * d < data.length; i++) if (keep(i)) out.push(data[i * d + j]!);
  return Float64Array.from(out).sort();
}

/** Linear-interpolated quantile of sorted values (numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function formatNumber(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : String(Math.round(v * 10) / 10);
}
