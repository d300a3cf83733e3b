import { etsForecast, fitEts } from './ets';
import { isSeasonal, seasonalFigure } from './seasonality';
import { linearFit } from './stats';
import type { ModelForecast } from './types';

export interface ThetaModel {
  forecast: ModelForecast;
  seasonal: boolean;
  alpha: number;
}

/**
 * Theta method as forecast::thetaf (Hyndman & Billah 2003: SES with drift equal to half the
 * regression slope), with classical multiplicative seasonal adjustment when the 90% ACF test
 * finds seasonality. Non-positive data get an additive adjustment instead (a ratio would flip sign).
 */
export function thetaForecast(x: ArrayLike<number>, period: number, h: number): ThetaModel | null {
  const n = x.length;
  let positive = true;
  for (let t = 0; t < n; t++)
    if (!(x[t]! > 0)) {
      positive = false;
      break;
    }
  let seasonal = isSeasonal(x, period);
  let fig: Float64Array | null = null;
  const adj = Float64Array.from(x);
  if (seasonal) {
    fig = seasonalFigure(x, period, positive);
    if (positive && fig.some((v) => Math.abs(v) < 1e-4)) seasonal = false;
    else for (let t = 0; t < n; t++) adj[t] = positive ? x[t]! / fig[t % period]! : x[t]! - fig[t % period]!;
  }
  const ses = fitEts(adj, { error: 'A', trend: 'N', season: 'N', m: 1 });
  if (!ses) return null;
  const base = etsForecast(ses, h);
  const alpha = Math.max(1e-10, ses.alpha);
  const drift = linearFit(adj)[1] / 2;
  const shift = (1 - (1 - alpha) ** n) / alpha;
  const sigma = Math.sqrt(ses.sigma2) * ses.scale;
  const mean = new Float64Array(h);
  const sd = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    let f = base.mean[i]! + drift * (i + shift);
    let s = sigma * Math.sqrt(i * alpha * alpha + 1);
    if (seasonal && fig) {
      const sv = fig[(n + i) % period]!;
      if (positive) {
        f *= sv;
        s *= sv;
      } else f += sv;
    }
    mean[i] = f;
    sd[i] = s;
  }
  return { forecast: { name: seasonal ? 'theta(seasonal)' : 'theta', mean, sd }, seasonal, alpha };
}
