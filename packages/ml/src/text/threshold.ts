/** One held-out question as the classifier saw it: its best probability, and whether it should be answered. */
export interface ValidationOutcome {
  /** Calibrated probability of the best in-scope intent. */
  confidence: number;
  /** The best intent is the right one (false for an out-of-scope question). */
  correct: boolean;
  /** The question is out of scope: the right reply is a person. */
  outOfScope: boolean;
}

export interface ThresholdChoice {
  threshold: number;
  /** What the threshold optimised, for the model report. */
  rule: 'balanced-oos' | 'min-oos-recall' | 'youden-wrong-answers' | 'default';
  /** On the validation questions, at that threshold. */
  inScopeAccuracy: number;
  outOfScopeRecall: number | null;
}

/** Threshold used when there is nothing to tune on (fewer than 5 held-out questions). */
export const DEFAULT_THRESHOLD = 0.3;

/**
 * The confidence below which the bot says "I'm not sure, shall I get a person?", chosen on validation questions.
 * With out-of-scope examples: the threshold maximising in-scope accuracy (a rejected in-scope question counts as
 * wrong) + out-of-scope recall, each in [0, 1], so both kinds of mistake weigh the same however many examples each
 * has. Without them: the threshold maximising (share of wrong answers rejected) - (share of right answers rejected),
 * Youden's J between right and wrong answers. Candidates are the midpoints between consecutive observed
 * confidences, so the threshold does not sit exactly on one validation question. With minOutOfScopeRecall and
 * out-of-scope examples: the lowest threshold whose out-of-scope recall reaches it (a business that would rather
 * answer more and hand off less says how much out-of-scope it must catch).
 */
export function chooseThreshold(
  outcomes: readonly ValidationOutcome[],
  options: { minOutOfScopeRecall?: number } = {},
): ThresholdChoice {
  const inScope = outcomes.filter((o) => !o.outOfScope);
  const oos = outcomes.filter((o) => o.outOfScope);
  if (outcomes.length < 5 || inScope.length === 0) {
    return { threshold: DEFAULT_THRESHOLD, rule: 'default', ...rates(outcomes, DEFAULT_THRESHOLD) };
  }
  const values = [...new Set(outcomes.map((o) => o.confidence))].sort((a, b) => a - b);
  // The first candidate rejects only confidence 0: questions the out-of-scope class won.
  const candidates = [1e-12, ...values.slice(1).map((v, i) => (v + values[i]!) / 2)];
  const wrong = inScope.filter((o) => !o.correct).length;
  const right = inScope.length - wrong;
  if (oos.length === 0 && (wrong === 0 || right === 0)) {
    return { threshold: DEFAULT_THRESHOLD, rule: 'default', ...rates(outcomes, DEFAULT_THRESHOLD) };
  }
  // Sweep candidates upwards over outcomes sorted by confidence: each step rejects the questions below it.
  const sorted = [...outcomes].sort((a, b) => a.confidence - b.confidence);
  let best = { t: 0, value: -Infinity };
  let k = 0,
    rejRight = 0,
    rejWrong = 0,
    rejOos = 0;
  for (const t of candidates) {
    for (; k < sorted.length && sorted[k]!.confidence < t; k++) {
      const o = sorted[k]!;
      if (o.outOfScope) rejOos++;
      else if (o.correct) rejRight++;
      else rejWrong++;
    }
    const recall = oos.length > 0 ? rejOos / oos.length : 0;
    // With a required out-of-scope recall: the lowest threshold reaching it (the most in-scope answers kept).
    const value =
      options.minOutOfScopeRecall !== undefined && oos.length > 0
        ? recall >= options.minOutOfScopeRecall
          ? -t
          : -Infinity
        : oos.length > 0
          ? (right - rejRight) / inScope.length + recall
          : rejWrong / wrong - rejRight / right;
    if (value > best.value + 1e-12) best = { t, value };
  }
  const rule =
    oos.length === 0
      ? 'youden-wrong-answers'
      : options.minOutOfScopeRecall !== undefined
        ? 'min-oos-recall'
        : 'balanced-oos';
  return { threshold: best.t, rule, ...rates(outcomes, best.t) };
}

type Rates = Pick<ThresholdChoice, 'inScopeAccuracy' | 'outOfScopeRecall'>;

function rates(outcomes: readonly ValidationOutcome[], t: number): Rates {
  const inScope = outcomes.filter((o) => !o.outOfScope);
  const oos = outcomes.filter((o) => o.outOfScope);
  return {
    inScopeAccuracy: inScope.length ? inScope.filter((o) => o.correct && o.confidence >= t).length / inScope.length : 0,
    outOfScopeRecall: oos.length ? oos.filter((o) => o.confidence < t).length / oos.length : null,
  };
}
