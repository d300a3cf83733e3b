import { addPeriods, dayKey, parseDay, periodStart } from './periods';
import { mulberry32 as rng } from '@pipewise/ml/random';

export type OpenDeal = {
  id: string;
  name: string;
  amount: number | null;
  stage: string;
  stageProbability: number;
  /** The active deal model's probability, when the scoring module scored this deal. */
  score: number | null;
  expectedCloseDate: string | null;
  owner: string | null;
};

export type PipelineDeal = OpenDeal & {
  probability: number;
  probabilitySource: 'score' | 'stage';
  contribution: number;
  /** The month the deal is counted in ('' when spread over the window). */
  month: string;
  closeDateTreatment: 'as_planned' | 'overdue_moved_to_this_month' | 'missing_spread_over_window' | 'after_window';
};

export type PipelineMonth = {
  period: string;
  expected: number;
  commit: number;
  best: number;
  p90: number;
  lo95: number;
  hi95: number;
};

export type PipelineForecast = {
  months: number;
  window: { from: string; to: string };
  commit: number;
  mostLikely: number;
  bestCase: number;
  p90: number;
  byMonth: PipelineMonth[];
  deals: PipelineDeal[];
  counts: {
    open: number;
    inWindow: number;
    scored: number;
    overdue: number;
    noCloseDate: number;
    noAmount: number;
    afterWindow: number;
  };
  notes: string[];
};

export const SIMULATIONS = 4000;

const quantile = (sorted: Float64Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))] ?? 0;

/**
 * Open deals × win probability × amount over the next `months` calendar months (this one included).
 * Most likely = the expected value; commit = P10 and P90 of a Monte Carlo over independent won/lost outcomes;
 * best case = every open deal in the window won. Overdue close dates count in this month (the deal is still open);
 * missing close dates are spread evenly over the window; deals planned after the window are listed, not counted.
 */
export function pipelineForecast(open: readonly OpenDeal[], now: Date, months: number): PipelineForecast {
  const first = periodStart(now, 'month');
  const monthKeys = Array.from({ length: months }, (_, i) => dayKey(addPeriods(first, 'month', i)));
  const end = addPeriods(first, 'month', months);
  const today = dayKey(now);
  const counts = { open: open.length, inWindow: 0, scored: 0, overdue: 0, noCloseDate: 0, noAmount: 0, afterWindow: 0 };
  const deals: PipelineDeal[] = open.map((d) => {
    const probability = Math.min(1, Math.max(0, d.score ?? d.stageProbability));
    const probabilitySource = d.score !== null ? 'score' : 'stage';
    if (d.score !== null) counts.scored++;
    if (d.amount === null) counts.noAmount++;
    let month = '';
    let closeDateTreatment: PipelineDeal['closeDateTreatment'] = 'as_planned';
    if (!d.expectedCloseDate) {
      counts.noCloseDate++;
      closeDateTreatment = 'missing_spread_over_window';
    } else if (d.expectedCloseDate < today) {
      counts.overdue++;
      month = monthKeys[0]!;
      closeDateTreatment = 'overdue_moved_to_this_month';
    } else if (parseDay(d.expectedCloseDate).getTime() >= end.getTime()) {
      counts.afterWindow++;
      closeDateTreatment = 'after_window';
    } else {
      month = dayKey(periodStart(parseDay(d.expectedCloseDate), 'month'));
    }
    const counted = closeDateTreatment !== 'after_window';
    if (counted) counts.inWindow++;
    return {
      ...d,
      probability,
      probabilitySource,
      contribution: counted ? probability * (d.amount ?? 0) : 0,
      month,
      closeDateTreatment,
    };
  });

  // Monte Carlo: each counted deal is won with its probability, independently of the others.
  const counted = deals.filter((d) => d.closeDateTreatment !== 'after_window' && (d.amount ?? 0) > 0);
  const totals = new Float64Array(SIMULATIONS);
  const perMonth = monthKeys.map(() => new Float64Array(SIMULATIONS));
  const random = rng(counted.length * 7919 + months);
  for (let s = 0; s < SIMULATIONS; s++) {
    for (const d of counted) {
      if (random() >= d.probability) continue;
      const amount = d.amount ?? 0;
      totals[s]! += amount;
      if (d.month) perMonth[monthKeys.indexOf(d.month)]![s]! += amount;
      else for (const m of perMonth) m[s]! += amount / months;
    }
  }
  totals.sort();
  const byMonth = monthKeys.map((period, i) => {
    const sims = perMonth[i]!.sort();
    const inMonth = counted.filter((d) => d.month === period || !d.month);
    const share = (d: PipelineDeal) => (d.month ? 1 : 1 / months);
    return {
      period,
      expected: inMonth.reduce((s, d) => s + d.contribution * share(d), 0),
      best: inMonth.reduce((s, d) => s + (d.amount ?? 0) * share(d), 0),
      commit: quantile(sims, 0.1),
      p90: quantile(sims, 0.9),
      lo95: quantile(sims, 0.025),
      hi95: quantile(sims, 0.975),
    };
  });
  deals.sort((a, b) => b.contribution - a.contribution || (b.amount ?? 0) - (a.amount ?? 0));
  const notes = [
    counts.scored
      ? `${counts.scored} of ${counts.open} open deal(s) use the active deal model's win probability; the rest use their stage's default probability.`
      : "Win probabilities are the stages' default probabilities (no active deal-scoring model has scored these deals).",
  ];
  if (counts.overdue)
    notes.push(
      `${counts.overdue} deal(s) are past their expected close date but still open: they are counted in this month.`,
    );
  if (counts.noCloseDate)
    notes.push(
      `${counts.noCloseDate} deal(s) have no expected close date: they are spread evenly over the ${months} month(s).`,
    );
  if (counts.noAmount) notes.push(`${counts.noAmount} deal(s) have no amount and add nothing.`);
  if (counts.afterWindow)
    notes.push(
      `${counts.afterWindow} deal(s) are expected to close after ${dayKey(addPeriods(end, 'day', -1))} and are not counted.`,
    );
  return {
    months,
    window: { from: monthKeys[0]!, to: dayKey(addPeriods(end, 'day', -1)) },
    commit: quantile(totals, 0.1),
    mostLikely: counted.reduce((s, d) => s + d.contribution, 0),
    bestCase: counted.reduce((s, d) => s + (d.amount ?? 0), 0),
    p90: quantile(totals, 0.9),
    byMonth,
    deals,
    counts,
    notes,
  };
}
