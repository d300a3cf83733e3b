import { describe, expect, it } from 'vitest';
import { evaluateCsv, formatEvaluation } from './csv-evaluate';

/** A CSV with signal in `visits` and `size`, noise in `city`, and a leaky column to drop. */
function csv(n: number, delimiter = ',') {
  let s = 1;
  const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const lines = [['visits', 'size', 'city', 'leak', 'bought'].join(delimiter)];
  for (let i = 0; i < n; i++) {
    const visits = Math.floor(r() * 10);
    const size = ['small', 'mid', 'large'][Math.floor(r() * 3)]!;
    const p = 1 / (1 + Math.exp(-(-3 + 0.5 * visits + (size === 'mid' ? 1 : 0))));
    const y = r() < p ? 'yes' : 'no';
    lines.push([i % 13 === 0 ? 'NaN' : String(visits), size, `city${Math.floor(r() * 2000)}`, y === 'yes' ? '1' : '0', y].join(delimiter));
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
    const withOpen = [lines[0], ...lines.slice(1).map((l, i) => (i % 4 === 3 ? l.replace(/,(yes|no)$/, i % 8 === 3 ? ',Engaging' : ',Prospecting') : l))].join('\n');
    const r = await evaluateCsv(withOpen, { target: 'bought', positive: 'yes', drop: ['leak'], split: 'interleaved' });
    expect(r.excluded).toEqual({ rows: 300, values: { Engaging: 150, Prospecting: 150 } });
    expect(r.n_train + r.n_test).toBe(900);
    expect(formatEvaluation(r, 'pipeline.csv')).toMatch(/Left out 300 rows whose outcome is not known yet \(Engaging: 150, Prospecting: 150\)/);
    const named = await evaluateCsv(withOpen, { target: 'bought', positive: 'yes', negative: ['no'], drop: ['leak'], split: 'interleaved' });
    expect(named.excluded.rows).toBe(300);
    await expect(evaluateCsv(withOpen, { target: 'bought', positive: 'yes', negative: ['lost'] })).rejects.toThrow(/no value "lost"/);
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
