import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { evaluateCsv, formatEvaluation, parseBands } from './csv-evaluate';

/** A CSV with signal in `visits` and `size`, noise in `city`, and a leaky column to drop. */
function csv(n: number, delimiter = ',') {
  let s = 1;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const lines = [['visits', 'size', 'city', 'leak', 'bought'].join(delimiter)];
  for (let i = 0; i < n; i++) {
    const visits = Math.floor(r() * 10);
    const size = ['small', 'mid', 'large'][Math.floor(r() * 3)]!;
    const p = 1 / (1 + Math.exp(-(-3 + 0.5 * visits + (size === 'mid' ? 1 : 0))));
    const y = r() < p ? 'yes' : 'no';
    lines.push(
      [i % 13 === 0 ? 'NaN' : String(visits), size, `city${Math.floor(r() * 2000)}`, y === 'yes' ? '1' : '0', y].join(
        delimiter,
      ),
    );
  }
  return lines.join('\n');
}

describe('pipewise score evaluate --csv', () => {
  it('runs the automatic choice on any CSV (delimiter detected) and reports AUC, Brier, lift and factors', async () => {
    const r = await evaluateCsv(csv(1500, ';'), { target: 'bought', drop: ['leak'], split: 'interleaved' });
    expect(r.auc).toBeGreaterThan(0.7);
    expect(r.brier).toBeGreaterThan(0);
    expect(r.n_test).toBe(300);
    expect(r.topFactors.map((f) => f.feature)).not.toContain('leak');
    expect(r.topFactors[0]!.feature).toBe('visits');
    const text = formatEvaluation(r, 'leads.csv');
    expect(text).toMatch(/Chosen model: /);
    expect(text).toMatch(/lift@10%/);
  });

  it('says clearly what is wrong with the input', async () => {
    await expect(evaluateCsv(csv(50), { target: 'nope' })).rejects.toThrow(/No column "nope"/);
    await expect(evaluateCsv(csv(50), { target: 'bought', drop: ['x'] })).rejects.toThrow(/unknown column/);
    await expect(evaluateCsv('a,b\n1,yes\n2,yes\n', { target: 'b' })).rejects.toThrow(/only one value/);
    await expect(evaluateCsv(csv(50), { target: 'bought', positive: 'maybe' })).rejects.toThrow(/no value "maybe"/);
    await expect(evaluateCsv('a,b\n1,x\n2,y\n3,z\n', { target: 'b' })).rejects.toThrow(/--positive/);
  });

  it('leaves out rows whose outcome is still open (a pipeline export\'s "Engaging") and says how many', async () => {
    const lines = csv(1200).split('\n');
    // Every fourth row becomes an open deal; counted as a loss, it would drag every figure down.
    const withOpen = [
      lines[0],
      ...lines
        .slice(1)
        .map((l, i) => (i % 4 === 3 ? l.replace(/,(yes|no)$/, i % 8 === 3 ? ',Engaging' : ',Prospecting') : l)),
    ].join('\n');
    const r = await evaluateCsv(withOpen, { target: 'bought', positive: 'yes', drop: ['leak'], split: 'interleaved' });
    expect(r.excluded).toEqual({ rows: 300, values: { Engaging: 150, Prospecting: 150 } });
    expect(r.n_train + r.n_test).toBe(900);
    expect(formatEvaluation(r, 'pipeline.csv')).toMatch(
      /Left out 300 rows whose outcome is not known yet \(Engaging: 150, Prospecting: 150\)/,
    );
    const named = await evaluateCsv(withOpen, {
      target: 'bought',
      positive: 'yes',
      negative: ['no'],
      drop: ['leak'],
      split: 'interleaved',
    });
    expect(named.excluded.rows).toBe(300);
    await expect(evaluateCsv(withOpen, { target: 'bought', positive: 'yes', negative: ['lost'] })).rejects.toThrow(
      /no value "lost"/,
    );
    const three = withOpen.replace(/,no$/m, ',Cancelled');
    await expect(evaluateCsv(three, { target: 'bought', positive: 'yes' })).rejects.toThrow(/--negative/);
  });

  it('falls back and still gives finite figures with few outcomes', async () => {
    const lines = ['x,y', ...Array.from({ length: 100 }, (_, i) => `${i % 10},${i % 20 === 0 ? 'yes' : 'no'}`)];
    const r = await evaluateCsv(lines.join('\n'), { target: 'y', split: 'interleaved' });
    expect(['naive-bayes', 'rules']).toContain(r.chosen);
    expect(Number.isFinite(r.brier)).toBe(true);
  });
});

/** Rows where `age` drives the outcome and `channel` mirrors the age band: the audit must see both. */
function auditCsv(n: number) {
  let s = 7;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const lines = ['age,gender,channel,visits,bought'];
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(r() * 60);
    const gender = r() < 0.5 ? 'f' : 'm';
    const channel = age < 30 ? (r() < 0.9 ? 'app' : 'web') : age > 60 ? (r() < 0.9 ? 'phone' : 'web') : 'web';
    const visits = Math.floor(r() * 10);
    const p = 1 / (1 + Math.exp(-(-2 + 0.3 * visits + (channel === 'app' ? 1.5 : 0))));
    lines.push([age, gender, channel, visits, r() < p ? 'yes' : 'no'].join(','));
  }
  return lines.join('\n');
}

describe('pipewise score evaluate --csv --audit', () => {
  it('audits each attribute and group, excludes them from the inputs, and finds the proxy', async () => {
    const r = await evaluateCsv(auditCsv(2000), {
      target: 'bought',
      split: 'interleaved',
      audit: [{ name: 'age', bands: [30, 61] }, { name: 'gender' }],
    });
    expect(r.topFactors.map((f) => f.feature)).not.toContain('age');
    expect(r.topFactors.map((f) => f.feature)).not.toContain('gender');
    const groups = r.audit!.groups;
    expect(
      groups
        .filter((g) => g.attribute === 'age')
        .map((g) => g.group)
        .sort(),
    ).toEqual(['30-60', '<30', '>60']);
    expect(groups.reduce((s, g) => s + (g.attribute === 'gender' ? g.n : 0), 0)).toBe(400);
    // Recompute one group's figures from the predictions rows: the JSON and the file agree.
    const rows = r.predictionRows!;
    const young = rows.filter((x) => Number(x.age) < 30);
    const entry = groups.find((g) => g.attribute === 'age' && g.group === '<30')!;
    expect(entry.n).toBe(young.length);
    expect(entry.selection_rate).toBeCloseTo(young.filter((x) => x.selected === 1).length / young.length, 12);
    expect(entry.mean_probability).toBeCloseTo(young.reduce((t, x) => t + Number(x.probability), 0) / young.length, 12);
    const age = r.audit!.attributes.find((a) => a.attribute === 'age')!;
    expect(age.proxies.map((p) => p.feature)).toContain('channel');
    expect(age.passed).toBe(false);
    expect(formatEvaluation(r, 'x.csv')).toMatch(/channel is a proxy of age/);
  });

  it('names bad audit input', async () => {
    await expect(evaluateCsv(auditCsv(50), { target: 'bought', audit: [{ name: 'nope' }] })).rejects.toThrow(
      /Cannot audit unknown column\(s\): nope/,
    );
    await expect(evaluateCsv(auditCsv(50), { target: 'bought', audit: [{ name: 'bought' }] })).rejects.toThrow(
      /target column cannot be audited/,
    );
    expect(() => parseBands('age=61,30')).toThrow(/--bands must look like/);
    expect(parseBands('age=30,61')).toEqual({ age: [30, 61] });
  });

  it('the CLI writes the JSON entries and the predictions file', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-audit-'));
    try {
      const file = path.join(dir, 'leads.csv');
      const out = path.join(dir, 'predictions.csv');
      writeFileSync(file, auditCsv(1000));
      const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          bin,
          'score',
          'evaluate',
          '--csv',
          file,
          '--target',
          'bought',
          '--audit',
          'age,gender',
          '--bands',
          'age=30,61',
          '--predictions-out',
          out,
          '--json',
        ],
        { timeout: 120_000, env: { ...process.env, LOG_LEVEL: 'silent' } },
      );
      const json = JSON.parse(stdout) as { audit: { groups: Record<string, unknown>[] } };
      for (const g of json.audit.groups)
        for (const k of [
          'attribute',
          'group',
          'n',
          'selection_rate',
          'selection_ratio',
          'tpr',
          'mean_probability',
          'positive_rate',
        ])
          expect(g).toHaveProperty(k);
      const rows = Papa.parse<Record<string, string>>(readFileSync(out, 'utf8'), {
        header: true,
        skipEmptyLines: true,
      });
      expect(rows.meta.fields).toEqual(['age', 'gender', 'actual', 'probability', 'tier', 'selected']);
      expect(rows.data).toHaveLength(200);
      expect(new Set(rows.data.map((x) => x.selected))).toEqual(new Set(['0', '1']));
      expect(
        rows.data.every(
          (x) => ['A', 'B', 'C', 'D'].includes(x.tier!) && (x.selected === '1') === ['A', 'B'].includes(x.tier!),
        ),
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
