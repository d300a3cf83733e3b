/** Dense row-major matrix of n points in d dimensions; typed arrays keep the inner loops allocation-free. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const data = new Float64Array(n * d);
  rows.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`row ${i} has ${row.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) {
      const v = row[j]!;
      if (!Number.isFinite(v)) throw new RangeError(`row ${i} column ${j} is not a finite number`);
      data[i * d + j] = v;
    }
  });
  return { data, rows: n, cols: d };
}

export function squaredDistance(a: Float64Array, ai: number, b: Float64Array, bi: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[ai + j]! - b[bi + j]!;
    s += diff * diff;
  }
  return s;
}

/** log1p then z-score per column, as scikit-learn's StandardScaler (population std) after np.log1p. */
export function log1pStandardize(m: Matrix): Matrix {
  const { rows: n, cols: d } = m;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) out[i] = Math.log1p(Math.max(0, m.data[i]!));
  return standardize({ data: out, rows: n, cols: d });
}

/** Column z-scores with population std; constant columns become 0 instead of NaN. */
export function standardize(m: Matrix): Matrix {
  const { rows: n, cols: d } = m;
  const out = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += m.data[i * d + j]!;
    mean /= Math.max(1, n);
    let v = 0;
    for (let i = 0; i < n; i++) v += (m.data[i * d + j]! - mean) ** 2;
    const sd = Math.sqrt(v / Math.max(1, n));
    for (let i = 0; i < n; i++) out[i * d + j] = sd > 0 ? (m.data[i * d + j]! - mean) / sd : 0;
  }
  return { data: out, rows: n, cols: d };
}
