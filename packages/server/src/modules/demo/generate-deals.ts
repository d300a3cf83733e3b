// Deals over two pipelines, with stage history. Won new-business deals are exactly the B2B conversions, so the
// win rate carries the same fit/engagement signal as the contacts; renewals decide which customers churn.
import { lostReasons } from './catalog';
import type { CompanyTraits } from './generator';
import type { DemoRows } from './demo.types';
import { DAY, YEAR, isoDate, notAfterNow, type Person, type Sim } from './sim';

export type PlannedLine = { sku: string; quantity: number };
/** Orders that follow from deals: the equipment bought when a deal is won, the plan paid when a renewal is. */
export type PlannedOrder = { person: Person; atMs: number; lines: PlannedLine[] };

type Stage = DemoRows['pipelineStages'][number];

export function generateDeals(sim: Sim, rows: DemoRows, people: Person[], companies: CompanyTraits[]): PlannedOrder[] {
  const { rng, nowMs } = sim;
  const planned: PlannedOrder[] = [];
  const stagesOf = (i: number) => rows.pipelineStages.filter((s) => s.pipelineId === rows.pipelines[i]!.id);
  const nb = stagesOf(0);
  const rn = stagesOf(1);
  const nbOpen = nb.filter((s) => s.kind === 'open');
  const nbWon = nb.find((s) => s.kind === 'won')!;
  const nbLost = nb.find((s) => s.kind === 'lost')!;
  const [rnDue, rnQuote, rnWon, rnLost] = rn as [Stage, Stage, Stage, Stage];
  const price = new Map(rows.products.map((p) => [p.sku!, p.price!]));
  const amountOf = (lines: PlannedLine[]) =>
    Math.round(lines.reduce((s, l) => s + l.quantity * (price.get(l.sku) ?? 0) * 100, 0)) / 100;

  function addDeal(
    p: Person,
    pipelineIndex: number,
    name: string,
    amount: number,
    createdMs: number,
    path: Stage[],
    times: number[],
    outcome: { status: 'open' | 'won' | 'lost'; closedMs?: number; lostReason?: string },
    expectedCloseMs: number,
  ) {
    const company = rows.companies[p.companyIndex]!;
    const id = sim.ids.uuid();
    let from: string | null = null;
    path.forEach((stage, i) => {
      rows.dealStageHistory.push({
        id: sim.ids.uuid(),
        workspaceId: sim.workspaceId,
        dealId: id,
        fromStageId: from,
        toStageId: stage.id,
        changedAt: new Date(times[i]!),
        changedBy: p.ownerId,
      });
      from = stage.id;
    });
    const lastMs = times[times.length - 1]!;
    rows.deals.push({
      id,
      workspaceId: sim.workspaceId,
      pipelineId: rows.pipelines[pipelineIndex]!.id,
      stageId: path[path.length - 1]!.id,
      name,
      amount,
      currency: 'USD',
      expectedCloseDate: isoDate(expectedCloseMs),
      status: outcome.status,
      lostReason: outcome.lostReason ?? null,
      closedAt: outcome.closedMs !== undefined ? new Date(outcome.closedMs) : null,
      stageEnteredAt: new Date(lastMs),
      contactId: p.id,
      companyId: company.id,
      ownerId: p.ownerId,
      source: p.source,
      externalId: null,
      tags: [],
      customFields: {},
      createdAt: new Date(createdMs),
      updatedAt: new Date(lastMs),
    });
    p.dealIds.push(id);
    p.lastChangeMs = Math.max(p.lastChangeMs, lastMs);
  }

  /** Stage entry times spread over [start, end] in order, with some jitter. */
  const spread = (start: number, end: number, n: number): number[] => {
    const out = [start];
    for (let i = 1; i < n; i++)
      out.push(
        Math.max(
          out[i - 1]! + 3_600_000,
          Math.floor(start + ((end - start) * (i - 0.3 + 0.6 * rng.next())) / Math.max(1, n - 1)),
        ),
      );
    return out.map((t) => Math.min(t, nowMs));
  };

  for (const p of people) {
    if (!p.b2b) continue;
    const company = companies[p.companyIndex]!;
    const units = p.units;
    const cafe = company.industry.machine !== 'EM-600';
    // Not every buyer takes a care plan; those who do come back to the Renewals pipeline each year.
    const withPlan = rng.chance(0.65);
    const bundle: PlannedLine[] = [
      { sku: units >= 3 && cafe ? 'EM-500' : company.industry.machine, quantity: units },
      ...(cafe ? [{ sku: units >= 2 ? 'GR-500' : 'GR-400', quantity: units }] : []),
      ...(withPlan ? [{ sku: company.industry.plan, quantity: units }] : []),
      { sku: 'CB-101', quantity: 10 * units },
    ];
    const name = `${company.name}: ${cafe ? 'espresso bar setup' : 'office coffee setup'}`;
    const amount = amountOf(bundle);
    // Bigger buyers take longer to decide.
    const cycleMs = Math.floor((20 + rng.exponential(35)) * (0.8 + 0.2 * units) * DAY);

    if (p.conversionMs !== null) {
      const created = Math.floor(p.createdMs + (p.conversionMs - p.createdMs) * rng.between(0.1, 0.45));
      const path = nbOpen.filter((_, i) => i === 0 || rng.chance(0.85));
      const times = spread(created, p.conversionMs, path.length + 1);
      times[times.length - 1] = p.conversionMs;
      addDeal(
        p,
        0,
        name,
        amount,
        created,
        [...path, nbWon],
        times,
        { status: 'won', closedMs: p.conversionMs },
        p.conversionMs + Math.floor(rng.between(-15, 20) * DAY),
      );
      planned.push({
        person: p,
        atMs: notAfterNow(sim, p.conversionMs + Math.floor(rng.between(1, 14) * DAY), p.conversionMs),
        lines: bundle,
      });
      if (withPlan) addRenewals(p, company);
      continue;
    }

    if (p.latentConversionMs !== null) {
      // Will be won after today: an open deal moving along on schedule.
      const created = Math.floor(p.createdMs + (p.latentConversionMs - p.createdMs) * rng.between(0.1, 0.45));
      if (created >= nowMs) continue;
      const fraction = (nowMs - created) / (p.latentConversionMs - created);
      const reached = Math.min(nbOpen.length - 1, Math.floor(fraction * nbOpen.length));
      const path = nbOpen.slice(0, reached + 1);
      addDeal(
        p,
        0,
        name,
        amount,
        created,
        path,
        spread(created, nowMs, path.length),
        { status: 'open' },
        p.latentConversionMs + Math.floor(rng.between(-10, 10) * DAY),
      );
      continue;
    }

    if (!rng.chance(0.03 + 0.2 * p.fit + 0.2 * p.engagement)) continue;
    const created = p.createdMs + Math.floor((2 + rng.exponential(20)) * DAY);
    if (created >= nowMs) continue;
    const plannedClose = created + cycleMs;
    const reached = rng.weighted([
      [0, 0.35],
      [1, 0.3],
      [2, 0.25],
      [3, 0.1],
    ] as const);
    const path = nbOpen.slice(0, reached + 1);
    const lostAt = plannedClose + Math.floor(rng.exponential(20) * DAY);
    // A few stay open past their close date (the stale deals a pipeline review should catch), but not for months on end.
    if (lostAt < nowMs && (rng.chance(0.85) || plannedClose < nowMs - 90 * DAY)) {
      const times = spread(created, lostAt, path.length + 1);
      addDeal(
        p,
        0,
        name,
        amount,
        created,
        [...path, nbLost],
        times,
        { status: 'lost', closedMs: times[times.length - 1]!, lostReason: rng.weighted(lostReasons) },
        plannedClose,
      );
    } else {
      addDeal(
        p,
        0,
        name,
        amount,
        created,
        path,
        spread(created, Math.min(nowMs, plannedClose), path.length),
        { status: 'open' },
        plannedClose,
      );
    }
  }

  function addRenewals(p: Person, company: CompanyTraits) {
    const conv = p.conversionMs!;
    const plan = company.industry.plan;
    for (let k = 1; ; k++) {
      const due = conv + k * YEAR;
      const created = due - 45 * DAY;
      if (created > nowMs) return;
      const name = `${company.name}: care plan renewal ${new Date(due).getUTCFullYear()}`;
      const amount = amountOf([{ sku: plan, quantity: p.units }]);
      if (due + 14 * DAY < nowMs) {
        // Customers still buying renew; those who drifted away mostly do not.
        const renewed = p.churnMs > due ? rng.chance(0.9) : rng.chance(0.25);
        const closed = Math.min(nowMs, due + Math.floor(rng.between(-20, 10) * DAY));
        const path = rng.chance(0.7) ? [rnDue, rnQuote] : [rnDue];
        const times = spread(created, closed, path.length + 1);
        if (renewed) {
          addDeal(
            p,
            1,
            name,
            amount,
            created,
            [...path, rnWon],
            times,
            { status: 'won', closedMs: times[times.length - 1]! },
            due,
          );
          planned.push({
            person: p,
            atMs: notAfterNow(sim, closed + Math.floor(rng.between(1, 5) * DAY), closed),
            lines: [{ sku: plan, quantity: p.units }],
          });
        } else {
          addDeal(
            p,
            1,
            name,
            amount,
            created,
            [...path, rnLost],
            times,
            { status: 'lost', closedMs: times[times.length - 1]!, lostReason: rng.weighted(lostReasons) },
            due,
          );
          p.churned = true;
          p.churnMs = Math.min(p.churnMs, closed);
          return;
        }
      } else {
        const path = nowMs > due - 20 * DAY && rng.chance(0.6) ? [rnDue, rnQuote] : [rnDue];
        addDeal(p, 1, name, amount, created, path, spread(created, nowMs, path.length), { status: 'open' }, due);
        return;
      }
    }
  }

  return planned;
}
