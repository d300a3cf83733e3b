/**
 * Nelder-Mead simplex minimiser (standard coefficients, as R's optim). Infeasible points are
 * signalled by the objective returning Infinity, which the simplex simply walks away from.
 * The centroid is kept as a running sum and best/worst found by a linear scan: objectives here
 * cost about as much as a sort, so the bookkeeping has to stay O(dimension) per step.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  steps: Float64Array,
  maxIter: number,
  relTol = 1e-8,
  absTol = 0,
): { x: Float64Array; value: number } {
  const n = x0.length;
  const pts: Float64Array[] = [];
  const vals = new Float64Array(n + 1);
  pts.push(Float64Array.from(x0));
  vals[0] = f(pts[0]!);
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i] = p[i]! + steps[i]!;
    let v = f(p);
    if (!Number.isFinite(v)) {
      // A step that leaves the feasible region is tried in the other direction.
      p[i] = x0[i]! - steps[i]!;
      v = f(p);
    }
    pts.push(p);
    vals[i + 1] = v;
  }
  const sum = new Float64Array(n);
  const resum = () => {
    sum.fill(0);
    for (const p of pts) for (let i = 0; i < n; i++) sum[i] = sum[i]! + p[i]!;
  };
  resum();
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const replaceWorst = (w: number, x: Float64Array, v: number) => {
    const p = pts[w]!;
    for (let i = 0; i < n; i++) {
      sum[i] = sum[i]! - p[i]! + x[i]!;
      p[i] = x[i]!;
    }
    vals[w] = v;
  };
  for (let iter = 0; iter < maxIter; iter++) {
    let best = 0;
    let worst = 0;
    for (let k = 1; k <= n; k++) {
      if (vals[k]! < vals[best]!) best = k;
      if (vals[k]! >= vals[worst]!) worst = k;
    }
    let second = best;
    for (let k = 0; k <= n; k++) if (k !== worst && vals[k]! >= vals[second]!) second = k;
    const fb = vals[best]!;
    const fw = vals[worst]!;
    if (Number.isFinite(fw) && Math.abs(fw - fb) <= relTol * (Math.abs(fb) + relTol) + absTol) break;
    const pw = pts[worst]!;
    for (let i = 0; i < n; i++) {
      const c = (sum[i]! - pw[i]!) / n;
      xr[i] = 2 * c - pw[i]!;
    }
    const fr = f(xr);
    if (fr < fb) {
      for (let i = 0; i < n; i++) xe[i] = 3 * ((sum[i]! - pw[i]!) / n) - 2 * pw[i]!;
      const fe = f(xe);
      if (fe < fr) replaceWorst(worst, xe, fe);
      else replaceWorst(worst, xr, fr);
      continue;
    }
    if (fr < vals[second]!) {
      replaceWorst(worst, xr, fr);
      continue;
    }
    const outside = fr < fw;
    for (let i = 0; i < n; i++) {
      const c = (sum[i]! - pw[i]!) / n;
      xc[i] = outside ? c + 0.5 * (xr[i]! - c) : c + 0.5 * (pw[i]! - c);
    }
    const fc = f(xc);
    if (fc < Math.min(fr, fw)) {
      replaceWorst(worst, xc, fc);
      continue;
    }
    // Shrink towards the best point.
    const pb = pts[best]!;
    for (let k = 0; k <= n; k++) {
      if (k === best) continue;
      const p = pts[k]!;
      for (let i = 0; i < n; i++) p[i] = pb[i]! + 0.5 * (p[i]! - pb[i]!);
      vals[k] = f(p);
    }
    resum();
  }
  let bi = 0;
  for (let k = 1; k <= n; k++) if (vals[k]! < vals[bi]!) bi = k;
  return { x: pts[bi]!, value: vals[bi]! };
}
