import {
  chooseK,
  log1pStandardize,
  matrixFromRows,
  profileClusters,
  standardize,
  type ClusterProfile,
  type KSweepPoint,
} from '@pipewise/ml/clustering/index';

/** A customer as clustering sees it: RFM plus whatever extra features the user picked. */
export type ClusterInput = {
  recencyDays: number;
  frequency: number;
  monetary: number;
  extras: Record<string, number | string | null>;
};

export type ClusterFeatureChoice = { numeric: string[]; categorical: string[] };

export type ClusterProfileOut = ClusterProfile & {
  name: string;
  categorical: { feature: string; value: string; share: number }[];
};

export type ClusterOutcome = {
  sweep: KSweepPoint[];
  bestK: number | null;
  labels: number[];
  profiles: ClusterProfileOut[];
  features: string[];
  warnings: string[];
};

const MAX_CATEGORIES = 8;

const rfmWords = [
  { name: 'recency', low: 'recent', high: 'lapsed', format: (v: number) => `last order ${Math.round(v)} days ago` },
  {
    name: 'frequency',
    low: 'rare',
    high: 'frequent',
    format: (v: number) => (Math.round(v) === 1 ? '1 order' : `${Math.round(v)} orders`),
  },
  {
    name: 'spend',
    low: 'low spend',
    high: 'high spend',
    format: (v: number) => `spend ${Math.round(v).toLocaleString('en')}`,
  },
];

/**
 * k-means on log1p-standardised RFM plus picked features: numeric ones standardised (missing → median), categorical
 * ones one-hot over their most common values, scaled by 1/√2 so a category weighs like one numeric column.
 * Profiles name each cluster in words, adding "mostly GB" when one category value covers most of the cluster.
 */
export function clusterCustomers(
  rows: readonly ClusterInput[],
  choice: ClusterFeatureChoice,
  kRange: [number, number],
  seed = 0,
): ClusterOutcome {
  const warnings: string[] = [];
  const features = ['recency', 'frequency', 'spend', ...choice.numeric, ...choice.categorical];
  const none: ClusterOutcome = { sweep: [], bestK: null, labels: rows.map(() => -1), profiles: [], features, warnings };
  let [kMin, kMax] = kRange;
  kMin = Math.max(2, kMin);
  const rfm = log1pStandardize(matrixFromRows(rows.map((r) => [r.recencyDays, r.frequency, r.monetary])));
  const numericRaw = choice.numeric.map((f) => fillMissing(rows.map((r) => toNumber(r.extras[f]))));
  const numeric = numericRaw.length
    ? standardize(matrixFromRows(rows.map((_, i) => numericRaw.map((col) => col[i]!))))
    : undefined;
  const oneHot: number[][] = rows.map(() => []);
  const categories = choice.categorical.map((f) => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(label(r.extras[f]), (counts.get(label(r.extras[f])) ?? 0) + 1);
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_CATEGORIES)
      .map(([v]) => v);
    rows.forEach((r, i) => top.forEach((v) => oneHot[i]!.push(label(r.extras[f]) === v ? Math.SQRT1_2 : 0)));
    return { feature: f, values: rows.map((r) => label(r.extras[f])) };
  });
  const d = 3 + (numeric?.cols ?? 0) + (oneHot[0]?.length ?? 0);
  const data = new Float64Array(rows.length * d);
  rows.forEach((_, i) => {
    const row = [
      ...rfm.data.subarray(i * 3, i * 3 + 3),
      ...(numeric ? numeric.data.subarray(i * numeric.cols, (i + 1) * numeric.cols) : []),
      ...oneHot[i]!,
    ];
    data.set(row, i * d);
  });
  const X = { data, rows: rows.length, cols: d };
  const distinct = new Set(rows.map((_, i) => Array.from(data.subarray(i * d, (i + 1) * d)).join(','))).size;
  const cap = Math.min(distinct, rows.length - 1);
  if (cap < 2) {
    warnings.push(
      `Clustering skipped: ${rows.length} customer(s) with ${distinct} distinct profile(s); k-means needs at least 3 customers and 2 distinct profiles.`,
    );
    return none;
  }
  if (kMax > cap) {
    warnings.push(
      `k capped at ${cap}: only ${rows.length} customers (${distinct} distinct profiles), asked for up to ${kMax}.`,
    );
    kMax = cap;
  }
  kMin = Math.min(kMin, kMax);
  const sample = rows.length > 5000 ? 5000 : undefined;
  if (sample) warnings.push(`Silhouette estimated on a seeded sample of ${sample} of ${rows.length} customers.`);
  const result = chooseK(X, { kMin, kMax, seed, restarts: 10, silhouetteSampleSize: sample });
  const labels = Array.from(result.best.labels);
  const raw = matrixFromRows(
    rows.map((r, i) => [r.recencyDays, r.frequency, r.monetary, ...numericRaw.map((col) => col[i]!)]),
  );
  const words = [...rfmWords, ...choice.numeric.map((f) => ({ name: f, low: `low ${f}`, high: `high ${f}` }))];
  const profiles = profileClusters(raw, labels, result.bestK, words).map((p): ClusterProfileOut => {
    const members = labels.flatMap((l, i) => (l === p.cluster ? [i] : []));
    const categorical = categories.map(({ feature, values }) => {
      const counts = new Map<string, number>();
      for (const i of members) counts.set(values[i]!, (counts.get(values[i]!) ?? 0) + 1);
      const [value, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['—', 0];
      return { feature, value, share: members.length ? n / members.length : 0 };
    });
    const mostly = categorical.filter((c) => c.share >= 0.5 && c.value !== '(none)').map((c) => `mostly ${c.value}`);
    const labelText = [p.label, ...mostly].join(' · ');
    const catText = categorical.map((c) => `${c.feature} mostly ${c.value} (${Math.round(c.share * 100)}%)`);
    return {
      ...p,
      label: labelText,
      description: [p.description, ...catText].join(', '),
      name: labelText,
      categorical,
    };
  });
  return { sweep: result.sweep, bestK: result.bestK, labels, profiles, features, warnings };
}

const label = (v: number | string | null | undefined) =>
  v === null || v === undefined || v === '' ? '(none)' : String(v);
const toNumber = (v: number | string | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null;

function fillMissing(col: (number | null)[]): number[] {
  const known = col.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const median = known.length ? known[known.length >> 1]! : 0;
  return col.map((v) => v ?? median);
}
