import Papa from 'papaparse';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { evaluateTimeSplit, type Purchase } from '../packages/ml/src/recommend';
const rows = Papa.parse<string[]>(gunzipSync(readFileSync('/work/shared/data/online-retail/online_retail.csv.gz')).toString('utf8'), { skipEmptyLines: true }).data;
const NON = new Set(['POST', 'DOT', 'C2', 'D', 'M', 'S', 'B', 'CRUK', 'PADS', 'BANK CHARGES', 'AMAZONFEE']);
const ps: Purchase[] = [];
for (let i = 1; i < rows.length; i++) { const r = rows[i]!; if (!r[6] || !(+r[3]! > 0) || !(+r[5]! > 0) || NON.has(r[1]!)) continue; ps.push({ customer: r[6]!, item: r[1]!, time: Date.parse(r[4]!.replace(' ', 'T') + 'Z'), basket: r[0]! }); }
const cut = process.argv[2] ?? '2011-06-01';
const end = Date.parse((process.argv[3] ?? '2011-09-01') + 'T00:00:00Z');
const data = ps.filter((p) => p.time < end);
const grid = JSON.parse(process.argv[4] ?? '[{}]');
for (const g of grid) {
  const r = evaluateTimeSplit(data, { cutoff: Date.parse(cut + 'T00:00:00Z'), n: 10, ...g });
  const m = Object.fromEntries(r.models.map((x) => [x.model + '/' + x.customers, +x.hitRate.toFixed(4)]));
  console.log(JSON.stringify(g), JSON.stringify(m), (m['pipewise/returning']! / m['popularity/returning']!).toFixed(3), r.seconds.toFixed(1));
}
