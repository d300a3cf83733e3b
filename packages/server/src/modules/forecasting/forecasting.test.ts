import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../platform/errors';
import { addPeriods, dayKey, periodStart, periodsBetween, type Grain } from './periods';
import { buildSeries, forecastSeries, maseScale } from './series';
import { parseDate, parseNumber, seriesFromCsv } from './csv';
import { pipelineForecast, type OpenDeal } from './pipeline';
import { csvForecast } from './csv';

const at = (s: string) => new Date(`${s}T00:00:00.000Z`);
const field = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).details.field;
  }
  throw new Error('expected an error');
};
const ordered = (p: { mean: number; lo80: number; hi80: number; lo95: number; hi95: number }) =>
  [p.lo95, p.lo80, p.mean, p.hi80, p.hi95].every((v, i, a) => Number.isFinite(v) && (i === 0 || v >= a[i - 1]! - 1e-9));

describe('periods', () => {
  it('starts weeks on Monday, quarters on Jan/Apr/Jul/Oct, and counts periods between starts', () => {
    expect(dayKey(periodStart(at('2026-11-22'), 'week'))).toBe('2026-11-16'); // a Sunday
    expect(dayKey(periodStart(at('2026-11-23'), 'week'))).toBe('2026-11-23');
    expect(dayKey(periodStart(at('2026-08-15'), 'quarter'))).toBe('2026-07-01');
    expect(dayKey(addPeriods(at('2026-11-01'), 'month', 3))).toBe('2027-02-01');
    expect(periodsBetween(at('2025-10-01'), at('2026-07-01'), 'quarter')).toBe(3);
  });
  it('addPeriods and periodsBetween agree for every grain', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Grain>('day', 'week', 'month', 'quarter'),
        fc.integer({ min: 0, max: 400 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        (g, n, d) => {
          const s = periodStart(d, g);
          expect(periodsBetween(s, addPeriods(s, g, n), g)).toBe(n);
          expect(periodStart(addPeriods(s, g, n), g).getTime()).toBe(addPeriods(s, g, n).getTime());
        },
      ),
    );
  });
});

describe('buildSeries', () => {
  it('fills missing periods with zeros and keeps the current period out of training, saying so', () => {
    const s = buildSeries(
      [
        { at: at('2026-01-10'), value: 5 },
        { at: at('2026-01-20'), value: 5 },
        { at: at('2026-04-02'), value: 7 },
        { at: at('2026-06-01'), value: 3 },
      ],
      'month',
      at('2026-06-15'),
    );
    expect(s.periods).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
    expect(s.values).toEqual([10, 0, 0, 7, 0]);
    expect(s.current).toEqual({ period: '2026-06-01', value: 3 });
    expect(s.notes.join(' ')).toMatch(/3 month\(s\) without any sale were counted as 0/);
    expect(s.notes.join(' ')).toMatch(/current month .* not used for training/);
  });
  it('leaves out values dated in the future or not finite, with a warning', () => {
    const s = buildSeries(
      [
        { at: at('2026-01-10'), value: 5 },
        { at: at('2027-01-10'), value: 5 },
        { at: at('2026-02-10'), value: NaN },
      ],
      'month',
      at('2026-03-15'),
    );
    expect(s.values).toEqual([5, 0]);
    expect(s.warnings.join(' ')).toMatch(/1 value\(s\) dated after today/);
    expect(s.warnings.join(' ')).toMatch(/without a valid date or number/);
  });
  it('keeps the total of complete periods whatever the order of the input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 900 }), value: fc.integer({ min: 0, max: 10_000 }) }), {
          maxLength: 80,
        }),
        fc.constantFrom<Grain>('day', 'week', 'month', 'quarter'),
        (rows, g) => {
          const now = at('2026-06-15');
          const points = rows.map((r) => ({
            at: new Date(at('2024-01-01').getTime() + r.day * 86_400_000),
            value: r.value,
          }));
          const s = buildSeries(points, g, now);
          const cur = periodStart(now, g).getTime();
          const expected = points.filter((p) => p.at.getTime() < cur).reduce((a, p) => a + p.value, 0);
          expect(s.values.reduce((a, v) => a + v, 0)).toBe(expected);
          expect(s.periods.length).toBe(s.values.length);
        },
      ),
    );
  });
});

describe('forecastSeries on awkward series', () => {
  const series = (values: number[]) =>
    buildSeries(
      values.map((value, i) => ({ at: addPeriods(at('2024-01-01'), 'month', i), value })),
      'month',
      addPeriods(at('2024-01-01'), 'month', values.length),
    );
  it.each([
    ['1 point', [120]],
    ['2 points', [120, 130]],
    ['3 points', [120, 130, 90]],
    ['all zeros', Array(18).fill(0)],
    ['constant', Array(18).fill(50)],
    ['a huge outlier', [100, 110, 95, 105, 100, 1_000_000, 98, 102, 107, 99, 101, 104, 100, 97, 103]],
    ['intermittent', [0, 0, 5, 0, 0, 0, 3, 0, 0, 7, 0, 0, 0, 0, 4, 0]],
  ])('%s: a finite forecast with ordered ranges and a method', (_, values) => {
    const f = forecastSeries(series(values), 'month', 6);
    expect(f.points).toHaveLength(6);
    expect(f.points.every(ordered)).toBe(true);
    expect(f.method).toBeTruthy();
    expect(f.reason).toBeTruthy();
    expect(f.points[0]!.period).toBe(dayKey(addPeriods(at('2024-01-01'), 'month', values.length)));
  });
  it('names the horizon when it is 0, negative, fractional or too long', () => {
    const s = series([1, 2, 3, 4]);
    for (const h of [0, -1, 2.5, 10_000, NaN]) expect(field(() => forecastSeries(s, 'month', h))).toBe('horizon');
    expect(forecastSeries(s, 'month', 120).points).toHaveLength(120);
  });
  it('refuses an empty series, naming it', () => {
    expect(field(() => forecastSeries(buildSeries([], 'month', at('2026-01-01')), 'month', 3))).toBe('series');
  });
  it('gives finite ordered ranges for any non-negative series (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 24 }),
        (values, h) => {
          const f = forecastSeries(series(values), 'month', h);
          expect(f.points).toHaveLength(h);
          expect(f.points.every(ordered)).toBe(true);
          expect(f.points.every((p) => p.lo95 >= 0)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
  it('MASE scale is the in-sample seasonal-naive MAE', () => {
    expect(maseScale([1, 2, 4, 7], 12)).toBeCloseTo(2);
    expect(maseScale([5, 5, 5], 1)).toBeNull();
  });
});

describe('CSV series', () => {
  it('parses common dates and numbers', () => {
    expect(dayKey(parseDate('2026-03')!)).toBe('2026-03-01');
    expect(dayKey(parseDate('2026/3/9')!)).toBe('2026-03-09');
    expect(dayKey(parseDate('2026-03-09T10:00:00Z')!)).toBe('2026-03-09');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('1234')).toBeNull();
    expect(parseNumber('$1,234.50')).toBe(1234.5);
    expect(parseNumber('(12)')).toBe(-12);
    expect(parseNumber('NA')).toBeNull();
  });
  it('finds the columns, sorts, sums duplicates, skips gaps, and says so', () => {
    const csv =
      'region,month,sales\nN,2025-03-01,30\nN,2025-01-01,10\nN,2025-02-01,20\nS,2025-02-01,5\nN,2025-04-01,NA\nN,2025-05-01,50\n';
    const r = seriesFromCsv(csv);
    expect([r.dateColumn, r.valueColumn, r.grain]).toEqual(['month', 'sales', 'month']);
    expect(r.series.values).toEqual([10, 25, 30, 0, 50]);
    expect(r.warnings.join(' ')).toMatch(/not in date order/);
    expect(r.warnings.join(' ')).toMatch(/1 date\(s\) appeared more than once/);
    expect(r.warnings.join(' ')).toMatch(/no number in "sales"/);
  });
  it('leaves out a last period the file covers only partly', () => {
    const days = Array.from(
      { length: 75 },
      (_, i) => `${dayKey(new Date(at('2025-01-01').getTime() + i * 86_400_000))},1`,
    );
    const r = seriesFromCsv(`date,value\n${days.join('\n')}\n`, { grain: 'month' });
    expect(r.series.values).toEqual([31, 28]);
    expect(r.series.current).toEqual({ period: '2025-03-01', value: 16 });
    expect(r.series.notes.join(' ')).toMatch(/stops partway/);
  });
  it('forecasts a file with a single row (naive, with a warning) rather than calling its only period partial', () => {
    const r = csvForecast('d,v\n2025-01-01,5\n', { by: 'month', horizon: 3 });
    expect(r.history).toEqual([{ period: '2025-01-01', value: 5 }]);
    expect(r.forecast.map((p) => p.mean)).toEqual([5, 5, 5]);
    expect(r.warnings.length).toBeGreaterThan(0);
  });
  it('without --value, takes the amount-like column, never an id; asks when it cannot tell', () => {
    // Walmart.csv's layout: Store (an id repeating 1..3) comes before Weekly_Sales.
    const weeks = Array.from({ length: 30 }, (_, i) =>
      dayKey(new Date(at('2024-01-05').getTime() + i * 7 * 86_400_000)),
    );
    const walmart = `Store,Date,Weekly_Sales,Holiday_Flag,Temperature\n${weeks.flatMap((d) => [1, 2, 3].map((s) => `${s},${d},${1000 * s + 7},0,42.5`)).join('\n')}\n`;
    expect(seriesFromCsv(walmart).valueColumn).toBe('Weekly_Sales');
    const invoices = `InvoiceNo,InvoiceDate,Amount\n${weeks.map((d, i) => `${5000 + i},${d},${(i * 13.5).toFixed(2)}`).join('\n')}\n`;
    expect(seriesFromCsv(invoices).valueColumn).toBe('Amount');
    const unnamed = `id,day,a,b\n${weeks.map((d, i) => `${i + 1},${d},${i * 2.5},${i * 3.5}`).join('\n')}\n`;
    expect(() => seriesFromCsv(unnamed)).toThrow(/Could not tell which column holds the amount.*id look like ids/);
    expect(field(() => seriesFromCsv(unnamed))).toBe('value');
    const two = `day,Sales,Revenue\n${weeks.map((d, i) => `${d},${i},${i * 2}`).join('\n')}\n`;
    expect(() => seriesFromCsv(two)).toThrow(/Several columns could be the amount to forecast \(Sales, Revenue\)/);
  });
  it('a daily file ending on the 30th of a 31-day month keeps that month, marked partial, and says so', () => {
    const days = Array.from(
      { length: 89 },
      (_, i) => `${dayKey(new Date(at('2025-01-01').getTime() + i * 86_400_000))},100`,
    );
    const r = csvForecast(`date,sales\n${days.join('\n')}\n`, { by: 'month', horizon: 2 });
    expect(r.current).toEqual({ period: '2025-03-01', value: 3000, partial: true }); // 1-30 March
    expect(r.notes.join(' ')).toMatch(/stops partway through its last month \(from 2025-03-01\)/);
  });
  it('names the missing column or the unreadable file', () => {
    expect(field(() => seriesFromCsv('a,b\n1,2\n', { date: 'when' }))).toBe('date');
    expect(field(() => seriesFromCsv('name,city\nx,y\n'))).toBe('date');
    expect(field(() => seriesFromCsv(''))).toBe('csv');
    expect(field(() => seriesFromCsv('d,v\n2025-01-01,x\n'))).toBe('value');
  });
  it('never throws anything but a named AppError, and forecasts whatever it accepts (property)', () => {
    const row = fc.tuple(
      fc.oneof(
        fc.integer({ min: 0, max: 700 }).map((d) => dayKey(new Date(at('2024-01-01').getTime() + d * 86_400_000))),
        fc.constantFrom('', 'n/a', '2024-13-01'),
      ),
      fc.oneof(fc.integer({ min: -100, max: 1e6 }).map(String), fc.constantFrom('', 'NaN', '1e400', ' 12 ')),
    );
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 60 }),
        fc.option(fc.constantFrom<Grain>('day', 'week', 'month', 'quarter'), { nil: undefined }),
        fc.integer({ min: -2, max: 50 }),
        (rows, by, horizon) => {
          const text = `date,value\n${rows.map((r) => r.join(',')).join('\n')}\n`;
          try {
            const r = csvForecast(text, { by, horizon });
            expect(r.forecast).toHaveLength(horizon);
            expect(r.forecast.every(ordered)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            expect(['csv', 'date', 'value', 'horizon', 'series']).toContain((e as AppError).details.field);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('pipelineForecast', () => {
  const now = at('2026-06-10');
  const deal = (
    id: string,
    amount: number | null,
    p: number,
    close: string | null,
    score: number | null = null,
  ): OpenDeal => ({
    id,
    name: id,
    amount,
    stage: 'S',
    stageProbability: p,
    score,
    expectedCloseDate: close,
    owner: null,
  });
  it('treats overdue, missing and later close dates as documented, prefers the score, sorts by contribution', () => {
    const r = pipelineForecast(
      [
        deal('a', 1000, 0.5, '2026-06-20'),
        deal('late', 500, 0.2, '2026-05-01'),
        deal('nodate', 900, 0.5, null),
        deal('later', 10_000, 0.9, '2026-12-01'),
        deal('scored', 2000, 0.2, '2026-07-15', 0.8),
        deal('noamt', null, 0.5, '2026-06-30'),
      ],
      now,
      3,
    );
    expect(r.window).toEqual({ from: '2026-06-01', to: '2026-08-31' });
    expect(r.counts).toMatchObject({ open: 6, overdue: 1, noCloseDate: 1, afterWindow: 1, scored: 1, noAmount: 1 });
    expect(r.mostLikely).toBeCloseTo(500 + 100 + 450 + 1600);
    expect(r.bestCase).toBe(1000 + 500 + 900 + 2000);
    expect(r.deals.map((d) => d.id).slice(0, 3)).toEqual(['scored', 'a', 'nodate']);
    expect(r.deals.find((d) => d.id === 'late')!.month).toBe('2026-06-01');
    expect(r.deals.find((d) => d.id === 'scored')!.probabilitySource).toBe('score');
    expect(r.byMonth.map((m) => m.expected)).toEqual([500 + 100 + 150, 1600 + 150, 150]);
    expect(r.notes.join(' ')).toMatch(/past their expected close date/);
  });
  it('commit ≤ most likely ≤ best case, and certain deals make all three equal (property)', () => {
    const d = fc.record({
      amount: fc.integer({ min: 0, max: 100_000 }),
      p: fc.double({ min: 0, max: 1, noNaN: true }),
      day: fc.integer({ min: -30, max: 200 }),
    });
    fc.assert(
      fc.property(fc.array(d, { maxLength: 30 }), fc.integer({ min: 1, max: 12 }), (rows, months) => {
        const deals = rows.map((r, i) =>
          deal(String(i), r.amount, r.p, dayKey(new Date(now.getTime() + r.day * 86_400_000))),
        );
        const f = pipelineForecast(deals, now, months);
        expect(f.commit).toBeLessThanOrEqual(f.bestCase + 1e-6);
        expect(f.commit).toBeLessThanOrEqual(f.p90 + 1e-6);
        expect(f.mostLikely).toBeLessThanOrEqual(f.bestCase + 1e-6);
        const sure = pipelineForecast(
          deals.map((x) => ({ ...x, stageProbability: 1 })),
          now,
          months,
        );
        expect(sure.commit).toBeCloseTo(sure.bestCase);
        expect(sure.mostLikely).toBeCloseTo(sure.bestCase);
      }),
      { numRuns: 50 },
    );
  });
  it('an empty pipeline is all zeros', () => {
    const r = pipelineForecast([], now, 3);
    expect([r.commit, r.mostLikely, r.bestCase]).toEqual([0, 0, 0]);
    expect(r.byMonth).toHaveLength(3);
  });
});
