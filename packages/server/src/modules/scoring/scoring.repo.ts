import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import { readRows } from '../../platform/bulk-read';
import {
  activities,
  companies,
  contacts,
  dealStageHistory,
  deals,
  pipelineStages,
  pipelines,
} from '../../platform/schema';
import {
  scoringFeedback,
  scoringModels,
  scoringScores,
  scoringSettings,
  type ScoredEntity,
  type ScoringTarget,
  type SensitiveAttributeSetting,
  type StoredFactors,
} from './scoring.schema';
import {
  pickCustomKeys,
  type ActivityRow,
  type CompanyRow,
  type ContactRow,
  type DealRow,
  type Snapshot,
  type StageChange,
} from './features';

// Epoch milliseconds (null stays null). date_part is float8 arithmetic; extract(epoch) is numeric, which took 1.6-2.3 s
// instead of 0.8-0.9 s over 440k activities on the embedded database. round() undoes float8's last-digit error.
const ms = (col: unknown) => sql`round(date_part('epoch', ${col}) * 1000)`;

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Activities by time per contact (or deal), as one "type ms type ms ..." string each: a 100k-contact workspace has
 * ~100k of these against ~440k activity rows, and reading rows is what costs on the embedded database (types are
 * enum labels, never with a space).
 */
function activityLists(
  tx: Tx,
  workspaceId: string,
  asOf: Date,
  owner: typeof activities.contactId | typeof activities.dealId,
) {
  return readRows<{ id: string; list: string }>(
    tx,
    { id: sql`a.id`, list: sql`a.list` },
    sql`from (
    select ${owner} as id, string_agg(${activities.type}::text || ' ' || ${ms(activities.occurredAt)}, ' ' order by ${activities.occurredAt}) as list
    from ${activities} where ${activities.workspaceId} = ${workspaceId} and ${activities.occurredAt} <= ${asOf.toISOString()}::timestamptz and ${owner} is not null
    group by ${owner}) a`,
    sql`a.id`,
  );
}

function parseActivityList(list: string): ActivityRow[] {
  const parts = list.split(' ');
  const out: ActivityRow[] = new Array(parts.length / 2);
  for (let k = 0; k < parts.length; k += 2) out[k / 2] = { type: parts[k]!, at: Number(parts[k + 1]) };
  return out;
}

/**
 * Reads everything the feature builder needs, as it stood at `asOf`: rows created (or activities occurring) later are
 * not even loaded. The builder filters by date again per example, so training can observe each record on its own date.
 * `only` names the one target whose features are built from it (what that target's features never read is skipped).
 * The big tables come back as JSON documents (`readRows`), with times as epoch milliseconds.
 */
export async function loadSnapshot(tx: Tx, workspaceId: string, asOf: Date, only?: ScoringTarget): Promise<Snapshot> {
  // Contact features never look at deal activities or stage history: scoring leads skips reading them.
  const dealDetail = only !== 'contact_conversion';
  const asOfWhere = (workspaceCol: unknown, timeCol: unknown) =>
    sql`where ${workspaceCol} = ${workspaceId} and ${timeCol} <= ${asOf.toISOString()}::timestamptz`;
  const [contactRows, companyRows, dealRows, byContact, byDeal, historyRows, stageRows] = await Promise.all([
    readRows<ContactRow>(
      tx,
      {
        id: contacts.id,
        companyId: contacts.companyId,
        title: contacts.title,
        source: contacts.source,
        country: contacts.country,
        createdAt: ms(contacts.createdAt),
        becameCustomerAt: ms(contacts.becameCustomerAt),
        lifecycleStage: contacts.lifecycleStage,
        consentProfiling: contacts.consentProfiling,
        customFields: contacts.customFields,
      },
      sql`from ${contacts} ${asOfWhere(contacts.workspaceId, contacts.createdAt)}`,
      contacts.id,
    ),
    readRows<CompanyRow>(
      tx,
      {
        id: companies.id,
        industry: companies.industry,
        sizeBand: companies.sizeBand,
        employees: companies.employees,
        annualRevenue: companies.annualRevenue,
        country: companies.country,
        createdAt: ms(companies.createdAt),
        customFields: companies.customFields,
      },
      sql`from ${companies} ${asOfWhere(companies.workspaceId, companies.createdAt)}`,
      companies.id,
    ),
    readRows<DealRow>(
      tx,
      {
        id: deals.id,
        contactId: deals.contactId,
        companyId: deals.companyId,
        pipelineId: deals.pipelineId,
        stageId: deals.stageId,
        amount: deals.amount,
        source: deals.source,
        status: deals.status,
        createdAt: ms(deals.createdAt),
        closedAt: ms(deals.closedAt),
        customFields: deals.customFields,
      },
      sql`from ${deals} ${asOfWhere(deals.workspaceId, deals.createdAt)}`,
      deals.id,
    ),
    activityLists(tx, workspaceId, asOf, activities.contactId),
    dealDetail ? activityLists(tx, workspaceId, asOf, activities.dealId) : [],
    dealDetail
      ? readRows<{ dealId: string } & StageChange>(
          tx,
          {
            dealId: dealStageHistory.dealId,
            fromStageId: dealStageHistory.fromStageId,
            toStageId: dealStageHistory.toStageId,
            at: ms(dealStageHistory.changedAt),
          },
          sql`from ${dealStageHistory} ${asOfWhere(dealStageHistory.workspaceId, dealStageHistory.changedAt)}`,
          dealStageHistory.dealId,
          dealStageHistory.changedAt,
        )
      : [],
    tx
      .select({
        id: pipelineStages.id,
        name: pipelineStages.name,
        position: pipelineStages.position,
        probability: pipelineStages.probability,
        kind: pipelineStages.kind,
        pipelineName: pipelines.name,
      })
      .from(pipelineStages)
      .innerJoin(pipelines, eq(pipelines.id, pipelineStages.pipelineId))
      .where(eq(pipelineStages.workspaceId, workspaceId)),
  ]);
  const snap: Snapshot = {
    contacts: new Map(contactRows.map((c) => [c.id, c])),
    companies: new Map(companyRows.map((c) => [c.id, c])),
    deals: new Map(dealRows.map((d) => [d.id, d])),
    activitiesByContact: new Map(byContact.map((r) => [r.id, parseActivityList(r.list)])),
    activitiesByDeal: new Map(byDeal.map((r) => [r.id, parseActivityList(r.list)])),
    dealsByContact: new Map(),
    stageHistory: new Map(),
    stages: new Map(stageRows.map((s) => [s.id, s])),
    customKeys: { contact: [], company: [], deal: [] },
  };
  for (const d of snap.deals.values()) if (d.contactId) push(snap.dealsByContact, d.contactId, d);
  for (const h of historyRows)
    push<string, StageChange>(snap.stageHistory, h.dealId, {
      fromStageId: h.fromStageId,
      toStageId: h.toStageId,
      at: h.at,
    });
  snap.customKeys = {
    contact: pickCustomKeys(snap.contacts.values()),
    company: pickCustomKeys(snap.companies.values()),
    deal: pickCustomKeys(snap.deals.values()),
  };
  return snap;
}

export type ScoreWrite = {
  entity: ScoredEntity;
  entityId: string;
  modelId: string;
  modelVersion: number;
  probability: number;
  tier: string;
  factors: StoredFactors;
};

const ROWS_PER_STATEMENT = 5_000;

/** Upserts scores with one unnest statement per 5,000 rows (overrides are kept: they belong to the rep). */
export async function writeScores(tx: Tx, workspaceId: string, rows: ScoreWrite[], at: Date) {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    // One jsonb parameter per statement: no bind-parameter limit, and the statement text stays the same size.
    const payload = JSON.stringify(
      chunk.map((r) => ({
        e: r.entity,
        i: r.entityId,
        m: r.modelId,
        v: r.modelVersion,
        p: r.probability,
        t: r.tier,
        f: r.factors,
      })),
    );
    await tx.execute(sql`
      INSERT INTO scoring_scores (workspace_id, entity, entity_id, model_id, model_version, probability, tier, factors, scored_at)
      SELECT ${workspaceId}::uuid, u.e, u.i, u.m, u.v, u.p, u.t, u.f, ${at.toISOString()}::timestamptz
      FROM jsonb_to_recordset(${payload}::jsonb) AS u(e text, i uuid, m uuid, v int, p real, t text, f jsonb)
      ON CONFLICT (workspace_id, entity, entity_id) DO UPDATE SET model_id = excluded.model_id, model_version = excluded.model_version,
        probability = excluded.probability, tier = excluded.tier, factors = excluded.factors, scored_at = excluded.scored_at`);
  }
}

export function createScoringRepo() {
  return {
    settings: async (tx: Tx, workspaceId: string) =>
      (await tx.select().from(scoringSettings).where(eq(scoringSettings.workspaceId, workspaceId)))[0],
    async saveSettings(
      tx: Tx,
      workspaceId: string,
      patch: { horizonDays?: number; lastChangeScanAt?: Date; sensitiveAttributes?: SensitiveAttributeSetting[] },
      at: Date,
    ) {
      await tx
        .insert(scoringSettings)
        .values({ workspaceId, ...patch, updatedAt: at })
        .onConflictDoUpdate({ target: scoringSettings.workspaceId, set: { ...patch, updatedAt: at } });
    },
    models: (tx: Tx, workspaceId: string, target?: ScoringTarget) =>
      tx
        .select({
          id: scoringModels.id,
          target: scoringModels.target,
          version: scoringModels.version,
          state: scoringModels.state,
          family: scoringModels.family,
          snapshot: scoringModels.snapshot,
          ready: scoringModels.ready,
          notReadyReasons: scoringModels.notReadyReasons,
          trainedAt: scoringModels.trainedAt,
          trainedBy: scoringModels.trainedBy,
          approvedBy: scoringModels.approvedBy,
          approvalNote: scoringModels.approvalNote,
          activatedAt: scoringModels.activatedAt,
          retiredAt: scoringModels.retiredAt,
          auc: sql<number | null>`(${scoringModels.report} -> 'test' ->> 'auc')::float8`,
          brier: sql<number | null>`(${scoringModels.report} -> 'test' ->> 'brier')::float8`,
          /** null when no audit ran (no sensitive attributes, or too few outcomes). */
          fairnessPassed: sql<boolean | null>`(${scoringModels.report} -> 'fairness' ->> 'passed')::boolean`,
          fairnessAcknowledged: sql<boolean>`${scoringModels.fairnessAcknowledgement} is not null`,
        })
        .from(scoringModels)
        .where(
          target
            ? and(eq(scoringModels.workspaceId, workspaceId), eq(scoringModels.target, target))
            : eq(scoringModels.workspaceId, workspaceId),
        )
        .orderBy(scoringModels.target, desc(scoringModels.version)),
    model: async (tx: Tx, workspaceId: string, id: string) =>
      (
        await tx
          .select()
          .from(scoringModels)
          .where(and(eq(scoringModels.workspaceId, workspaceId), eq(scoringModels.id, id)))
      )[0],
    active: async (tx: Tx, workspaceId: string, target: ScoringTarget) =>
      (
        await tx
          .select()
          .from(scoringModels)
          .where(
            and(
              eq(scoringModels.workspaceId, workspaceId),
              eq(scoringModels.target, target),
              eq(scoringModels.state, 'active'),
            ),
          )
      )[0],
    async nextVersion(tx: Tx, workspaceId: string, target: ScoringTarget) {
      const [r] = await tx
        .select({ v: max(scoringModels.version) })
        .from(scoringModels)
        .where(and(eq(scoringModels.workspaceId, workspaceId), eq(scoringModels.target, target)));
      return (r?.v ?? 0) + 1;
    },
    insertModel: async (tx: Tx, row: typeof scoringModels.$inferInsert) =>
      (await tx.insert(scoringModels).values(row).returning({ id: scoringModels.id }))[0]!,
    updateModel: (tx: Tx, workspaceId: string, id: string, set: Partial<typeof scoringModels.$inferInsert>) =>
      tx
        .update(scoringModels)
        .set(set)
        .where(and(eq(scoringModels.workspaceId, workspaceId), eq(scoringModels.id, id))),
    scores: (tx: Tx, workspaceId: string, entity: ScoredEntity, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : tx
            .select()
            .from(scoringScores)
            .where(
              and(
                eq(scoringScores.workspaceId, workspaceId),
                eq(scoringScores.entity, entity),
                inArray(scoringScores.entityId, ids),
              ),
            ),
    allScores: (tx: Tx, workspaceId: string) =>
      tx
        .select({
          entity: scoringScores.entity,
          entityId: scoringScores.entityId,
          modelId: scoringScores.modelId,
          modelVersion: scoringScores.modelVersion,
          probability: scoringScores.probability,
          tier: scoringScores.tier,
          overrideTier: scoringScores.overrideTier,
          scoredAt: scoringScores.scoredAt,
        })
        .from(scoringScores)
        .where(eq(scoringScores.workspaceId, workspaceId)),
    deleteScores: (tx: Tx, workspaceId: string, entity: ScoredEntity, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve()
        : tx
            .delete(scoringScores)
            .where(
              and(
                eq(scoringScores.workspaceId, workspaceId),
                eq(scoringScores.entity, entity),
                inArray(scoringScores.entityId, ids),
              ),
            ),
    async deleteNotScoredAt(tx: Tx, workspaceId: string, entity: ScoredEntity, at: Date) {
      const gone = await tx
        .delete(scoringScores)
        .where(
          and(
            eq(scoringScores.workspaceId, workspaceId),
            eq(scoringScores.entity, entity),
            sql`${scoringScores.scoredAt} <> ${at.toISOString()}::timestamptz`,
          ),
        )
        .returning({ id: scoringScores.entityId });
      return gone.length;
    },
    tierCounts: (tx: Tx, workspaceId: string, entity: ScoredEntity) =>
      tx
        .select({ tier: scoringScores.tier, n: sql<number>`count(*)::int` })
        .from(scoringScores)
        .where(and(eq(scoringScores.workspaceId, workspaceId), eq(scoringScores.entity, entity)))
        .groupBy(scoringScores.tier),
    override: (
      tx: Tx,
      workspaceId: string,
      entity: ScoredEntity,
      entityId: string,
      set: {
        overrideTier: string | null;
        overrideReason: string | null;
        overrideBy: string | null;
        overrideAt: Date | null;
      },
    ) =>
      tx
        .update(scoringScores)
        .set(set)
        .where(
          and(
            eq(scoringScores.workspaceId, workspaceId),
            eq(scoringScores.entity, entity),
            eq(scoringScores.entityId, entityId),
          ),
        )
        .returning(),
    addFeedback: (tx: Tx, row: typeof scoringFeedback.$inferInsert) => tx.insert(scoringFeedback).values(row),
    feedback: (tx: Tx, workspaceId: string, entity: ScoredEntity, entityId: string) =>
      tx
        .select()
        .from(scoringFeedback)
        .where(
          and(
            eq(scoringFeedback.workspaceId, workspaceId),
            eq(scoringFeedback.entity, entity),
            eq(scoringFeedback.entityId, entityId),
          ),
        )
        .orderBy(desc(scoringFeedback.createdAt)),
    /** Contacts and deals written since `since`, or with an activity logged since then: the ones to re-score. */
    async changedSince(tx: Tx, workspaceId: string, since: Date) {
      const [c, d, a] = await Promise.all([
        tx
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.workspaceId, workspaceId), sql`${contacts.updatedAt} > ${since.toISOString()}`)),
        tx
          .select({ id: deals.id })
          .from(deals)
          .where(and(eq(deals.workspaceId, workspaceId), sql`${deals.updatedAt} > ${since.toISOString()}`)),
        tx
          .selectDistinct({ contactId: activities.contactId, dealId: activities.dealId })
          .from(activities)
          .where(and(eq(activities.workspaceId, workspaceId), sql`${activities.createdAt} > ${since.toISOString()}`)),
      ]);
      const contactIds = new Set(c.map((r) => r.id));
      const dealIds = new Set(d.map((r) => r.id));
      for (const r of a) {
        if (r.contactId) contactIds.add(r.contactId);
        if (r.dealId) dealIds.add(r.dealId);
      }
      return { contactIds: [...contactIds], dealIds: [...dealIds] };
    },
  };
}
export type ScoringRepo = ReturnType<typeof createScoringRepo>;
