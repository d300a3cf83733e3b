import { fitEts, type FitOptions } from './ets-fit';
import type { EtsError, EtsModel, EtsSeason, EtsTrend } from './ets-model';

export * from './ets-model';
export * from './ets-fit';

export interface AutoEtsOptions extends FitOptions {
  /** true: only damped-trend models; false: no damped models; undefined: all. */
  damped?: boolean;
  /** Restrict the search (default: all admissible combinations). */
  trends?: EtsTrend[];
  seasons?: EtsSeason[];
  /** How many of the best screened seasonal models get a full optimisation (default 2). */
  refineTop?: number;
}

/** Fits every admissible model and keeps the one with the smallest AICc (forecast::ets defaults). */
export function autoEts(y: ArrayLike<number>, m: number, opts: AutoEtsOptions = {}): EtsModel | null {
  return smallestAicc(fitEtsCandidates(y, m, opts));
}

export function smallestAicc(models: EtsModel[]): EtsModel | null {
  let best: EtsModel | null = null;
  for (const f of models) if (!best || f.aicc < best.aicc) best = f;
  return best;
}

/** Every admissible ETS model that could be fitted (multiplicative forms only for positive data). */
export function fitEtsCandidates(y: ArrayLike<number>, m: number, opts: AutoEtsOptions = {}): EtsModel[] {
  const n = y.length;
  let positive = true;
  for (let t = 0; t < n; t++)
    if (!(y[t]! > 0)) {
      positive = false;
      break;
    }
  // Seasonal models need two full seasons (as R's decompose); forecast::ets ignores periods above 24.
  const seasonalOk = m > 1 && m <= 24 && n >= 2 * m;
  let seasons: EtsSeason[] = opts.seasons ?? (seasonalOk ? ['N', 'A', 'M'] : ['N']);
  if (!seasonalOk) seasons = ['N'];
  let trends: EtsTrend[] = opts.trends ?? ['N', 'A', 'Ad'];
  if (opts.damped === true) trends = trends.filter((t) => t === 'Ad');
  if (opts.damped === false) trends = trends.filter((t) => t !== 'Ad');
  const errors: EtsError[] = positive ? ['A', 'M'] : ['A'];
  const out: EtsModel[] = [];
  for (const error of errors)
    for (const trend of trends)
      for (const season of seasons) {
        if (season === 'M' && (error === 'A' || !positive)) continue; // unstable / inadmissible, as forecast::ets
        // Seasonal models are screened with the decomposition's seasonal states held fixed (a quarter of the work) ...
        const fit = fitEts(
          y,
          { error, trend, season, m: season === 'N' ? 1 : m },
          { ...opts, optimizeSeasonInit: false },
        );
        if (fit && Number.isFinite(fit.aicc)) out.push(fit);
      }
  // ... and only the most promising ones get their m-1 initial seasonal states optimised as well.
  const refine = opts.refineTop ?? 2;
  const seasonal = out
    .map((f, i) => [f, i] as const)
    .filter(([f]) => f.spec.season !== 'N')
    .sort((a, b) => a[0].aicc - b[0].aicc);
  for (const [f, i] of seasonal.slice(0, refine)) {
    const full = fitEts(y, f.spec, { ...opts, optimizeSeasonInit: true, start: f });
    if (full && full.aicc < f.aicc) out[i] = full;
  }
  return out;
}
