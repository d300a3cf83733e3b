// Trust on bank-marketing (bank-full.csv, rows in date order, `duration` dropped as its README asks):
// 1. the fairness audit by age band (<30, 30-60, >60) and marital status on the time split (older 80% train, newest
//    20% test), both attributes left out of the inputs: figures per group, the proxies found, and the time;
// 2. drift of every input between the first and the last third of the rows (Evidently's default tests, and PSI);
// 3. monitoring replayed month by month: a model trained on the first third scores each later month; as the month's
//    outcomes arrive, AUC, Brier, calibration, conversion by tier, lift of tier A, drift and the alerts raised.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { benchArgs, emit } from './args';
import { autoTrainParallel, encodeRows, inferSchema, type RawRow } from '../packages/ml/src/models/index';
import { sharedPool } from '../packages/ml/src/parallel/pool';
import { rocAuc } from '../packages/ml/src/metrics/index';
import { auditRows, quartileCuts, tierAt } from '../packages/ml/src/fairness/audit-rows';
import { columnDrift, type ColumnKind } from '../packages/ml/src/drift/drift';
import { monitoringAlerts, outcomeFigures, type ScoredOutcome } from '../packages/ml/src/monitoring/outcomes';

const { dataDir } = benchArgs();
const round = (x: number | null, d = 4) =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d;
const text = readFileSync(path.join(dataDir, 'bank-marketing', 'bank-full.csv'), 'utf8');
const rows = Papa.parse<RawRow>(text, { header: true, delimiter: ';', skipEmptyLines: true, dynamicTyping: true }).data;
const pool = sharedPool();
const audited = [{ name: 'age', bands: [30, 61] }, { name: 'marital' }];

// 1. Audit on the time split.
{
  const cut = Math.floor(rows.length * 0.8);
  const schema = inferSchema(rows.slice(0, cut), {
    target: 'y',
    positive: 'yes',
    drop: ['duration', 'age', 'marital'],
  });
  const t0 = performance.now();
  const scorer = await autoTrainParallel(
    encodeRows(rows.slice(0, cut), schema),
    { seed: 1, validationOrder: 'time' },
    pool,
  );
  const test = encodeRows(rows.slice(cut), schema);
  const p = scorer.predict(test);
  const trained = performance.now();
  const audit = auditRows({
    rows: rows.slice(cut),
    y: test.y!,
    p,
    attributes: audited,
    features: schema.features.map((f) => f.name),
  });
  const auditSeconds = (performance.now() - trained) / 1000;
  emit({
    bench: 'audit',
    split: 'time 80/20',
    test_rows: test.n,
    chosen: scorer.family,
    auc: round(rocAuc(test.y!, p)),
    tier_cuts: audit.cuts.map((c) => round(c)),
    train_s: round((trained - t0) / 1000, 2),
    audit_s: round(auditSeconds, 3),
    passed: audit.passed,
  });
  for (const a of audit.attributes) {
    emit({
      bench: 'audit-attribute',
      attribute: a.attribute,
      min_selection_ratio: round(a.minSelectionRatio),
      tpr_difference: round(a.tprDifference),
      max_calibration_gap: round(a.maxCalibrationGap),
      proxies: a.proxies.map((x) => `${x.feature} (${x.measure} ${round(x.association, 3)})`),
      failures: a.failures,
      passed: a.passed,
    });
    for (const g of a.groups)
      emit({
        bench: 'audit-group',
        attribute: g.attribute,
        group: g.group,
        n: g.n,
        selection_rate: round(g.selection_rate),
        selection_ratio: round(g.selection_ratio),
        tpr: round(g.tpr),
        mean_probability: round(g.mean_probability),
        positive_rate: round(g.positive_rate),
        judged: g.judged,
      });
  }
}

// 2. Drift between the first and the last third.
const inputs = Object.keys(rows[0]!).filter((c) => c !== 'y' && c !== 'duration');
const kindOf = (c: string): ColumnKind =>
  rows.slice(0, 1000).every((r) => r[c] === null || typeof r[c] === 'number') ? 'numeric' : 'categorical';
{
  const third = Math.floor(rows.length / 3);
  const first = rows.slice(0, third);
  const last = rows.slice(rows.length - third);
  const t0 = performance.now();
  const results = inputs.map((c) => ({
    column: c,
    ...columnDrift(
      kindOf(c),
      first.map((r) => r[c] as string | number | null),
      last.map((r) => r[c] as string | number | null),
    ),
  }));
  const seconds = (performance.now() - t0) / 1000;
  for (const r of results)
    emit({
      bench: 'drift',
      column: r.column,
      test: r.test,
      statistic: round(r.statistic),
      threshold: r.threshold,
      drifted: r.drifted,
      psi: round(r.psi),
      psi_drifted: r.psiDrifted,
    });
  emit({
    bench: 'drift-summary',
    rows_each: third,
    columns: results.length,
    drifted: results.filter((r) => r.drifted).map((r) => r.column),
    psi_drifted: results.filter((r) => r.psiDrifted).length,
    seconds: round(seconds, 3),
  });
}

// 3. Monitoring replayed month by month. The file has months but no years; rows are in date order (May 2008 to
// November 2010), so each change of month starts the next calendar month.
{
  const monthIndex: number[] = [];
  let index = 0;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && rows[i]!.month !== rows[i - 1]!.month) index++;
    monthIndex.push(index);
  }
  const dateOf = (m: number) => Date.UTC(2008, 4 + m, 15);
  const third = Math.floor(rows.length / 3);
  const trainRows = rows.slice(0, third);
  const schema = inferSchema(trainRows, { target: 'y', positive: 'yes', drop: ['duration', 'age', 'marital'] });
  const scorer = await autoTrainParallel(encodeRows(trainRows, schema), { seed: 1, validationOrder: 'time' }, pool);
  const cuts = quartileCuts(scorer.predict(encodeRows(trainRows, schema)));
  const t0 = performance.now();
  const scored: ScoredOutcome[] = [];
  const months = [...new Set(monthIndex.slice(third))];
  for (const m of months) {
    const idx = monthIndex.map((mi, i) => (mi === m && i >= third ? i : -1)).filter((i) => i >= 0);
    const monthRows = idx.map((i) => rows[i]!);
    const table = encodeRows(monthRows, schema);
    const p = scorer.predict(table);
    for (let k = 0; k < monthRows.length; k++)
      scored.push({
        modelVersion: 1,
        scoredAt: dateOf(m) + k,
        probability: p[k]!,
        tier: tierAt(p[k]!, cuts),
        outcome: table.y![k]! ? 1 : 0,
      });
    const month = outcomeFigures(scored.filter((s) => s.scoredAt >= dateOf(m) && s.scoredAt < dateOf(m + 1)));
    // Drift of the month against the training rows (a month under 1,000 rows gets the small-sample tests).
    const drifted = inputs
      .filter((c) => c !== 'age' && c !== 'marital')
      .map((c) => ({
        feature: c,
        ...columnDrift(
          kindOf(c),
          trainRows.map((r) => r[c] as string | number | null),
          monthRows.map((r) => r[c] as string | number | null),
        ),
      }))
      .filter((d) => d.drifted);
    const { alerts } = monitoringAlerts({ rows: scored, now: dateOf(m + 1) - 1, promotionBar: 0.6, drifted });
    emit({
      bench: 'monitoring-month',
      month: new Date(dateOf(m)).toISOString().slice(0, 7),
      rows: month.n,
      base_rate: round(month.baseRate),
      auc: round(month.auc),
      brier: round(month.brier),
      calibration_error: round(month.calibrationError),
      tier_conversion: Object.fromEntries(month.tiers.map((t) => [t.tier, round(t.conversion, 3)])),
      top_tier_lift: round(month.topTierLift, 2),
      drifted: drifted.map((d) => d.feature),
      alerts: [...new Set(alerts.map((a) => a.kind))],
    });
  }
  emit({
    bench: 'monitoring-summary',
    months: months.length,
    scored: scored.length,
    seconds: round((performance.now() - t0) / 1000, 2),
  });
}
await pool?.close();
