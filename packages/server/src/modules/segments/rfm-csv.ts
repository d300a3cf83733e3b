import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { rfmFromOrderRows, type RfmFromRowsOptions, type RfmFromRowsResult } from '@pipewise/ml/segments/index';
import { AppError } from '../../platform/errors';

/** Parses "--k 2..8" (a range) or "--k 4" (exactly 4); anything else, or outside 2..8, is refused with the rule. */
export function parseKRange(v: string | undefined): [number, number] {
  if (v === undefined) return [2, 8];
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(v);
  const a = m ? Number(m[1]) : NaN;
  const b = m?.[2] !== undefined ? Number(m[2]) : a;
  if (!m || a < 2 || b > 8 || a > b)
    throw new AppError('validation', `--k must be a number or a range within 2..8 (e.g. 4 or 2..8), got "${v}"`, {
      field: 'k',
    });
  return [a, b];
}

/** Reads a CSV (or .csv.gz) of order lines into rows keyed by header. */
export async function readOrderCsv(file: string): Promise<Record<string, string>[]> {
  const buf = await readFile(file).catch(() => {
    throw new AppError('not_found', `No file ${file}`);
  });
  const text = (file.endsWith('.gz') || (buf[0] === 0x1f && buf[1] === 0x8b) ? gunzipSync(buf) : buf)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  if (parsed.data.length === 0 && parsed.meta.fields?.length === 0)
    throw new AppError('validation', `${file} has no header row`);
  return parsed.data;
}

/** `pipewise segments rfm` without I/O: rows in, RFM segments + k-means sweep out; column problems become AppErrors. */
export function rfmFromRows(rows: Record<string, string>[], options: RfmFromRowsOptions): RfmFromRowsResult {
  try {
    return rfmFromOrderRows(rows, options);
  } catch (e) {
    if (e instanceof Error && e.name === 'RfmInputError') throw new AppError('validation', e.message);
    throw e;
  }
}

const money = (v: number) => Math.round(v).toLocaleString('en');

/** A readable report: segments with definitions, the k sweep, cluster profiles, warnings. */
export function formatRfmReport(r: RfmFromRowsResult): string {
  const out: string[] = [];
  out.push(
    `Columns: customer=${r.columns.customer}, date=${r.columns.date}, ${r.columns.amount ? `amount=${r.columns.amount}` : `quantity=${r.columns.quantity} × price=${r.columns.price}`}${r.columns.order ? `, order=${r.columns.order}` : ''}`,
  );
  if (r.customers.length === 0) {
    out.push('No customers could be scored.');
  } else {
    out.push(
      `${r.customers.length} customers, as of ${r.asOf.slice(0, 10)}; ${r.customers.filter((c) => c.churnRisk).length} at churn risk; total CLV (3 years) ${money(r.customers.reduce((s, c) => s + c.clv, 0))}`,
    );
    out.push('', 'Segment                 Customers   Share   Revenue   Rev.share  Churn risk  Meaning');
    for (const s of r.segments) {
      out.push(
        `${s.name.padEnd(22)} ${String(s.customers).padStart(10)} ${(s.share * 100).toFixed(1).padStart(6)}% ${money(s.revenue).padStart(9)} ${(s.revenueShare * 100).toFixed(1).padStart(9)}% ${String(s.churnRisk).padStart(11)}  ${s.meaning}`,
      );
    }
    if (r.sweep.length) {
      out.push('', 'k-means sweep (log1p-standardised RFM, 10 restarts, seed 0):');
      for (const p of r.sweep)
        out.push(
          `  k=${p.k}  silhouette ${p.silhouette.toFixed(4)}  inertia ${p.inertia.toFixed(1)}${p.k === r.bestK ? '  ← chosen' : ''}`,
        );
      out.push('', `Clusters (k=${r.bestK}):`);
      for (const c of r.clusters) out.push(`  ${c.cluster}: ${c.label} — ${c.description}`);
    }
  }
  if (r.warnings.length) out.push('', ...r.warnings.map((w) => `warning: ${w}`));
  if (r.rejected.examples.length)
    out.push(...r.rejected.examples.slice(0, 5).map((e) => `  rejected row ${e.row}: ${e.reason}`));
  return out.join('\n');
}
