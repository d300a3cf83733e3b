import { z } from 'zod';
import {
  CHURN_AFTER_DAYS,
  DAY_MS,
  kpiBreakdown,
  kpiValues,
  LOWER_IS_BETTER,
  meetsTarget,
  periods,
  type KpiData,
} from '@pipewise/ml/kpis/kpis';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/http';
import { validationError } from '../../platform/errors';
import { assertRole } from '../auth/access';
import type { AuditService } from '../audit/audit.service';
import type { WorkspacesService } from '../workspaces/workspaces.service';
import type { MonitoringService } from '../monitoring/monitoring.service';
import { createKpisRepo, type KpiRows } from './kpis.repo';
import { kpiMetrics, type KpiMetric, type RoiMinutes } from './kpis.schema';

/** What the sequences module reports for the ROI (wired at merge; absent until then). */
export type SequenceOutcomes = {
  /** People enrolled in a sequence since the date, and how many of them converted. */
  enrolled: number;
  converted: number;
  /** The holdout: people held back from the same sequences, and how many of them converted anyway. */
  holdout: number;
  holdoutConverted: number;
  /** Emails and tasks the sequences sent or created without a person. */
  stepsAutomated: number;
};
export type SequenceOutcomesOf = (workspaceId: string, since: Date) => Promise<SequenceOutcomes | null>;
/** What the chatbot module reports for the ROI (wired at merge; absent until then). */
export type ChatbotOutcomes = { conversations: number; answeredWithoutPerson: number; leadsCaptured: number };
export type ChatbotOutcomesOf = (workspaceId: string, since: Date) => Promise<ChatbotOutcomes | null>;

export const METRIC_INFO: Record<
  KpiMetric,
  { label: string; unit: 'rate' | 'money' | 'days' | 'money_per_day'; formula: string }
> = {
  conversion_rate: {
    label: 'Lead conversion rate',
    unit: 'rate',
    formula: 'contacts added in the period who are customers now ÷ contacts added in the period',
  },
  win_rate: { label: 'Win rate', unit: 'rate', formula: 'deals won ÷ deals closed (won + lost) in the period' },
  avg_deal_size: { label: 'Average deal size', unit: 'money', formula: 'total amount of deals won ÷ deals won' },
  sales_cycle_days: {
    label: 'Sales cycle length',
    unit: 'days',
    formula: 'average days from a won deal being created to being won',
  },
  pipeline_velocity: {
    label: 'Pipeline velocity',
    unit: 'money_per_day',
    formula: 'open deals at the end of the period × win rate × average deal size ÷ sales cycle days',
  },
  avg_order_value: {
    label: 'Average order value',
    unit: 'money',
    formula: 'total of orders (not cancelled or refunded) ÷ number of orders',
  },
  repeat_purchase_rate: {
    label: 'Repeat-purchase rate',
    unit: 'rate',
    formula: 'customers who ordered in the period and had ordered before ÷ customers who ordered in the period',
  },
  churn_rate: {
    label: 'Customer churn',
    unit: 'rate',
    formula: `customers who bought in the ${CHURN_AFTER_DAYS} days before the period and went ${CHURN_AFTER_DAYS} days without buying by its end ÷ those customers`,
  },
};

export const targetInputSchema = z
  .object({
    period: z.enum(['month', 'quarter']).default('month'),
    target: z.number().finite().min(0).max(1e12),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
const minutesSchema = z
  .object({
    scoredLead: z.number().min(0).max(600),
    sequenceStep: z.number().min(0).max(600),
    chatbotAnswer: z.number().min(0).max(600),
    leadCaptured: z.number().min(0).max(600),
  })
  .strict();
export const roiSettingsInputSchema = z
  .object({
    adoptedOn: z.iso.date().nullable().optional(),
    minutes: minutesSchema.partial().optional(),
    hourlyRate: z.number().min(0).max(100_000).optional(),
    costs: z
      .array(z.object({ label: z.string().trim().min(1).max(100), monthly: z.number().min(0).max(1e9) }).strict())
      .max(20)
      .optional(),
  })
  .strict();
const DEFAULT_MINUTES: RoiMinutes = { scoredLead: 2, sequenceStep: 3, chatbotAnswer: 4, leadCaptured: 5 };
const DEFAULT_HOURLY = 30;

const round = (x: number | null, d = 4) =>
  x === null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d;
const time = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
const num = (v: string | number | null) => (v === null ? null : Number(v));

export function toKpiData(rows: KpiRows): KpiData {
  return {
    contacts: rows.contacts.map((c) => ({ ...c, createdAt: time(c.created_at)!, customer: Boolean(c.customer) })),
    deals: rows.deals.map((d) => ({
      rep: d.rep,
      source: d.source,
      segment: d.segment,
      status: d.status,
      amount: num(d.amount),
      createdAt: time(d.created_at)!,
      closedAt: time(d.closed_at),
    })),
    orders: rows.orders.map((o) => ({
      rep: o.rep,
      source: o.source,
      segment: o.segment,
      contactId: o.contact_id,
      at: time(o.ordered_at)!,
      total: Number(o.total),
      firstOrderAt: time(o.first_order_at),
    })),
  };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues);
  return r.data;
}

/**
 * The business's objectives and key metrics against their targets over time, by rep, source and segment, and the
 * ROI report from the business's own figures (docs/kpis.md).
 */
export function createKpisService({
  db,
  clock,
  audit,
  workspaces,
  monitoring,
  sequenceOutcomes,
  chatbotOutcomes,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  workspaces: Pick<WorkspacesService, 'get'>;
  monitoring: Pick<MonitoringService, 'status' | 'scoredSince'>;
  sequenceOutcomes?: SequenceOutcomesOf;
  chatbotOutcomes?: ChatbotOutcomesOf;
}) {
  const repo = createKpisRepo(db);

  async function data(actor: Actor, from: number) {
    return toKpiData(await repo.rows(actor, new Date(from), new Date(from - (CHURN_AFTER_DAYS + 1) * DAY_MS)));
  }

  async function overview(actor: Actor, opts: { months?: number } = {}) {
    const months = Math.min(Math.max(Math.round(opts.months ?? 12), 1), 36);
    const now = clock.now().getTime();
    const d = new Date(now);
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (months - 1), 1);
    // Quarters reach back to the start of the first quarter.
    const qFrom = Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 - 3 * Math.ceil(months / 3), 1);
    const rows = await data(actor, Math.min(from, qFrom));
    const targets = new Map((await repo.targets(actor.workspaceId)).map((t) => [t.metric, t]));
    const monthly = periods(from, now, 'month').map((p) => ({ ...p, values: kpiValues(rows, p.from, p.to) }));
    const quarterly = periods(Math.max(qFrom, from - 60 * DAY_MS), now, 'quarter').map((p) => ({
      ...p,
      values: kpiValues(rows, p.from, p.to),
    }));
    const by = (key: 'rep' | 'source' | 'segment') => kpiBreakdown(rows, key, from, now + 1);
    const breakdowns = { rep: by('rep'), source: by('source'), segment: by('segment') };
    const metrics = kpiMetrics.map((metric) => {
      const t = targets.get(metric) ?? null;
      const series = (t?.period === 'quarter' ? quarterly : monthly).map((p) => ({
        period: p.label,
        partial: p.partial,
        value: round(p.values[metric].value),
        n: p.values[metric].n,
        meetsTarget: t ? meetsTarget(metric, p.values[metric].value, t.target) : null,
      }));
      const complete = series.filter((p) => !p.partial);
      const last = complete[complete.length - 1] ?? null;
      const current = series[series.length - 1] ?? null;
      return {
        metric,
        ...METRIC_INFO[metric],
        lowerIsBetter: LOWER_IS_BETTER.has(metric),
        target: t ? { period: t.period, target: t.target, note: t.note, updatedAt: t.updatedAt.toISOString() } : null,
        lastComplete: last,
        current,
        series,
        breakdowns: Object.fromEntries(
          Object.entries(breakdowns).map(([k, groups]) => [
            k,
            groups
              .map((g) => ({ group: g.group, value: round(g.values[metric].value), n: g.values[metric].n }))
              .filter((g) => g.n > 0)
              .sort((a, b) => b.n - a.n),
          ]),
        ) as Record<'rep' | 'source' | 'segment', { group: string | null; value: number | null; n: number }[]>,
      };
    });
    return {
      now: new Date(now).toISOString(),
      from: new Date(from).toISOString(),
      months,
      metrics,
      caveats: [
        'A figure over few records moves a lot by chance: the number of records (n) is shown beside each one.',
        'Breakdowns cover the whole range shown; reps see only their own records.',
        `The month in progress is partial; churn needs ${CHURN_AFTER_DAYS} days of silence, so recent months show little churn yet.`,
      ],
    };
  }

  async function setTarget(actor: Actor, metric: string, input: unknown) {
    assertRole(actor, 'manager');
    if (!(kpiMetrics as readonly string[]).includes(metric))
      throw validationError([{ path: ['metric'], message: `unknown metric; one of ${kpiMetrics.join(', ')}` }]);
    const v = parse(targetInputSchema, input);
    if (METRIC_INFO[metric as KpiMetric].unit === 'rate' && v.target > 1)
      throw validationError([{ path: ['target'], message: 'a rate is a share between 0 and 1 (0.25 for 25%)' }]);
    await db.transaction(async (tx) => {
      const before = await repo.target(tx, actor.workspaceId, metric as KpiMetric);
      await repo.upsertTarget(tx, {
        workspaceId: actor.workspaceId,
        metric: metric as KpiMetric,
        period: v.period,
        target: v.target,
        note: v.note ?? null,
        updatedAt: clock.now(),
      });
      await audit.record(tx, actor, {
        action: 'kpis.target.set',
        entityType: 'kpi_target',
        entityId: null,
        before: before ? { metric, period: before.period, target: before.target } : null,
        after: { metric, period: v.period, target: v.target, note: v.note ?? null },
      });
    });
    return { metric, period: v.period, target: v.target, note: v.note ?? null };
  }

  async function removeTarget(actor: Actor, metric: string) {
    assertRole(actor, 'manager');
    if (!(kpiMetrics as readonly string[]).includes(metric))
      throw validationError([{ path: ['metric'], message: `unknown metric; one of ${kpiMetrics.join(', ')}` }]);
    await db.transaction(async (tx) => {
      const before = await repo.target(tx, actor.workspaceId, metric as KpiMetric);
      if (!before) return;
      await repo.deleteTarget(tx, actor.workspaceId, metric as KpiMetric);
      await audit.record(tx, actor, {
        action: 'kpis.target.delete',
        entityType: 'kpi_target',
        entityId: null,
        before: { metric, period: before.period, target: before.target },
      });
    });
  }

  async function settingsOf(workspaceId: string) {
    const s = await repo.settings(db, workspaceId);
    const ws = await workspaces.get(workspaceId);
    return {
      adoptedOn: s?.adoptedOn ?? null,
      workspaceCreatedOn: ws.createdAt.toISOString().slice(0, 10),
      minutes: { ...DEFAULT_MINUTES, ...(s?.minutes ?? {}) },
      hourlyRate: s?.hourlyRate ?? DEFAULT_HOURLY,
      costs: s?.costs ?? [],
    };
  }

  async function updateSettings(actor: Actor, input: unknown) {
    assertRole(actor, 'admin');
    const v = parse(roiSettingsInputSchema, input);
    const cur = await settingsOf(actor.workspaceId);
    const next = {
      adoptedOn: v.adoptedOn === undefined ? cur.adoptedOn : v.adoptedOn,
      minutes: { ...cur.minutes, ...(v.minutes ?? {}) },
      hourlyRate: v.hourlyRate ?? cur.hourlyRate,
      costs: v.costs ?? cur.costs,
    };
    await db.transaction(async (tx) => {
      await repo.upsertSettings(tx, { workspaceId: actor.workspaceId, ...next, updatedAt: clock.now() });
      await audit.record(tx, actor, {
        action: 'kpis.roi_settings.update',
        entityType: 'kpi_settings',
        entityId: null,
        before: { adoptedOn: cur.adoptedOn, minutes: cur.minutes, hourlyRate: cur.hourlyRate, costs: cur.costs },
        after: next,
      });
    });
    return settingsOf(actor.workspaceId);
  }

  /** The ROI report: every figure with the formula that made it, from the business's own data and entries. */
  async function roi(actor: Actor) {
    const settings = await settingsOf(actor.workspaceId);
    const now = clock.now().getTime();
    const adoptedOn = settings.adoptedOn ?? settings.workspaceCreatedOn;
    const adopted = Math.min(Date.parse(`${adoptedOn}T00:00:00Z`), now);
    const since = new Date(adopted);
    const months = Math.max((now - adopted) / (30.4375 * DAY_MS), 0);
    const fmt = (x: number, d = 2) => (Math.round(x * 10 ** d) / 10 ** d).toLocaleString('en-US');

    // Conversion in the top score tier against the base rate (monitoring's prediction log, outcomes known).
    const st = await monitoring.status(actor);
    const leads = st.targets.find((t) => t.target === 'contact_conversion');
    const overall = leads?.overall ?? null;
    const tierA = overall?.tiers.find((t) => t.tier === 'A') ?? null;
    const topTier =
      overall && tierA && tierA.n > 0
        ? {
            available: true as const,
            outcomes: overall.n,
            tierAN: tierA.n,
            tierAConversion: tierA.conversion,
            baseRate: overall.baseRate,
            lift: overall.topTierLift,
            formula: `tier A conversion ${fmt(tierA.conversion * 100, 1)}% ÷ base rate ${fmt(overall.baseRate * 100, 1)}% = ${overall.topTierLift === null ? 'n/a' : `${fmt(overall.topTierLift)}×`} (${tierA.n} tier A leads of ${overall.n} with a known outcome)`,
            message: null,
          }
        : {
            available: false as const,
            message: 'No scored leads with a known outcome yet: monitoring fills this in as leads convert or time out.',
          };

    const seq = sequenceOutcomes ? await sequenceOutcomes(actor.workspaceId, since) : null;
    const sequences = seq
      ? (() => {
          const rate = seq.enrolled ? seq.converted / seq.enrolled : null;
          const holdRate = seq.holdout ? seq.holdoutConverted / seq.holdout : null;
          const extra = rate !== null && holdRate !== null ? (rate - holdRate) * seq.enrolled : null;
          return {
            available: true as const,
            ...seq,
            conversion: round(rate),
            holdoutConversion: round(holdRate),
            extraConversions: round(extra, 1),
            formula:
              rate !== null && holdRate !== null
                ? `(${fmt(rate * 100, 1)}% − holdout ${fmt(holdRate * 100, 1)}%) × ${seq.enrolled} enrolled = ${fmt(extra!, 1)} conversions the sequences added`
                : seq.holdout === 0
                  ? 'no comparison: sequences send to everyone they enrol (their holdout only changes the send time)'
                  : 'needs people both in sequences and in the holdout',
            message: null,
          };
        })()
      : { available: false as const, message: 'No sequences yet.' };

    const bot = chatbotOutcomes ? await chatbotOutcomes(actor.workspaceId, since) : null;
    const chatbot = bot
      ? {
          available: true as const,
          ...bot,
          formula: `${bot.answeredWithoutPerson} of ${bot.conversations} conversations answered without a person; ${bot.leadsCaptured} leads captured`,
          message: null,
        }
      : { available: false as const, message: 'The chatbot is not set up yet.' };

    const m = settings.minutes;
    const scored = await monitoring.scoredSince(actor.workspaceId, since);
    const actions = [
      {
        kind: 'scoredLead',
        label: 'leads and deals scored (no manual qualification)',
        count: scored,
        minutes: m.scoredLead,
      },
      {
        kind: 'sequenceStep',
        label: 'sequence emails and tasks sent automatically',
        count: seq?.stepsAutomated ?? 0,
        minutes: m.sequenceStep,
      },
      {
        kind: 'chatbotAnswer',
        label: 'chat questions answered without a person',
        count: bot?.answeredWithoutPerson ?? 0,
        minutes: m.chatbotAnswer,
      },
      {
        kind: 'leadCaptured',
        label: 'leads captured by the chatbot',
        count: bot?.leadsCaptured ?? 0,
        minutes: m.leadCaptured,
      },
    ].map((a) => ({
      ...a,
      hours: round((a.count * a.minutes) / 60, 2)!,
      formula: `${a.count} × ${a.minutes} min ÷ 60`,
    }));
    const hours = actions.reduce((s, a) => s + (a.count * a.minutes) / 60, 0);
    const valueOfTime = hours * settings.hourlyRate;
    const monthlyCosts = settings.costs.reduce((s, c) => s + c.monthly, 0);
    const costs = monthlyCosts * months;
    const net = valueOfTime - costs;

    // Before/after the adoption date: the same KPIs over equal windows (at most a year) on each side.
    const span = Math.min(now - adopted, 365 * DAY_MS);
    let beforeAfter = null;
    if (span >= DAY_MS) {
      const rows = await data(actor, adopted - span);
      const before = kpiValues(rows, adopted - span, adopted);
      const after = kpiValues(rows, adopted, now + 1);
      beforeAfter = {
        days: Math.round(span / DAY_MS),
        metrics: kpiMetrics.map((metric) => ({
          metric,
          label: METRIC_INFO[metric].label,
          unit: METRIC_INFO[metric].unit,
          lowerIsBetter: LOWER_IS_BETTER.has(metric),
          before: round(before[metric].value),
          beforeN: before[metric].n,
          after: round(after[metric].value),
          afterN: after[metric].n,
        })),
      };
    }

    return {
      adoptedOn,
      adoptedOnSource: settings.adoptedOn ? ('owner' as const) : ('workspace_created' as const),
      months: round(months, 1)!,
      settings,
      topTier,
      sequences,
      chatbot,
      hoursSaved: {
        actions,
        hours: round(hours, 1)!,
        hourlyRate: settings.hourlyRate,
        value: round(valueOfTime, 2)!,
        formula: `${fmt(hours, 1)} hours × ${fmt(settings.hourlyRate)} per hour = ${fmt(valueOfTime)}`,
      },
      costs: {
        monthly: round(monthlyCosts, 2)!,
        total: round(costs, 2)!,
        formula: `${fmt(monthlyCosts)} a month × ${fmt(months, 1)} months since ${adoptedOn} = ${fmt(costs)}`,
      },
      net: {
        value: round(net, 2)!,
        formula: `value of time saved ${fmt(valueOfTime)} − costs ${fmt(costs)} = ${fmt(net)}`,
      },
      beforeAfter,
      caveats: [
        'Before/after is not cause and effect: seasons, prices, staff and the market changed too.',
        'Small numbers move a lot by chance: look at the counts (n) beside each figure before drawing a conclusion.',
        'Hours saved are estimates from the minutes you entered; the value of time saved is not money in the bank.',
        'Only the sequences holdout compares like with like (people held back at random); the other figures do not.',
      ],
    };
  }

  return {
    overview,
    setTarget,
    removeTarget,
    roi,
    roiSettings: (actor: Actor) => settingsOf(actor.workspaceId),
    updateRoiSettings: updateSettings,
  };
}
export type KpisService = ReturnType<typeof createKpisService>;
