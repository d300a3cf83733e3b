import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatRfmReport, parseKRange, readOrderCsv, rfmFromRows } from './rfm-csv';

const dir = mkdtempSync(path.join(tmpdir(), 'pw-rfm-'));
const csv = [
  'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice,Country',
  '1,A,2024-01-05,2,10,UK',
  '2,A,2024-02-05,1,10,UK',
  '3,A,2024-03-01,5,10,UK',
  '4,B,2024-01-10,1,100,FR',
  '5,B,2024-03-02,1,80,FR',
  '6,C,2024-02-20,3,5,UK', // one order
  '7,D,2024-01-01,1,40,DE',
  '8,D,2024-01-15,-1,40,DE', // a return
  '9,E,2024-02-01,0,12,UK', // a zero line only
  '10,,2024-02-01,1,12,UK', // no customer
  '11,F,not a date,1,12,UK',
].join('\n');

describe('segments rfm --csv', () => {
  it('reads plain and gzipped CSV and scores customers, with every oddity reported', async () => {
    writeFileSync(path.join(dir, 'o.csv'), csv);
    writeFileSync(path.join(dir, 'o.csv.gz'), gzipSync(csv));
    const plain = await readOrderCsv(path.join(dir, 'o.csv'));
    expect(await readOrderCsv(path.join(dir, 'o.csv.gz'))).toEqual(plain);
    const r = rfmFromRows(plain, { kRange: [2, 8] });
    expect(r.columns).toMatchObject({
      customer: 'CustomerID',
      date: 'InvoiceDate',
      quantity: 'Quantity',
      price: 'UnitPrice',
      order: 'InvoiceNo',
    });
    expect(r.customers.map((c) => c.customer).sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(r.customers.find((c) => c.customer === 'D')!.monetary).toBe(0);
    const text = r.warnings.join('\n');
    expect(text).toMatch(/negative amount/);
    expect(text).toMatch(/zero amount/);
    expect(text).toMatch(/single order/);
    expect(text).toMatch(/k capped/);
    expect(r.rejected.byReason).toMatchObject({ 'missing customer': 1, 'invalid date': 1 });
    const report = formatRfmReport(r);
    expect(report).toMatch(/Champions/);
    expect(report).toMatch(/k=2 {2}silhouette/);
    expect(report).toMatch(/warning: .*rejected/);
  });

  it('names the unknown column and the ones available', async () => {
    const rows = await readOrderCsv(path.join(dir, 'o.csv'));
    expect(() => rfmFromRows(rows, { customer: 'Client' })).toThrow(/Client.*(InvoiceNo|CustomerID)/s);
  });

  it('explains an empty file instead of crashing', () => {
    const r = rfmFromRows([], {});
    expect(r.customers).toEqual([]);
    expect(formatRfmReport(r)).toMatch(/No customers could be scored[\s\S]*no orders/);
  });

  it('accepts --k as a range or a number within 2..8 and refuses the rest', () => {
    expect(parseKRange(undefined)).toEqual([2, 8]);
    expect(parseKRange('3..5')).toEqual([3, 5]);
    expect(parseKRange('4')).toEqual([4, 4]);
    expect(() => parseKRange('1..9')).toThrow(/within 2..8/);
    expect(() => parseKRange('five')).toThrow(/within 2..8/);
  });

  it('runs as the pipewise command, printing JSON', () => {
    writeFileSync(path.join(dir, 'o2.csv'), csv);
    const cli = path.resolve(__dirname, '../../cli.ts');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', cli, 'segments', 'rfm', '--csv', path.join(dir, 'o2.csv'), '--k', '2..3', '--json'],
      { encoding: 'utf8', env: { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data') } },
    );
    const parsed = JSON.parse(out);
    expect(parsed.customers).toHaveLength(4);
    expect(parsed.bestK).toBe(2);
  }, 60_000);
});
