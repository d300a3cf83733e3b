import { and, desc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import {
  monitoringChecks,
  monitoringChurnFlags,
  monitoringPredictions,
  type AlertRow,
  type DriftRow,
} from './monitoring.schema';

export type PredictionWrite = {
  modelId: string;
  entity: 'contact' | 'deal';
  entityId: string;
  modelVersion: number;
  probability: number;
  tier: string;
  overrideTier: string | null;
  scoredAt: Date;
};

const ROWS_PER_STATEMENT = 5_000;

export function createMonitoringRepo() {
  return {
    /** Logs the first score of each record per model version; a later override is copied onto the logged row. */
    async logPredictions(tx: Tx, workspaceId: string, rows: PredictionWrite[]) {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const payload = JSON.stringify(
          rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({
            m: r.modelId,
            e: r.entity,
            i: r.entityId,
            v: r.modelVersion,
            p: r.probability,
            t: r.tier,
            o: r.overrideTier,
            s: r.scoredAt.toISOString(),
          })),
        );
        await tx.execute(sql`
          INSERT INTO monitoring_predictions (workspace_id, model_id, entity, entity_id, model_version, probability, tier, override_tier, scored_at)
          SELECT ${workspaceId}::uuid, u.m, u.e, u.i, u.v, u.p, u.t, u.o, u.s
          FROM jsonb_to_recordset(${payload}::jsonb) AS u(m uuid, e text, i uuid, v int, p real, t text, o text, s timestamptz)
          ON CONFLICT (workspace_id, model_id, entity_id) DO UPDATE SET override_tier = excluded.override_tier
          WHERE monitoring_predictions.outcome IS NULL`);
      }
    },
    unresolved: (tx: Tx, workspaceId: string, entity: 'contact' | 'deal') =>
      tx
        .select({
          modelId: monitoringPredictions.modelId,
          entityId: monitoringPredictions.entityId,
          scoredAt: monitoringPredictions.scoredAt,
        })
        .from(monitoringPredictions)
        .where(
          and(
            eq(monitoringPredictions.workspaceId, workspaceId),
            eq(monitoringPredictions.entity, entity),
            isNull(monitoringPredictions.outcome),
          ),
        ),
    async resolve(
      tx: Tx,
      workspaceId: string,
      rows: { modelId: string; entityId: string; outcome: 0 | 1 }[],
      at: Date,
    ) {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const payload = JSON.stringify(
          rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ m: r.modelId, i: r.entityId, o: r.outcome })),
        );
        await tx.execute(sql`
          UPDATE monitoring_predictions p SET outcome = u.o, outcome_at = ${at.toISOString()}::timestamptz
          FROM jsonb_to_recordset(${payload}::jsonb) AS u(m uuid, i uuid, o smallint)
          WHERE p.workspace_id = ${workspaceId}::uuid AND p.model_id = u.m AND p.entity_id = u.i`);
      }
    },
    resolved: (tx: Tx, workspaceId: string, entity: 'contact' | 'deal') =>
      tx
        .select({
          modelId: monitoringPredictions.modelId,
          modelVersion: monitoringPredictions.modelVersion,
          probability: monitoringPredictions.probability,
          tier: monitoringPredictions.tier,
          overrideTier: monitoringPredictions.overrideTier,
          scoredAt: monitoringPredictions.scoredAt,
          outcome: monitoringPredictions.outcome,
          outcomeAt: monitoringPredictions.outcomeAt,
        })
        .from(monitoringPredictions)
        .where(
          and(
            eq(monitoringPredictions.workspaceId, workspaceId),
            eq(monitoringPredictions.entity, entity),
            sql`${monitoringPredictions.outcome} IS NOT NULL`,
          ),
        )
        .orderBy(monitoringPredictions.scoredAt),
    counts: (tx: Tx, workspaceId: string) =>
      tx
        .select({
          entity: monitoringPredictions.entity,
          logged: sql<number>`count(*)::int`,
          resolved: sql<number>`count(${monitoringPredictions.outcome})::int`,
        })
        .from(monitoringPredictions)
        .where(eq(monitoringPredictions.workspaceId, workspaceId))
        .groupBy(monitoringPredictions.entity),
    addCheck: (
      tx: Tx,
      row: {
        workspaceId: string;
        target: 'contact_conversion' | 'deal_won';
        modelId: string;
        modelVersion: number;
        checkedAt: Date;
        drift: DriftRow[];
        alerts: AlertRow[];
      },
    ) => tx.insert(monitoringChecks).values(row),
    latestCheck: async (tx: Tx, workspaceId: string, target: 'contact_conversion' | 'deal_won') =>
      (
        await tx
          .select()
          .from(monitoringChecks)
          .where(and(eq(monitoringChecks.workspaceId, workspaceId), eq(monitoringChecks.target, target)))
          .orderBy(desc(monitoringChecks.checkedAt))
          .limit(1)
      )[0],
    /** When the newest churn-flag snapshot was taken (null before the first). */
    lastChurnSnapshot: async (tx: Tx, workspaceId: string) =>
      (
        await tx
          .select({ runId: monitoringChurnFlags.runId, flaggedAt: monitoringChurnFlags.flaggedAt })
          .from(monitoringChurnFlags)
          .where(eq(monitoringChurnFlags.workspaceId, workspaceId))
          .orderBy(desc(monitoringChurnFlags.flaggedAt))
          .limit(1)
      )[0] ?? null,
    async logChurnFlags(
      tx: Tx,
      workspaceId: string,
      runId: string,
      flaggedAt: Date,
      rows: { contactId: string; churnRisk: boolean }[],
    ) {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const payload = JSON.stringify(
          rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ c: r.contactId, f: r.churnRisk })),
        );
        await tx.execute(sql`
          INSERT INTO monitoring_churn_flags (workspace_id, run_id, contact_id, flagged_at, churn_risk)
          SELECT ${workspaceId}::uuid, ${runId}::uuid, u.c, ${flaggedAt.toISOString()}::timestamptz, u.f
          FROM jsonb_to_recordset(${payload}::jsonb) AS u(c uuid, f boolean)
          ON CONFLICT DO NOTHING`);
      }
    },
    /** The newest snapshot taken at or before `at`, every customer with their flag. */
    async churnSnapshotAt(tx: Tx, workspaceId: string, at: Date) {
      const head = (
        await tx
          .select({ runId: monitoringChurnFlags.runId, flaggedAt: monitoringChurnFlags.flaggedAt })
          .from(monitoringChurnFlags)
          .where(and(eq(monitoringChurnFlags.workspaceId, workspaceId), lte(monitoringChurnFlags.flaggedAt, at)))
          .orderBy(desc(monitoringChurnFlags.flaggedAt))
          .limit(1)
      )[0];
      if (!head) return null;
      const rows = await tx
        .select({ contactId: monitoringChurnFlags.contactId, churnRisk: monitoringChurnFlags.churnRisk })
        .from(monitoringChurnFlags)
        .where(and(eq(monitoringChurnFlags.workspaceId, workspaceId), eq(monitoringChurnFlags.runId, head.runId)));
      return { ...head, rows };
    },
    /** Records the models scored (first score per record and version) since a date: the ROI's automated actions. */
    scoredSince: async (tx: Tx, workspaceId: string, since: Date) =>
      (
        await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(monitoringPredictions)
          .where(
            and(eq(monitoringPredictions.workspaceId, workspaceId), sql`${monitoringPredictions.scoredAt} >= ${since}`),
          )
      )[0]?.n ?? 0,
    /** Erasure: what was logged about one contact (scores and churn flags) goes with them. */
    async forgetContact(tx: Tx, workspaceId: string, contactId: string) {
      const p = await tx
        .delete(monitoringPredictions)
        .where(
          and(
            eq(monitoringPredictions.workspaceId, workspaceId),
            eq(monitoringPredictions.entity, 'contact'),
            eq(monitoringPredictions.entityId, contactId),
          ),
        )
        .returning({ id: monitoringPredictions.entityId });
      const f = await tx
        .delete(monitoringChurnFlags)
        .where(and(eq(monitoringChurnFlags.workspaceId, workspaceId), eq(monitoringChurnFlags.contactId, contactId)))
        .returning({ id: monitoringChurnFlags.contactId });
      return { monitoring_predictions: p.length, monitoring_churn_flags: f.length };
    },
  };
}
