import { binOf, quantileCuts } from '../math';
import type { Table } from '../table';

/**
 * How one feature becomes small integer bins (at most 255 per feature, so a row fits in bytes).
 * Value bins come first; the last bin (nBins - 1) always holds missing values.
 */
export interface BinMapper {
  kind: 'numeric' | 'categorical';
  /** Numeric: ascending cut points, bin i holds cuts[i-1] < v <= cuts[i]. Empty for categorical. */
  cuts: number[];
  nBins: number;
}

export const MAX_BINS = 255;

export function fitBinMappers(t: Table, maxBins = MAX_BINS): BinMapper[] {
  const valueBins = Math.max(2, Math.min(maxBins, MAX_BINS) - 1);
  return t.columns.map((c, j) => {
    if (c.kind === 'numeric') {
      const cuts = quantileCuts(c.values, valueBins - 1);
      return { kind: 'numeric', cuts, nBins: cuts.length + 2 };
    }
    const f = t.schema.features[j]!;
    const levels = f.kind === 'categorical' ? f.levels.length : 0;
    // Categorical columns are capped upstream (table.ts); the min keeps bytes valid even if they were not.
    return { kind: 'categorical', cuts: [], nBins: Math.min(levels, MAX_BINS - 1) + 1 };
  });
}

/** Row-major bins (row i, feature j at i * nFeatures + j): one row's bins share a cache line when building histograms. */
export function binTable(t: Table, mappers: BinMapper[], typedCuts?: Float64Array[]): Uint8Array {
  const nf = mappers.length;
  const out = new Uint8Array(t.n * nf);
  mappers.forEach((m, j) => {
    const c = t.columns[j]!;
    const missing = m.nBins - 1;
    if (c.kind === 'numeric') {
      const cuts = typedCuts?.[j] ?? Float64Array.from(m.cuts);
      for (let i = 0; i < t.n; i++) {
        const v = c.values[i]!;
        out[i * nf + j] = Number.isNaN(v) ? missing : binOf(cuts, v);
      }
    } else {
      for (let i = 0; i < t.n; i++) {
        const code = c.codes[i]!;
        out[i * nf + j] = code < 0 || code >= missing ? missing : code;
      }
    }
  });
  return out;
}
