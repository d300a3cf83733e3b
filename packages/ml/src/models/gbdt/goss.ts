/**
 * Gradient-based one-side sampling (Ke et al. 2017, LightGBM): rows with large gradients are the ones a tree
 * still has to fix, so all of them are kept; the rest are sampled and up-weighted so sums stay unbiased.
 */
/** Sampled rows (sorted); writes re-weighted gradients and hessians of the chosen rows into gw, hw. */
export function gossSample(
  grad: Float64Array,
  hess: Float64Array,
  p: { gossTop: number; gossOther: number },
  rng: () => number,
  gw: Float64Array,
  hw: Float64Array,
): Int32Array {
  const n = grad.length;
  // |gradient| of log-loss lies in [0, 1]: a 1024-bucket histogram finds the top-share threshold in O(n).
  const buckets = new Int32Array(1025);
  for (let i = 0; i < n; i++) buckets[Math.min(1024, Math.floor(Math.abs(grad[i]!) * 1024))]!++;
  const want = Math.ceil(p.gossTop * n);
  let thr = 1024;
  for (let seen = 0; thr > 0; thr--) {
    seen += buckets[thr]!;
    if (seen >= want) break;
  }
  const keepRest = p.gossOther / (1 - p.gossTop);
  const up = 1 / keepRest;
  const cut = thr / 1024;
  const out = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const g = grad[i]!;
    if ((g < 0 ? -g : g) >= cut) {
      gw[i] = g;
      hw[i] = hess[i]!;
      out[m++] = i;
    } else if (rng() < keepRest) {
      gw[i] = g * up;
      hw[i] = hess[i]! * up;
      out[m++] = i;
    }
  }
  return out.subarray(0, m);
}
