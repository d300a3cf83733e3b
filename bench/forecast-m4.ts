// npm run bench -- forecast-m4 --data ../shared/data [--method auto] [--limit N] [--workers 2] [--weekly-period 1]
// M4 Hourly (h=48, m=24) and Weekly (h=13, m=1) with the official test horizons, sMAPE / MASE / OWA as the
// organisers define them, next to reference methods from the official results table in the same folder.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { benchArgs, emit } from './args';
import { forecast, mase, smape, type ForecastMethod } from '../packages/ml/src/forecasting/index';

interface Series {
  train: number[];
  test: number[];
}
interface Task {
  series: Series[];
  period: number;
  scalePeriod: number;
  horizon: number;
  method: ForecastMethod;
}
interface Scores {
  smape: number[];
  mase: number[];
}

const SETS = [
  { name: 'hourly', file: 'Hourly', period: 24, scalePeriod: 24, horizon: 48 },
  { name: 'weekly', file: 'Weekly', period: 1, scalePeriod: 1, horizon: 13 },
] as const;
const REFERENCES = ['Naive2', 'sNaive', 'SES', 'Damped', 'Theta', 'Com', 'Smyl', 'Montero-Manso'];

function readWide(file: string): number[][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) =>
      line
        .split(',')
        .slice(1)
        .map((v) => v.replace(/"/g, ''))
        .filter((v) => v !== '')
        .map(Number),
    );
}

function score(t: Task): Scores {
  const out: Scores = { smape: [], mase: [] };
  for (const s of t.series) {
    const f = forecast(s.train, { period: t.period, horizon: t.horizon, method: t.method }).mean;
    out.smape.push(smape(s.test, f));
    out.mase.push(mase(s.train, s.test, f, t.scalePeriod));
  }
  return out;
}

if (!isMainThread) parentPort!.on('message', (t: Task) => parentPort!.postMessage(score(t)));
else await main();

function startWorker(fileUrl: string): Worker {
  const boot = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(fileUrl)}); })`;
  return new Worker(boot, { eval: true });
}

async function main(): Promise<void> {
  const { dataDir, flags } = benchArgs();
  const dir = path.join(dataDir, 'm4-hourly-weekly');
  const method = (typeof flags.get('method') === 'string' ? flags.get('method') : 'auto') as ForecastMethod;
  const limit = Number(flags.get('limit') ?? Infinity);
  const weeklyPeriod = Number(flags.get('weekly-period') ?? 1);
  const nWorkers = Number(flags.get('workers') ?? Math.min(2, availableParallelism()));
  const pool = nWorkers > 1 ? Array.from({ length: nWorkers }, () => startWorker(import.meta.url)) : [];
  const table = readFileSync(path.join(dir, 'm4_official_point_forecast_accuracy_by_frequency.csv'), 'utf8')
    .trim()
    .split('\n');
  const head = table[0]!.split(',');
  const rows = new Map(
    table.slice(1).map((l) => {
      const f = l.split(',');
      return [f[1]!, f] as const;
    }),
  );
  const official = (name: string, col: string) => Number(rows.get(name)?.[head.indexOf(col)]);

  for (const set of SETS) {
    const train = readWide(path.join(dir, `${set.file}-train.csv`));
    const test = readWide(path.join(dir, `${set.file}-test.csv`));
    const series = train.map((tr, i) => ({ train: tr, test: test[i]! })).slice(0, limit);
    const period = set.name === 'weekly' ? weeklyPeriod : set.period;
    const t0 = performance.now();
    const parts =
      pool.length === 0
        ? [score({ series, period, scalePeriod: set.scalePeriod, horizon: set.horizon, method })]
        : await Promise.all(
            pool.map(
              (w, k) =>
                new Promise<Scores>((resolve, reject) => {
                  w.once('message', resolve);
                  w.once('error', reject);
                  w.postMessage({
                    series: series.filter((_, i) => i % pool.length === k),
                    period,
                    scalePeriod: set.scalePeriod,
                    horizon: set.horizon,
                    method,
                  } satisfies Task);
                }),
            ),
          );
    const seconds = (performance.now() - t0) / 1000;
    const all = { smape: parts.flatMap((p) => p.smape), mase: parts.flatMap((p) => p.mase) };
    const sm = all.smape.reduce((a, b) => a + b, 0) / all.smape.length;
    const ms = all.mase.reduce((a, b) => a + b, 0) / all.mase.length;
    const owa = (sm / official('Naive2', `smape_${set.name}`) + ms / official('Naive2', `mase_${set.name}`)) / 2;
    emit({
      subset: `m4-${set.name}`,
      method: 'pipewise',
      variant: method,
      period,
      n: series.length,
      smape: +sm.toFixed(3),
      mase: +ms.toFixed(3),
      owa: +owa.toFixed(3),
      seconds: +seconds.toFixed(2),
    });
    for (const ref of REFERENCES) {
      if (!rows.has(ref)) continue;
      emit({
        subset: `m4-${set.name}`,
        method: `m4-official-${ref}`,
        smape: official(ref, `smape_${set.name}`),
        mase: official(ref, `mase_${set.name}`),
        owa: official(ref, `owa_${set.name}`),
      });
    }
  }
  await Promise.all(pool.map((w) => w.terminate()));
}
