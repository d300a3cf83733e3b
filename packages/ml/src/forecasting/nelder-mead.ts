/**
 * Nelder-Mead simplex minimiser (standard coefficients, as R's optim). Infeasible points are
 * signalled by the objective returning Infinity, which the simplex simply walks away from.
 */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  steps: Float64Array,
  maxIter: number,
  relTol = 1e-8,
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
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  const order = new Int32Array(n + 1);
  for (let iter = 0; iter < maxIter; iter++) {
    for (let i = 0; i <= n; i++) order[i] = i;
    order.sort((a, b) => vals[a]! - vals[b]!);
    const best = order[0]!;
    const worst = order[n]!;
    const second = order[n - 1]!;
    const fb = vals[best]!;
    const fw = vals[worst]!;
    if (Number.isFinite(fw) && Math.abs(fw - fb) <= relTol * (Math.abs(fb) + relTol)) break;
    centroid.fill(0);
    for (let k = 0; k <= n; k++) {
      if (k === worst) continue;
      const p = pts[k]!;
      for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + p[i]! / n;
    }
    const pw = pts[worst]!;
    for (let i = 0; i < n; i++) xr[i] = centroid[i]! + (centroid[i]! - pw[i]!);
    const fr = f(xr);
    if (fr < fb) {
      for (let i = 0; i < n; i++) xe[i] = centroid[i]! + 2 * (centroid[i]! - pw[i]!);
      const fe = f(xe);
      if (fe < fr) { pw.set(xe); vals[worst] = fe; } else { pw.set(xr); vals[worst] = fr; }
      continue;
    }
    if (fr < vals[second]!) { pw.set(xr); vals[worst] = fr; continue; }
    const outside = fr < fw;
    for (let i = 0; i < n; i++) xc[i] = outside ? centroid[i]! + 0.5 * (xr[i]! - centroid[i]!) : centroid[i]! + 0.5 * (pw[i]! - centroid[i]!);
    const fc = f(xc);
    if (fc < Math.min(fr, fw)) { pw.set(xc); vals[worst] = fc; continue; }
    // Shrink towards the best point.
    const pb = pts[best]!;
    for (let k = 0; k <= n; k++) {
      if (k === best) continue;
      const p = pts[k]!;
      for (let i = 0; i < n; i++) p[i] = pb[i]! + 0.5 * (p[i]! - pb[i]!);
      vals[k] = f(p);
    }
  }
  let bi = 0;
  for (let k = 1; k <= n; k++) if (vals[k]! < vals[bi]!) bi = k;
  return { x: pts[bi]!, value: vals[bi]! };
}
