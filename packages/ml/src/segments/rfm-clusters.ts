import {
  chooseK,
  log1pStandardize,
  matrixFromRows,
  profileClusters,
  type ClusterProfile,
  type KSweepPoint,
} from '../clustering';
import type { CustomerRfm } from './rfm';

export interface RfmClustering {
  sweep: KSweepPoint[];
  bestK: number | null;
  /** Cluster of each customer, in input order; -1 when clustering was not possible. */
  labels: number[];
  profiles: ClusterProfile[];
  warnings: string[];
}

export interface RfmClusterOptions {
  kRange?: [number, number];
  seed?: number;
  restarts?: number;
  /** Customers above this are scored by silhouette on a seeded sample (O(n²) otherwise). Default 5,000. */
  silhouetteSampleSize?: number;
}

const RFM_WORDS = [
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

/** k-means on log1p + standardised R, F, M (log1p tames spend's long tail), k chosen by silhouette. */
export function clusterRfm(customers: readonly CustomerRfm[], options: RfmClusterOptions = {}): RfmClustering {
  const { kRange = [2, 8], seed = 0, restarts = 10, silhouetteSampleSize = 5000 } = options;
  const warnings: string[] = [];
  const none: RfmClustering = { sweep: [], bestK: null, labels: customers.map(() => -1), profiles: [], warnings };
  let [kMin, kMax] = kRange;
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin > kMax) {
    warnings.push(`k range ${kMin}..${kMax} is not valid; using 2..8`);
    [kMin, kMax] = [2, 8];
  }
  if (kMin < 2) {
    warnings.push(`k must be at least 2 for silhouette; using k from 2`);
    kMin = 2;
  }
  const raw = matrixFromRows(customers.map((c) => [c.recencyDays, c.frequency, c.monetary]));
  const distinct = new Set(customers.map((c) => `${c.recencyDays},${c.frequency},${c.monetary}`)).size;
  const cap = Math.min(distinct, customers.length - 1);
  if (cap < 2) {
    warnings.push(
      `clustering skipped: ${customers.length} customer(s) with ${distinct} distinct RFM profile(s); need at least 3 customers and 2 distinct profiles`,
    );
    return none;
  }
  if (kMax > cap) {
    warnings.push(
      `k capped at ${cap}: only ${customers.length} customers (${distinct} distinct RFM profiles), asked for up to ${kMax}`,
    );
    kMax = cap;
    kMin = Math.min(kMin, kMax);
  }
  const X = log1pStandardize(raw);
  const sample = customers.length > silhouetteSampleSize ? silhouetteSampleSize : undefined;
  if (sample) warnings.push(`silhouette estimated on a seeded sample of ${sample} of ${customers.length} customers`);
  const result = chooseK(X, { kMin, kMax, seed, restarts, silhouetteSampleSize: sample });
  const labels = Array.from(result.best.labels);
  return {
    sweep: result.sweep,
    bestK: result.bestK,
    labels,
    profiles: profileClusters(raw, result.best.labels, result.bestK, RFM_WORDS),
    warnings,
  };
}
