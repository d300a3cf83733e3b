import { and, eq } from 'drizzle-orm';
import { computeRfm, segmentCustomers, type OrderLine } from '@pipewise/ml/segments/index';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import { assertRole } from '../auth/access';
import { createSegmentsRepo, type CustomerRfmRow } from './segments.repo';
import { clusterCustomers, type ClusterInput, type ClusterProfileOut } from './cluster-features';
import { rfmGrid, type GridCell } from './rfm-grid';
import { segmentDefinitions, segmentOfCell, type RunOptions } from './segments.model';
import { segmentRuns } from './segments.schema';

/**
 * Data whose newest order is older than this is measured from its own end, not from today: otherwise recency and
 * churn risk flag every customer of an old export.
 */
export const STALE_DATA_DAYS = 90;

export type RunSummary = {
  asOf: string;
  /** 'data_end' when the newest order is more than STALE_DATA_DAYS old and recency is measured from it. */
  measuredFrom?: 'today' | 'data_end';
  /** New = first purchase within this many days of asOf (how recent the newest fifth of customers is). */
  recencyWindowDays?: number;
  customers: number;
  revenue: number;
  totalClv: number;
  churnRisk: number;
  singleOrderCustomers: number;
  returnsNetted: number;
  segments: {
    name: string;
    customers: number;
    share: number;
    revenue: number;
    revenueShare: number;
    churnRisk: number;
    meaning: string;
    action: string;
    cells: string;
  }[];
  grid: GridCell[];
  clusters: {
    features: string[];
    sweep: { k: number; silhouette: number; inertia: number }[];
    bestK: number | null;
    profiles: ClusterProfileOut[];
  };
  evaluation: unknown;
  warnings: string[];
};

export type Progress = (fraction: number, message?: string) => Promise<void> | void;
type Evaluate = (workspaceId: string) => Promise<unknown>;

const DAY_MS = 86_400_000;

export function createSegmentsService({
  db,
  clock,
  audit,
  evaluate,
  profilingExcluded,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  evaluate?: Evaluate;
  profilingExcluded?: (workspaceId: string) => Promise<Set<string>>;
}) {
  const repo = createSegmentsRepo(db);

  /** RFM, named segments, lifetime value, churn risk and clusters for every customer; stored as a new run. */
  async function compute(workspaceId: string, options: RunOptions, progress: Progress = () => {}) {
    const now = clock.now();
    await progress(0.05, 'Reading orders and won deals');
    // Who objected to profiling (privacy module) is in no segment from this run on.
    const excluded = profilingExcluded ? await profilingExcluded(workspaceId) : null;
    const raw = (await repo.orderLines(workspaceId, now)).filter((r) => !excluded?.has(r.contact_id));
    const lines: OrderLine[] = raw.map((r) => ({
      customer: r.contact_id,
      orderId: r.order_id,
      time: new Date(r.at).getTime(),
      amount: Number(r.amount),
    }));
    const warnings: string[] = [];
    const returns = lines.filter((l) => l.amount < 0);
    if (returns.length)
      warnings.push(
        `${returns.length} return(s)/credit(s) (negative totals, ${returns.reduce((s, l) => s + l.amount, 0).toFixed(2)}) were netted into spend; they do not count as orders or change recency.`,
      );
    const zero = lines.filter((l) => l.amount === 0).length;
    if (zero) warnings.push(`${zero} order(s) with a zero total were ignored.`);
    const newest = lines.reduce((m, l) => (l.amount > 0 && l.time > m ? l.time : m), Number.NEGATIVE_INFINITY);
    const dataEnd = Number.isFinite(newest) && now.getTime() - newest > STALE_DATA_DAYS * DAY_MS;
    // Measured from the day after the newest order, so that order is 1 day old, as a same-day order is today.
    const asOf = dataEnd ? new Date(Math.floor(newest / DAY_MS) * DAY_MS + DAY_MS) : now;
    if (dataEnd) {
      warnings.unshift(
        `The newest order is from ${new Date(newest).toISOString().slice(0, 10)}, ${Math.round((now.getTime() - newest) / DAY_MS)} days ago: recency, churn risk and lifetime value are measured from ${asOf.toISOString().slice(0, 10)} (the end of the data), not from today.`,
      );
    }
    const { customers: rfm } = computeRfm(
      lines.filter((l) => l.amount !== 0),
      { asOf: asOf.getTime() },
    );
    const seen = new Set(lines.map((l) => l.customer));
    if (seen.size > rfm.length)
      warnings.push(
        `${seen.size - rfm.length} contact(s) with only returns or zero-value orders were left out (nothing bought to score).`,
      );
    if (rfm.length === 0) {
      warnings.unshift(
        'No orders yet: RFM segments need orders (not cancelled or refunded) or won deals linked to contacts. Import orders, add them on a contact, or load the demo data.',
      );
    }
    await progress(0.2, `Scoring ${rfm.length} customers`);
    const seg = segmentCustomers(rfm, asOf.getTime());
    const single = rfm.filter((c) => c.frequency === 1).length;
    if (single)
      warnings.push(
        `${single} of ${rfm.length} customer(s) have a single order: their usual gap between orders is the median of repeat customers (${Math.round(seg.populationGapDays)} days).`,
      );
    const extras = new Map(
      (
        await repo.contactExtras(
          workspaceId,
          rfm.map((c) => c.customer),
          asOf,
        )
      ).map((e) => [e.id, e]),
    );
    const inputs: ClusterInput[] = seg.customers.map((c) => {
      const e = extras.get(c.customer);
      return {
        recencyDays: c.recencyDays,
        frequency: c.frequency,
        monetary: c.monetary,
        extras: {
          clv: c.clv,
          returns: -c.returns,
          avgOrderValue: c.monetary / Math.max(1, c.frequency),
          activities90d: Number(e?.activities_90d ?? 0),
          country: e?.country ?? null,
          source: e?.source ?? null,
          lifecycleStage: e?.lifecycle_stage ?? null,
        },
      };
    });
    await progress(0.35, `k-means sweep k=${options.kMin}..${options.kMax}`);
    const clusters = rfm.length
      ? clusterCustomers(inputs, { numeric: options.numeric, categorical: options.categorical }, [
          options.kMin,
          options.kMax,
        ])
      : { sweep: [], bestK: null, labels: [], profiles: [], features: [], warnings: [] };
    warnings.push(...clusters.warnings);
    const previous = await repo.latestRun(workspaceId);
    const names = new Map(
      ((previous?.summary as RunSummary | undefined)?.clusters.profiles ?? [])
        .filter((p) => p.name !== p.label)
        .map((p) => [p.label, p.name]),
    );
    for (const p of clusters.profiles) p.name = names.get(p.label) ?? p.name; // keep names people gave to the same cluster
    await progress(0.7, 'Evaluating recommendations');
    const evaluation = evaluate
      ? await evaluate(workspaceId).catch((e: unknown) => ({
          message: `Evaluation failed: ${e instanceof Error ? e.message : String(e)}`,
        }))
      : null;
    const definitions = new Map(segmentDefinitions().map((d) => [d.name, d]));
    const summary: RunSummary = {
      asOf: asOf.toISOString(),
      measuredFrom: dataEnd ? 'data_end' : 'today',
      recencyWindowDays: Math.round(seg.recencyWindowDays),
      customers: rfm.length,
      revenue: round(seg.customers.reduce((s, c) => s + c.monetary, 0)),
      totalClv: round(seg.customers.reduce((s, c) => s + c.clv, 0)),
      churnRisk: seg.customers.filter((c) => c.churnRisk).length,
      singleOrderCustomers: single,
      returnsNetted: round(returns.reduce((s, l) => s + l.amount, 0)),
      segments: seg.segments.map((s) => ({
        ...s,
        revenue: round(s.revenue),
        cells: definitions.get(s.name)?.cells ?? '',
      })),
      grid: rfmGrid(seg.customers, segmentOfCell),
      clusters: {
        features: clusters.features,
        sweep: clusters.sweep,
        bestK: clusters.bestK,
        profiles: clusters.profiles,
      },
      evaluation,
      warnings,
    };
    await progress(0.85, 'Saving segments and membership history');
    const run = await db.transaction(async (tx) => {
      const r = await repo.insertRun(tx, { workspaceId, asOf, customers: rfm.length, summary, options });
      const rows: CustomerRfmRow[] = seg.customers.map((c, i) => ({
        workspaceId,
        contactId: c.customer,
        runId: r.id,
        recencyDays: c.recencyDays,
        frequency: c.frequency,
        monetary: c.monetary,
        returns: c.returns,
        r: c.r,
        f: c.f,
        m: c.m,
        segment: c.segment,
        cluster: clusters.labels[i] ?? -1,
        clv: round(c.clv),
        churnRisk: c.churnRisk,
        gapRatio: Number.isFinite(c.gapRatio) ? c.gapRatio : 0,
        usualGapDays: c.usualGapDays,
        lastOrderAt: new Date(c.lastOrder),
      }));
      await repo.replaceScores(tx, workspaceId, rows);
      const moves = await repo.syncMemberships(
        tx,
        workspaceId,
        'rfm',
        new Map(seg.customers.map((c) => [c.customer, c.segment])),
        now,
      );
      return { ...r, moves };
    });
    await progress(
      1,
      `${rfm.length} customers in ${summary.segments.filter((s) => s.customers > 0).length} segments, ${clusters.bestK ?? 0} clusters`,
    );
    return {
      runId: run.id,
      customers: rfm.length,
      bestK: clusters.bestK,
      entered: run.moves.entered,
      left: run.moves.left,
      warnings,
    };
  }

  return {
    compute,
    repo,

    async latest(actor: Actor) {
      const run = await repo.latestRun(actor.workspaceId);
      if (!run)
        return {
          run: null,
          definitions: segmentDefinitions(),
          message: 'Segments have not been computed yet: press "Compute segments" (or run `pipewise segments run`).',
        };
      return {
        run: {
          id: run.id,
          asOf: run.asOf.toISOString(),
          createdAt: run.createdAt.toISOString(),
          customers: run.customers,
          options: run.options,
          summary: run.summary as RunSummary,
        },
        definitions: segmentDefinitions(),
        message: null,
      };
    },

    runs: (actor: Actor) => repo.listRuns(actor.workspaceId),

    /** The latest run's churn-risk flag per customer, as of the run's date (null before the first run). */
    async churnSnapshot(workspaceId: string) {
      const run = await repo.latestRun(workspaceId);
      if (!run) return null;
      const flags = await repo.churnFlags(workspaceId);
      return {
        runId: run.id,
        asOf: run.asOf,
        customers: flags
          .filter((f) => f.runId === run.id)
          .map((f) => ({ contactId: f.contactId, churnRisk: f.churnRisk })),
      };
    },

    /** Contacts who bought after `since` (orders not cancelled or refunded, won deals). */
    boughtSince: (workspaceId: string, since: Date) => repo.boughtSince(workspaceId, since),

    /** Renames a cluster of the latest run; the name is carried to later runs whose cluster has the same profile. */
    async renameCluster(actor: Actor, cluster: number, name: string) {
      assertRole(actor, 'manager');
      const run = await repo.latestRun(actor.workspaceId);
      if (!run) throw new AppError('not_found', 'No segment run yet: compute segments first');
      const summary = run.summary as RunSummary;
      const profile = summary.clusters.profiles.find((p) => p.cluster === cluster);
      if (!profile)
        throw new AppError(
          'not_found',
          `Cluster ${cluster} is not in the latest run (it has ${summary.clusters.profiles.length} clusters)`,
          { field: 'cluster' },
        );
      const before = profile.name;
      profile.name = name;
      await db.transaction(async (tx) => {
        await tx
          .update(segmentRuns)
          .set({ summary })
          .where(and(eq(segmentRuns.workspaceId, actor.workspaceId), eq(segmentRuns.id, run.id)));
        await audit.record(tx, actor, {
          action: 'segments.cluster.rename',
          entityType: 'segment_run',
          entityId: run.id,
          before: { cluster, name: before },
          after: { cluster, name },
        });
      });
      return profile;
    },
  };
}
export type SegmentsService = ReturnType<typeof createSegmentsService>;

const round = (v: number) => Math.round(v * 100) / 100;
