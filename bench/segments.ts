// npm run bench -- segments --data ../shared/data [--no-peer] [--cutoff 2011-09-01]
// RFM + k-means sweep on UCI Online Retail exactly as ../shared/peers/segment.py computes it, the peer's lines from
// the same run, then a time-split evaluation of recommendations against a popularity baseline.
import Papa from 'papaparse';
import { gunzipSync } from 'node:zlib';
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchArgs, emit } from './args';
import { chooseK, log1pStandardize, matrixFromRows } from '../packages/ml/src/clustering';
import { computeRfm, type OrderLine } from '../packages/ml/src/segments';
import { evaluateTimeSplit, type Purchase } from '../packages/ml/src/recommend';

const { dataDir, flags } = benchArgs();
const file = path.join(dataDir, 'online-retail', 'online_retail.csv.gz');
const t0 = performance.now();
const rows = Papa.parse<string[]>(gunzipSync(readFileSync(file)).toString('utf8'), { skipEmptyLines: true }).data;
const header = rows[0] ?? [];
const col = (name: string): number => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`column ${name} missing from ${file}; have ${header.join(', ')}`);
  return i;
};
const [cInvoice, cStock, cQty, cDate, cPrice, cCustomer] = [
  'InvoiceNo',
  'StockCode',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
].map(col) as [number, number, number, number, number, number];

// "YYYY-MM-DD HH:MM:SS" read as UTC: only differences between dates matter, and UTC has no DST jumps.
const parseTime = (s: string): number =>
  Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10), +s.slice(11, 13), +s.slice(14, 16), +s.slice(17, 19));

// Postage, fees and manual adjustments are stock codes here but nothing anyone would recommend.
const NON_PRODUCTS = new Set(['POST', 'DOT', 'C2', 'D', 'M', 'S', 'B', 'CRUK', 'PADS', 'BANK CHARGES', 'AMAZONFEE']);

// Same filter as segment.py: known customer, Quantity > 0, UnitPrice > 0 (this also drops cancellations).
const lines: OrderLine[] = [];
const purchases: Purchase[] = [];
for (let i = 1; i < rows.length; i++) {
  const r = rows[i]!;
  const customer = r[cCustomer] ?? '';
  const qty = Number(r[cQty]);
  const price = Number(r[cPrice]);
  if (customer === '' || !(qty > 0) || !(price > 0)) continue;
  const time = parseTime(r[cDate] ?? '');
  lines.push({ customer, orderId: r[cInvoice] ?? '', time, amount: qty * price });
  const item = r[cStock] ?? '';
  if (!NON_PRODUCTS.has(item.toUpperCase())) purchases.push({ customer, item, time, basket: r[cInvoice] ?? '' });
}
const tLoaded = performance.now();
const { customers } = computeRfm(lines);
const raw = matrixFromRows(customers.map((c) => [c.recencyDays, c.frequency, c.monetary]));
const X = log1pStandardize(raw);
const tRfm = performance.now();
const result = chooseK(X, { kMin: 2, kMax: 8, restarts: 10, seed: 0 });
const tSweep = performance.now();
// Pipewise keeps, for each k, the restart with the best silhouette: the score these rows report, so they flatter it
// against the peer, which keeps the lowest-inertia restart (sklearn's n_init). The like-for-like rows pick by inertia.
for (const p of result.sweep) {
  emit({
    bench: 'rfm-kmeans',
    restart_pick: 'silhouette (product default; not like for like)',
    k: p.k,
    silhouette: round(p.silhouette, 4),
    inertia: round(p.inertia, 1),
  });
}
const byInertia = chooseK(X, { kMin: 2, kMax: 8, restarts: 10, seed: 0, pickRestartBy: 'inertia' });
for (const p of byInertia.sweep) {
  emit({
    bench: 'rfm-kmeans',
    restart_pick: 'inertia (like the peer)',
    k: p.k,
    silhouette: round(p.silhouette, 4),
    inertia: round(p.inertia, 1),
  });
}
emit({
  bench: 'rfm-kmeans-time',
  customers: customers.length,
  best_k: result.bestK,
  load_s: round((tLoaded - t0) / 1000, 2),
  rfm_s: round((tRfm - tLoaded) / 1000, 2),
  kmeans_sweep_s: round((tSweep - tRfm) / 1000, 2),
  total_from_loaded_orders_s: round((tSweep - tLoaded) / 1000, 2),
  total_with_load_s: round((tSweep - t0) / 1000, 2),
});

runPeer();

const cutoff = Date.parse(`${typeof flags.get('cutoff') === 'string' ? flags.get('cutoff') : '2011-09-01'}T00:00:00Z`);
const evaluation = evaluateTimeSplit(purchases, { cutoff, n: 10 });
for (const m of evaluation.models) {
  emit({
    bench: 'recommend',
    model: m.model,
    customers: m.customers,
    evaluated: m.evaluated,
    'hit_rate@10': round(m.hitRate, 4),
    'recall@10': round(m.recall, 4),
  });
}
emit({
  bench: 'recommend-split',
  cutoff: new Date(cutoff).toISOString().slice(0, 10),
  ...evaluation.split,
  seconds: round(evaluation.seconds, 2),
});

function runPeer(): void {
  if (flags.has('no-peer')) return;
  const script = path.resolve(dataDir, '..', 'peers', 'segment.py');
  const python = '/usr/bin/python3';
  if (!existsSync(python) || !existsSync(script))
    return void emit({ bench: 'rfm-kmeans-peer', skipped: `missing ${python} or ${script}` });
  if (spawnSync(python, ['-c', 'import sklearn, pandas'], { encoding: 'utf8' }).status !== 0) {
    return void emit({ bench: 'rfm-kmeans-peer', skipped: 'scikit-learn/pandas not installed for /usr/bin/python3' });
  }
  const started = performance.now();
  const run = spawnSync(python, [script, dataDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) return void emit({ bench: 'rfm-kmeans-peer', error: run.stderr.trim().split('\n').pop() });
  for (const line of run.stdout.trim().split('\n'))
    emit({ bench: 'rfm-kmeans-peer', peer: 'sklearn KMeans(n_init=10)', ...JSON.parse(line) });
  emit({ bench: 'rfm-kmeans-peer', peer: 'sklearn KMeans(n_init=10)', process_wall_s: round(wall, 2) });
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
