import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { call, client, type ApiResponse } from '../lib/client';
import { Icon } from './Icon';
import { Link } from './Link';

export type TrustSummary = ApiResponse<'/api/v1/monitoring/summary', 'get'>;
export type TrustArea = 'scores' | 'forecasts' | 'segments' | 'chatbot' | 'sequences';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));

/** The plain words for each AI feature: what it does, and when not to trust it. */
const WORDS: Record<TrustArea, { how: string; whenNot: string[] }> = {
  scores: {
    how: 'Each lead and deal gets a chance of converting, learned from your own past leads and deals: who became a customer and who did not. The tiers (A best) sort them so you can call the likeliest first. The reasons shown are what pushed that score up or down.',
    whenNot: [
      'When you know something the data does not (a phone call, a referral): your judgement wins, and overriding the tier is counted on Model health.',
      'For kinds of leads the model has rarely seen (a new source, a new country).',
      'When Model health shows an alert: the model is doing worse than when it was approved.',
    ],
  },
  forecasts: {
    how: 'The forecast extends your past sales (and open deals weighted by their chance of closing) into the coming periods. The shaded ranges show where the real figure should land 8 times out of 10, or 95 times out of 100.',
    whenNot: [
      'After something changes the pattern: a new product, a price change, a lost big customer.',
      'With little history (under two years, seasons are guesses).',
      'Far ahead: the ranges widen for a reason.',
    ],
  },
  segments: {
    how: 'Customers are grouped by how recently, how often and how much they buy (RFM). A customer is flagged "at risk" when the gap since their last order is much longer than their usual gap between orders.',
    whenNot: [
      'For customers with one or two orders: their usual rhythm is a guess.',
      'For seasonal buyers: a long gap may be normal for them.',
      'A flag is a prompt to look, not a verdict: check before you discount.',
    ],
  },
  chatbot: {
    how: "The chatbot matches a visitor's question to the answers in your knowledge base, and only ever answers from them. When it is not sure enough it says so and offers a person; when two answers are close it asks which one was meant.",
    whenNot: [
      'For complaints, refunds, or anything where a wrong answer costs a customer: hand over to a person.',
      'When the Unanswered list grows: visitors are asking things your answers do not cover yet.',
      'In languages other than English: it says so and offers a person.',
    ],
  },
  sequences: {
    how: "Sequences send follow-ups on a schedule, at each person's usual best hour, and stop when someone replies, buys or says no. A random share (10% by default) is sent at the usual fixed time instead, so the Results tab can show whether the timing helps.",
    whenNot: [
      'When the groups are small: the Results tab says how confident a difference is.',
      'To judge whether a sequence works at all: everyone enrolled gets it, so replies and deals are not all caused by it.',
    ],
  },
};

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg bg-white px-3 py-2 ring-1 ring-slate-200" title={hint}>
      <div className="text-xs text-slate-500">{label}</div>
      <div className="text-sm font-semibold text-slate-900">{value}</div>
    </div>
  );
}

function Measured({ area, s }: { area: TrustArea; s: TrustSummary }) {
  if (area === 'scores')
    return (
      <>
        {s.scores.map((t) => (
          <Figure
            key={t.target}
            label={`${t.target === 'deal_won' ? 'Deal' : 'Lead'} scores: ranking (AUC)`}
            value={
              t.auc !== null
                ? `${num(t.auc)} on ${t.outcomes} outcomes${t.alerts.length ? ' · alert' : ''}`
                : t.testAuc !== null
                  ? `${num(t.testAuc)} at training (no outcomes yet)`
                  : 'no model yet'
            }
            hint={`AUC: 0.5 is a coin flip, 1 is perfect; the promotion bar is ${t.promotionBar}. ${t.basis ? `Measured on ${t.basis}.` : ''}`}
          />
        ))}
        {s.scores
          .filter((t) => t.brier !== null)
          .map((t) => (
            <Figure
              key={`${t.target}-brier`}
              label={`${t.target === 'deal_won' ? 'Deal' : 'Lead'} scores: error (Brier)`}
              value={num(t.brier, 3)}
              hint="Brier score: the average squared gap between the chance shown and what happened; lower is better."
            />
          ))}
      </>
    );
  if (area === 'forecasts')
    return s.forecasts.checked ? (
      <>
        <Figure
          label="Error vs a naive guess (MASE)"
          value={num(s.forecasts.mase)}
          hint="Below 1: better than repeating last period (or last season)."
        />
        <Figure label="Actuals inside the 80% range" value={pct(s.forecasts.coverage80)} />
        <Figure label="Actuals inside the 95% range" value={pct(s.forecasts.coverage95)} />
      </>
    ) : (
      <Figure label="Measured accuracy" value="no past forecast has actuals yet" />
    );
  if (area === 'segments')
    return s.churn.hitRate !== null ? (
      <>
        <Figure
          label={`Flagged at risk ${s.churn.days} days ago, no purchase since`}
          value={`${pct(s.churn.hitRate)} of ${s.churn.flagged}`}
        />
        <Figure label="All customers then, no purchase since" value={pct(s.churn.baseRate)} />
      </>
    ) : (
      <Figure label="Churn-risk hit rate" value={s.churn.message ?? 'not measured yet'} />
    );
  return null;
}

const fetchRoi = (signal?: AbortSignal) => call(client.GET('/api/v1/kpis/roi', { signal }));
type Roi = Awaited<ReturnType<typeof fetchRoi>>;

/** The chatbot's and sequences' own outcomes since Pipewise was adopted (from the ROI report). */
function Outcomes({ area, roi }: { area: TrustArea; roi: Roi }) {
  if (area === 'chatbot')
    return roi.chatbot.available ? (
      <>
        <Figure
          label="Chats answered without a person"
          value={`${roi.chatbot.answeredWithoutPerson} of ${roi.chatbot.conversations}`}
        />
        <Figure label="Leads captured in chats" value={roi.chatbot.leadsCaptured} />
      </>
    ) : (
      <Figure label="Measured on your chats" value={roi.chatbot.message ?? 'no chats yet'} />
    );
  if (area === 'sequences')
    return roi.sequences.available ? (
      <>
        <Figure label="People enrolled" value={roi.sequences.enrolled} />
        <Figure
          label="Ended in a reply or a deal"
          value={`${roi.sequences.converted} (${pct(roi.sequences.conversion)})`}
        />
      </>
    ) : (
      <Figure label="Measured on your sequences" value={roi.sequences.message ?? 'no sequences yet'} />
    );
  return null;
}

/**
 * "How this works, and when not to trust it": one panel for every AI page, in a shop owner's words, with the model's
 * current measured accuracy from monitoring. Pages without figures in monitoring (chatbot, sequences) pass their own.
 */
export function TrustPanel({
  area,
  figures,
  defaultOpen = false,
}: {
  area: TrustArea;
  figures?: { label: string; value: ReactNode; hint?: string }[];
  defaultOpen?: boolean;
}) {
  const summary = useQuery({
    queryKey: ['monitoring', 'summary'],
    queryFn: ({ signal }) => call(client.GET('/api/v1/monitoring/summary', { signal })),
    enabled: area === 'scores' || area === 'forecasts' || area === 'segments',
  });
  const roi = useQuery({
    queryKey: ['kpis', 'roi'],
    queryFn: ({ signal }) => fetchRoi(signal),
    enabled: area === 'chatbot' || area === 'sequences',
  });
  const w = WORDS[area];
  return (
    <details
      className="group mb-4 rounded-xl bg-sky-50/60 ring-1 ring-sky-200"
      open={defaultOpen}
      data-testid={`trust-panel-${area}`}
    >
      <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-2.5 text-sm font-medium text-sky-900">
        <Icon name="shield" className="h-4 w-4" />
        How this works, and when not to trust it
        <span className="ml-auto text-xs font-normal text-sky-700 group-open:hidden">Show</span>
        <span className="ml-auto hidden text-xs font-normal text-sky-700 group-open:inline">Hide</span>
      </summary>
      <div className="space-y-3 border-t border-sky-100 px-4 py-3 text-sm text-slate-700">
        <p>{w.how}</p>
        <div>
          <div className="font-medium text-slate-900">Do not rely on it</div>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {w.whenNot.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
        <div>
          <div className="mb-1.5 font-medium text-slate-900">Measured on your data, against what really happened</div>
          <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4" data-testid="trust-figures">
            {figures?.map((f) => (
              <Figure key={f.label} {...f} />
            ))}
            {summary.data ? (
              <Measured area={area} s={summary.data} />
            ) : summary.isError ? (
              <Figure label="Measured accuracy" value="could not be loaded" />
            ) : summary.isLoading ? (
              <Figure label="Measured accuracy" value="loading…" />
            ) : null}
            {roi.data && <Outcomes area={area} roi={roi.data} />}
          </div>
          {area !== 'chatbot' && area !== 'sequences' && (
            <Link to="/model-health" className="mt-2 inline-block text-xs font-medium text-brand-700 hover:underline">
              All figures on Model health
            </Link>
          )}
        </div>
      </div>
    </details>
  );
}
