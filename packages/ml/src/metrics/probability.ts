/** Metrics of probability quality: how close predicted probabilities are to what happened. */
type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

export function brier(y: Labels, p: Scores): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += ((y[i] ? 1 : 0) - p[i]!) ** 2;
  return y.length > 0 ? s / y.length : NaN;
}

/** Mean negative log-likelihood; probabilities are clipped to [eps, 1 - eps] as scikit-learn does. */
export function logLoss(y: Labels, p: Scores, eps = 1e-15): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    s -= y[i] ? Math.log(q) : Math.log(1 - q);
  }
  return y.length > 0 ? s / y.length : NaN;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  meanPredicted: number;
  /** Observed positive rate in the bin (NaN when empty). */
  observedRate: number;
}

/** Reliability diagram on equal-width probability bins. */
export function calibrationCurve(y: Labels, p: Scores, bins = 10): CalibrationBin[] {
  const out: CalibrationBin[] = Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: 0,
    meanPredicted: 0,
    observedRate: 0,
  }));
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1, Math.max(0, p[i]!));
    const bin = out[Math.min(bins - 1, Math.floor(q * bins))]!;
    bin.count++;
    bin.meanPredicted += q;
    bin.observedRate += y[i] ? 1 : 0;
  }
  for (const b of out) {
    b.meanPredicted = b.count > 0 ? b.meanPredicted / b.count : NaN;
    b.observedRate = b.count > 0 ? b.observedRate / b.count : NaN;
  }
  return out;
}
