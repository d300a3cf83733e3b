// npm run bench -- forecast-m3 --data ../shared/data [--no-peer] [--method auto] [--subset monthly] [--limit N] [--workers 2]
// Forecasts all 3,003 M3 series with the official horizons; prints one JSON line per subset and one for all,
// then (when Rscript with the forecast package is installed) the R peer's ets and thetaf lines from the same run.
// Series are spread over worker threads (one per core by default); "seconds" is wall-clock time.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { benchArgs, emit } from './args';
import { forecast, mase, smape, type ForecastMethod } from '../packages/ml/src/forecasting/index';

const SUBSETS = ['yearly', 'quarterly', 'monthly', 'other'] as const;

interface Series {
  id: string;
  subset: string;
  period: number;
  horizon: number;
  train: number[];
  test: number[];
}

function readLong(file: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const [id, , v] = line.split(',');
    let arr = out.get(id!);
    if (!arr) out.set(id!, (arr = []));
    arr.push(Number(v));
  }
  return out;
}

function loadM3(dir: string): Series[] {
  const info = readFileSync(path.join(dir, 'm3_info.csv'), 'utf8').trim().split('\n');
  const head = info[0]!.split(',');
  const col = (name: string) => head.indexOf(name);
  const train = readLong(path.join(dir, 'm3_train.csv'));
  const test = readLong(path.join(dir, 'm3_test.csv'));
  return info.slice(1).map((line) => {
    const f = line.split(',');
    const id = f[col('series_id')]!;
    return {
      id,
      subset: f[col('subset')]!,
      period: Number(f[col('frequency')]),
      horizon: Number(f[col('horizon')]),
      train: train.get(id) ?? [],
      test: test.get(id) ?? [],
    };
  });
}

interface Task {
  series: Series[];
  method: ForecastMethod;
}
interface Scores {
  smape: number[];
  mase: number[];
  in80: number;
  in95: number;
  points: number;
}

function score(task: Task): Scores {
  const out: Scores = { smape: [], mase: [], in80: 0, in95: 0, points: 0 };
  for (const ser of task.series) {
    const r = forecast(ser.train, { period: ser.period, horizon: ser.horizon, method: task.method });
    out.smape.push(smape(ser.test, r.mean));
    out.mase.push(mase(ser.train, ser.test, r.mean, ser.period));
    ser.test.forEach((y, i) => {
      if (y >= r.lower['80'][i]! && y <= r.upper['80'][i]!) out.in80++;
      if (y >= r.lower['95'][i]! && y <= r.upper['95'][i]!) out.in95++;
      out.points++;
    });
  }
  return out;
}

if (!isMainThread) {
  parentPort!.on('message', (task: Task) => parentPort!.postMessage(score(task)));
} else {
  await main();
}

/** CPU time of the whole process (all threads) since `from`: a load-independent cost figure next to wall time. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

/** A worker running this file; it registers tsx itself because Node 20 workers do not inherit the loader hooks. */
function startWorker(fileUrl: string): Worker {
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(fileUrl)}); })`;
  return new Worker(boot, { eval: true });
}

/** Scores series on `workers` threads (interleaved so long and short series are shared out evenly). */
async function scoreParallel(pool: Worker[], series: Series[], method: ForecastMethod): Promise<Scores> {
  if (pool.length === 0) return score({ series, method });
  const parts = await Promise.all(
    pool.map(
      (w, k) =>
        new Promise<Scores>((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
          w.postMessage({ series: series.filter((_, i) => i % pool.length === k), method } satisfies Task);
        }),
    ),
  );
  const count = (k: 'in80' | 'in95' | 'points') => parts.reduce((a, p) => a + p[k], 0);
  return {
    smape: parts.flatMap((p) => p.smape),
    mase: parts.flatMap((p) => p.mase),
    in80: count('in80'),
    in95: count('in95'),
    points: count('points'),
  };
}

async function main(): Promise<void> {
  const { dataDir, flags } = benchArgs();
  const method = (typeof flags.get('method') === 'string' ? flags.get('method') : 'auto') as ForecastMethod;
  const only = flags.get('subset');
  const limit = Number(flags.get('limit') ?? Infinity);
  const nWorkers = Number(flags.get('workers') ?? Math.min(2, availableParallelism()));
  const all = loadM3(path.join(dataDir, 'm3-competition'));
  const pool = nWorkers > 1 ? Array.from({ length: nWorkers }, () => startWorker(import.meta.url)) : [];
  const totals = { n: 0, smape: 0, mase: 0, seconds: 0, in80: 0, in95: 0, points: 0 };
  const cpu0 = process.cpuUsage();
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  for (const subset of SUBSETS) {
    if (typeof only === 'string' && only !== subset) continue;
    const series = all.filter((s) => s.subset === subset).slice(0, limit);
    const t0 = performance.now();
    const r = await scoreParallel(pool, series, method);
    const seconds = (performance.now() - t0) / 1000;
    const s = sum(r.smape);
    const m = sum(r.mase);
    const cover = (k: number, of: number) => +(k / of).toFixed(3);
    emit({
      subset,
      method: 'pipewise',
      variant: method,
      n: series.length,
      smape: +(s / series.length).toFixed(3),
      mase: +(m / series.length).toFixed(3),
      seconds: +seconds.toFixed(2),
      coverage80: cover(r.in80, r.points),
      coverage95: cover(r.in95, r.points),
    });
    totals.in80 += r.in80;
    totals.in95 += r.in95;
    totals.points += r.points;
    totals.n += series.length;
    totals.smape += s;
    totals.mase += m;
    totals.seconds += seconds;
  }
  emit({
    subset: 'all',
    method: 'pipewise',
    variant: method,
    n: totals.n,
    smape: +(totals.smape / totals.n).toFixed(3),
    mase: +(totals.mase / totals.n).toFixed(3),
    seconds: +totals.seconds.toFixed(2),
    coverage80: +(totals.in80 / totals.points).toFixed(3),
    coverage95: +(totals.in95 / totals.points).toFixed(3),
    workers: Math.max(1, pool.length),
    cpuSeconds: +cpuSeconds(cpu0).toFixed(1),
  });
  await Promise.all(pool.map((w) => w.terminate()));
  if (!flags.has('no-peer')) runPeer(dataDir);
}

/** Runs /work/shared/peers/forecast.R (ets, thetaf) and re-emits its CSV lines as JSON, plus an "all" line per method. */
function runPeer(data: string): void {
  const script = path.resolve(data, '..', 'peers', 'forecast.R');
  const r = spawnSync('Rscript', [script, data, 'ets,thetaf'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.error || r.status !== 0) {
    emit({
      peer: 'r-forecast',
      skipped: r.error ? String(r.error.message) : `Rscript exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`,
    });
    return;
  }
  const agg = new Map<string, { n: number; smape: number; mase: number; seconds: number }>();
  for (const line of r.stdout.trim().split('\n').slice(1)) {
    const [meth, subset, n, sm, ms, sec] = line.split(',');
    const row = {
      subset,
      method: `r-${meth}`,
      n: Number(n),
      smape: Number(sm),
      mase: Number(ms),
      seconds: Number(sec),
    };
    emit(row);
    const a = agg.get(row.method) ?? { n: 0, smape: 0, mase: 0, seconds: 0 };
    a.n += row.n;
    a.smape += row.smape * row.n;
    a.mase += row.mase * row.n;
    a.seconds += row.seconds;
    agg.set(row.method, a);
  }
  for (const [meth, a] of agg)
    emit({
      subset: 'all',
      method: meth,
      n: a.n,
      smape: +(a.smape / a.n).toFixed(3),
      mase: +(a.mase / a.n).toFixed(3),
      seconds: +a.seconds.toFixed(1),
    });
}
