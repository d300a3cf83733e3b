import {
  encodeRows,
  LeadScorer,
  scoreProbability,
  type Contribution,
  type RawRow,
  type ScorerJSON,
} from '@pipewise/ml/models/index';
import { explainRows } from '@pipewise/ml/parallel/explain-rows';
import { sharedPool } from '@pipewise/ml/parallel/pool';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/http';
import { isUuid } from '../../platform/crud';
import { AppError, notFound } from '../../platform/errors';
import { workspaces } from '../../platform/schema';
import type { AuditService } from '../audit/audit.service';
import { assertCanWrite, assertRole } from '../auth/access';
import { buildExamples, isOpenLead } from './examples';
import { contactFeatures, dealFeatures, type Snapshot } from './features';
import { renderFactors, storedFactor } from './labels';
import { createScoringRepo, loadSnapshot, writeScores, type ScoreWrite } from './scoring.repo';
import { columnDrift, type ColumnDrift } from '@pipewise/ml/drift/drift';
import { contactOutcome } from './examples';
import type { ScoredEntity, ScoringTarget, SensitiveAttributeSetting } from './scoring.schema';
import { MIN_AUC, trainTarget } from './train';

export type Progress = (fraction: number, message?: string) => Promise<void> | void;
export const entityOf = (t: ScoringTarget): ScoredEntity => (t === 'deal_won' ? 'deal' : 'contact');
export const targetOf = (e: ScoredEntity): ScoringTarget => (e === 'deal' ? 'deal_won' : 'contact_conversion');
export const TIERS = ['A', 'B', 'C', 'D'] as const;

/** Quartile cut points, highest first: A is the top quarter of open records, D the bottom one. */
export function tierCuts(probabilities: Float64Array | number[]): number[] {
  const sorted = Float64Array.from(probabilities).sort();
  if (sorted.length === 0) return [1, 1, 1];
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))]!;
  return [q(0.75), q(0.5), q(0.25)];
}
/**
 * Tiers by rank for a full run: exactly a quarter each, even when a calibrated model gives many records the same
 * probability (isotonic calibration is a step function). Ties at a boundary are split in record order.
 */
export function rankTiers(probabilities: Float64Array): string[] {
  const n = probabilities.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  const out = new Array<string>(n);
  order.forEach((i, rank) => (out[i] = TIERS[Math.min(3, Math.floor((rank * 4) / n))]!));
  return out;
}
export function tierOf(p: number, cuts: number[]): string {
  for (let i = 0; i < cuts.length; i++) if (p >= cuts[i]!) return TIERS[i]!;
  return 'D';
}

const factor = (c: Contribution) => storedFactor(c.feature, c.value, c.contribution);

/** Open records of a target with their features now (optionally only some ids). */
function openRows(s: Snapshot, target: ScoringTarget, now: number, only?: Set<string>): { id: string; row: RawRow }[] {
  const out: { id: string; row: RawRow }[] = [];
  if (target === 'contact_conversion') {
    for (const c of s.contacts.values())
      if ((!only || only.has(c.id)) && isOpenLead(c)) out.push({ id: c.id, row: contactFeatures(s, c, now) });
  } else {
    for (const d of s.deals.values())
      if ((!only || only.has(d.id)) && d.status === 'open') out.push({ id: d.id, row: dealFeatures(s, d, now) });
  }
  return out;
}

/** Which of these records the actor may see (reps: their own); scores are as private as the records they score. */
export type VisibleIds = (actor: Actor, entity: ScoredEntity, ids: string[]) => Promise<string[]>;

/** Contacts who objected to profiling (privacy module): not scored from the next run. */
export type ProfilingExcluded = (workspaceId: string) => Promise<Set<string>>;

export function createScoringService({
  db,
  clock,
  audit,
  visibleIds,
  profilingExcluded,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  visibleIds?: VisibleIds;
  profilingExcluded?: ProfilingExcluded;
}) {
  const visibleOf = async (actor: Actor, entity: ScoredEntity, ids: string[]) =>
    visibleIds && actor.role === 'rep' ? visibleIds(actor, entity, ids) : ids;
  const repo = createScoringRepo();
  const horizonOf = async (workspaceId: string) => (await repo.settings(db, workspaceId))?.horizonDays ?? 90;

  /** Trains a candidate for a target from the workspace's data as of now; `activate` skips the approval (CLI, first model). */
  async function train(
    workspaceId: string,
    target: ScoringTarget,
    by: string,
    progress?: Progress,
    opts: { activate?: boolean; seed?: number } = {},
  ) {
    const now = clock.now();
    await progress?.(0.05, 'Reading contacts, companies, deals and activities');
    const snap = await loadSnapshot(db, workspaceId, now, target);
    const horizonDays = await horizonOf(workspaceId);
    const sensitive = (await repo.settings(db, workspaceId))?.sensitiveAttributes ?? [];
    // A sensitive custom field is read even when too rare to be picked as an input: the audit needs its values.
    for (const a of sensitive) {
      const key = a.key.startsWith('company_cf_') ? a.key.slice(11) : a.key.startsWith('cf_') ? a.key.slice(3) : null;
      const list = a.key.startsWith('company_cf_')
        ? snap.customKeys.company
        : target === 'deal_won'
          ? snap.customKeys.deal
          : snap.customKeys.contact;
      if (key && !list.includes(key)) list.push(key);
    }
    await progress?.(0.25, 'Building training examples');
    const examples = buildExamples(snap, target, now.getTime(), horizonDays);
    const previousRow = await repo.active(db, workspaceId, target);
    await progress?.(0.35, `Training on ${examples.length.toLocaleString('en-US')} examples`);
    let result;
    try {
      result = await trainTarget(examples, {
        target,
        horizonDays,
        now: now.getTime(),
        seed: opts.seed,
        sensitive,
        previous: previousRow
          ? { version: previousRow.version, model: previousRow.model as unknown as ScorerJSON }
          : null,
      });
    } catch (e) {
      throw new AppError('validation', e instanceof Error ? e.message : String(e), { target });
    }
    await progress?.(0.9, 'Saving the model');
    const id = await db.transaction(async (tx) => {
      const version = await repo.nextVersion(tx, workspaceId, target);
      const row = await repo.insertModel(tx, {
        workspaceId,
        target,
        version,
        state: 'candidate',
        family: result.scorer.family,
        snapshot: result.snapshot,
        features: result.features,
        params: result.params,
        report: result.report,
        card: result.card,
        model: result.scorer.toJSON() as unknown as Record<string, unknown>,
        ready: result.ready,
        notReadyReasons: result.notReadyReasons,
        trainedAt: now,
        trainedBy: by,
      });
      return row.id;
    });
    // --activate skips the approval, not the fairness audit: a failing audit still needs an admin's acknowledgement.
    const fairnessFailed = (result.report.fairness as { passed?: boolean } | null)?.passed === false;
    if (opts.activate && !fairnessFailed) await activate(workspaceId, id, by, 'activated when trained (--activate)');
    await progress?.(1, `Trained ${result.scorer.family}${result.ready ? '' : ' (not ready to publish)'}`);
    return {
      id,
      target,
      family: result.scorer.family,
      ready: result.ready,
      notReadyReasons: result.notReadyReasons,
      snapshot: result.snapshot,
      report: result.report,
      activated: Boolean(opts.activate && !fairnessFailed),
    };
  }

  async function activate(workspaceId: string, id: string, by: string, note: string | null, actor?: Actor) {
    await db.transaction(async (tx) => {
      const model = await repo.model(tx, workspaceId, id);
      if (!model) throw notFound('Model', id);
      const current = await repo.active(tx, workspaceId, model.target);
      if (current?.id === id) return;
      const at = clock.now();
      if (current) await repo.updateModel(tx, workspaceId, current.id, { state: 'retired', retiredAt: at });
      await repo.updateModel(tx, workspaceId, id, {
        state: 'active',
        activatedAt: at,
        approvedBy: by,
        approvalNote: note,
        retiredAt: null,
      });
      if (actor)
        await audit.record(tx, actor, {
          action: 'scoring.model.activate',
          entityType: 'scoring_model',
          entityId: id,
          before: { active: current?.id ?? null },
          after: { active: id, note },
        });
    });
  }

  /** Scores open records of a target with its active model: all of them (and re-cut the tiers), or only `ids`. */
  async function score(workspaceId: string, target: ScoringTarget, progress?: Progress, ids?: string[]) {
    const model = await repo.active(db, workspaceId, target);
    if (!model) return { target, scored: 0, removed: 0, model: null as number | null };
    const started = performance.now();
    const now = clock.now();
    await progress?.(0.05, 'Reading records');
    const snap = await loadSnapshot(db, workspaceId, now, target);
    const only = ids ? new Set(ids) : undefined;
    const excluded = target === 'contact_conversion' && profilingExcluded ? await profilingExcluded(workspaceId) : null;
    const rows = openRows(snap, target, now.getTime(), only).filter((r) => !excluded?.has(r.id));
    const read = performance.now();
    const scorer = LeadScorer.fromJSON(model.model as unknown as ScorerJSON);
    const entity = entityOf(target);
    const writes: ScoreWrite[] = new Array(rows.length);
    const probabilities = new Float64Array(rows.length);
    const table = encodeRows(
      rows.map((r) => r.row),
      scorer.schema,
    );
    // TreeSHAP is the costly part: explainRows shares it between this thread and the worker pool.
    const scores = await explainRows(scorer, table, 3, sharedPool(), (f) =>
      progress?.(
        0.1 + 0.7 * f,
        `Scored about ${Math.round(f * rows.length).toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')}`,
      ),
    );
    for (let i = 0; i < rows.length; i++) {
      // The scorer promises finite probabilities; a NaN would still never be stored.
      // Scores are probabilities, never certain: kept within [0.5%, 99.5%].
      const p = scoreProbability(scores[i]!.probability);
      probabilities[i] = Number.isFinite(p) ? p : 0;
    }
    const cuts = ids && model.tierCuts ? model.tierCuts : tierCuts(probabilities);
    const ranked = ids && model.tierCuts ? null : rankTiers(probabilities);
    for (let i = 0; i < rows.length; i++) {
      const tier = ranked ? ranked[i]! : tierOf(probabilities[i]!, cuts);
      const factors = { positive: scores[i]!.positive.map(factor), negative: scores[i]!.negative.map(factor) };
      writes[i] = {
        entity,
        entityId: rows[i]!.id,
        modelId: model.id,
        modelVersion: model.version,
        probability: probabilities[i]!,
        tier,
        factors,
      };
    }
    const explainedAt = performance.now();
    await progress?.(0.85, 'Writing scores');
    const scoredIds = new Set(rows.map((r) => r.id));
    const stale = ids ? ids.filter((id) => !scoredIds.has(id)) : null;
    await db.transaction(async (tx) => {
      await writeScores(tx, workspaceId, writes, now);
      if (!ids) await repo.updateModel(tx, workspaceId, model.id, { tierCuts: cuts });
    });
    // Records no longer open (customers, closed deals) lose their score: a full run removes every score it did not write.
    const removed = ids
      ? stale!.length
        ? (await repo.deleteScores(db, workspaceId, entity, stale!), stale!.length)
        : 0
      : await repo.deleteNotScoredAt(db, workspaceId, entity, now);
    // An objection to profiling also takes away the score they had (whatever the clock says).
    if (excluded?.size) await repo.deleteScores(db, workspaceId, entity, [...excluded]);
    await progress?.(1, `Scored ${rows.length.toLocaleString('en-US')} open ${entity}s`);
    const end = performance.now();
    // Where the time goes: reading + features, scoring + explanations, writing back.
    const phases = {
      readSeconds: (read - started) / 1000,
      explainSeconds: (explainedAt - read) / 1000,
      writeSeconds: (end - explainedAt) / 1000,
    };
    return { target, scored: rows.length, removed, model: model.version, seconds: (end - started) / 1000, phases };
  }

  async function scoreAll(workspaceId: string, progress?: Progress) {
    const contacts = await score(workspaceId, 'contact_conversion', (f, m) => progress?.(f / 2, m));
    const deals = await score(workspaceId, 'deal_won', (f, m) => progress?.(0.5 + f / 2, m));
    return { contacts, deals };
  }

  /** Re-scores what changed since the last scan (records written, activities logged), with the current tier cuts. */
  async function scoreChanged(workspaceId: string) {
    const now = clock.now();
    const settings = await repo.settings(db, workspaceId);
    const since = settings?.lastChangeScanAt ?? new Date(0);
    const changed = await repo.changedSince(db, workspaceId, since);
    const contacts = changed.contactIds.length
      ? await score(workspaceId, 'contact_conversion', undefined, changed.contactIds)
      : null;
    const deals = changed.dealIds.length ? await score(workspaceId, 'deal_won', undefined, changed.dealIds) : null;
    await repo.saveSettings(db, workspaceId, { lastChangeScanAt: now }, now);
    return { since: since.toISOString(), contacts: contacts?.scored ?? 0, deals: deals?.scored ?? 0 };
  }

  const allWorkspaces = async () => (await db.select({ id: workspaces.id }).from(workspaces)).map((w) => w.id);

  function modelOrThrow(actor: Actor, id: string) {
    return (async () => {
      const m = isUuid(id) ? await repo.model(db, actor.workspaceId, id) : undefined;
      if (!m) throw notFound('Model', id);
      return m;
    })();
  }

  return {
    train,
    score,
    scoreAll,
    scoreChanged,
    allWorkspaces,

    async status(actor: Actor) {
      const horizonDays = await horizonOf(actor.workspaceId);
      const list = await repo.models(db, actor.workspaceId);
      const targets = await Promise.all(
        (['contact_conversion', 'deal_won'] as const).map(async (target) => {
          const active = await repo.active(db, actor.workspaceId, target);
          const tiers = await repo.tierCounts(db, actor.workspaceId, entityOf(target));
          const report = active?.report as { fallback?: string | null } | undefined;
          return {
            target,
            entity: entityOf(target),
            // A lead model keeps the horizon it was trained with; the setting applies from the next training.
            active: active
              ? {
                  id: active.id,
                  version: active.version,
                  family: active.family,
                  activatedAt: active.activatedAt,
                  ready: active.ready,
                  horizonDays:
                    target === 'contact_conversion'
                      ? ((active.params as { horizonDays?: number }).horizonDays ?? null)
                      : null,
                }
              : null,
            fallback: report?.fallback ?? null,
            tiers: Object.fromEntries(TIERS.map((t) => [t, tiers.find((r) => r.tier === t)?.n ?? 0])),
          };
        }),
      );
      const sensitiveAttributes = (await repo.settings(db, actor.workspaceId))?.sensitiveAttributes ?? [];
      return { horizonDays, sensitiveAttributes, targets, models: list };
    },

    async setHorizon(actor: Actor, horizonDays: number) {
      assertRole(actor, 'admin');
      await db.transaction(async (tx) => {
        const before = await repo.settings(tx, actor.workspaceId);
        await repo.saveSettings(tx, actor.workspaceId, { horizonDays }, clock.now());
        await audit.record(tx, actor, {
          action: 'scoring.settings.update',
          entityType: 'scoring_settings',
          entityId: actor.workspaceId,
          before: { horizonDays: before?.horizonDays ?? 90 },
          after: { horizonDays },
        });
      });
      return { horizonDays };
    },

    /** Sensitive attributes named by an admin: excluded from inputs unless `useAsInput`, audited before promotion. */
    async setSensitiveAttributes(actor: Actor, attributes: SensitiveAttributeSetting[]) {
      assertRole(actor, 'admin');
      const keys = attributes.map((a) => a.key);
      const dup = keys.find((k, i) => keys.indexOf(k) !== i);
      if (dup) throw new AppError('validation', `Attribute "${dup}" is named twice`, { field: 'attributes' });
      await db.transaction(async (tx) => {
        const before = await repo.settings(tx, actor.workspaceId);
        await repo.saveSettings(tx, actor.workspaceId, { sensitiveAttributes: attributes }, clock.now());
        await audit.record(tx, actor, {
          action: 'scoring.settings.update',
          entityType: 'scoring_settings',
          entityId: actor.workspaceId,
          before: { sensitiveAttributes: before?.sensitiveAttributes ?? [] },
          after: { sensitiveAttributes: attributes },
        });
      });
      return { attributes };
    },

    /** The fairness settings, and the inputs and custom fields an admin may name (from the models and the data). */
    async fairnessSettings(actor: Actor) {
      const settings = await repo.settings(db, actor.workspaceId);
      const models = await repo.models(db, actor.workspaceId);
      const features = new Set<string>();
      for (const m of models.slice(0, 4))
        for (const f of (await repo.model(db, actor.workspaceId, m.id))?.features ?? []) features.add(f);
      const snap = await loadSnapshot(db, actor.workspaceId, clock.now(), 'contact_conversion');
      for (const k of snap.customKeys.contact) features.add(`cf_${k}`);
      for (const k of snap.customKeys.company) features.add(`company_cf_${k}`);
      return { attributes: settings?.sensitiveAttributes ?? [], candidates: [...features].sort() };
    },

    // Narrow reads for the monitoring module (docs/monitoring.md).

    /** Every stored score of the workspace: what monitoring logs as predictions. */
    async currentScores(workspaceId: string) {
      return repo.allScores(db, workspaceId);
    },

    /** The outcome, as training defines it, of records scored at given times: 1, 0, or null (not known yet). */
    async outcomesOf(workspaceId: string, target: ScoringTarget, items: { entityId: string; scoredAt: Date }[]) {
      if (items.length === 0) return [];
      const now = clock.now();
      const snap = await loadSnapshot(db, workspaceId, now, target);
      const horizonDays = await horizonOf(workspaceId);
      return items.map(({ entityId, scoredAt }) => {
        if (target === 'contact_conversion') {
          const c = snap.contacts.get(entityId);
          return { entityId, outcome: c ? contactOutcome(c, scoredAt.getTime(), now.getTime(), horizonDays) : null };
        }
        const d = snap.deals.get(entityId);
        return {
          entityId,
          outcome: d && (d.status === 'won' || d.status === 'lost') ? ((d.status === 'won' ? 1 : 0) as 0 | 1) : null,
        };
      });
    },

    /** The active model of each target with its promotion bar, and the newest candidate trained after it. */
    async monitoredModels(workspaceId: string) {
      const list = await repo.models(db, workspaceId);
      return (['contact_conversion', 'deal_won'] as const).map((target) => {
        const active = list.find((m) => m.target === target && m.state === 'active') ?? null;
        const candidate =
          list.find(
            (m) => m.target === target && m.state === 'candidate' && (!active || m.trainedAt > active.trainedAt),
          ) ?? null;
        const brief = (m: typeof active) =>
          m
            ? {
                id: m.id,
                version: m.version,
                family: m.family,
                trainedAt: m.trainedAt,
                activatedAt: m.activatedAt,
                auc: m.auc,
                brier: m.brier,
                ready: m.ready,
              }
            : null;
        return { target, promotionBar: MIN_AUC, active: brief(active), candidate: brief(candidate) };
      });
    },

    /**
     * Drift of every input of the active model between its training examples (observed up to when it was trained)
     * and the open records now, with Evidently's default tests and PSI.
     */
    async inputDrift(
      workspaceId: string,
      target: ScoringTarget,
    ): Promise<{ modelId: string; version: number; features: (ColumnDrift & { feature: string })[] } | null> {
      const model = await repo.active(db, workspaceId, target);
      if (!model) return null;
      const now = clock.now();
      const snap = await loadSnapshot(db, workspaceId, now, target);
      const horizonDays = (model.params as { horizonDays?: number }).horizonDays ?? (await horizonOf(workspaceId));
      const trainedAt = model.trainedAt.getTime();
      const reference = buildExamples(snap, target, trainedAt, horizonDays).map((e) => e.row);
      const current = openRows(snap, target, now.getTime()).map((r) => r.row);
      const scorer = LeadScorer.fromJSON(model.model as unknown as ScorerJSON);
      const value = (v: unknown) => (v === undefined ? null : (v as string | number | null));
      const features = scorer.schema.features.map((f) => ({
        feature: f.name,
        ...columnDrift(
          f.kind,
          reference.map((r) => value(r[f.name])),
          current.map((r) => value(r[f.name])),
        ),
      }));
      return { modelId: model.id, version: model.version, features };
    },

    async model(actor: Actor, id: string) {
      const m = await modelOrThrow(actor, id);
      const { model: _json, ...rest } = m;
      void _json;
      return rest;
    },

    /** Admin approval: activates a candidate (or a retired model: that is the rollback). Not-ready models need `override`. */
    async promote(
      actor: Actor,
      id: string,
      input: { override?: boolean; note?: string; acknowledgeFairness?: boolean; fairnessReason?: string },
    ) {
      assertRole(actor, 'admin');
      const m = await modelOrThrow(actor, id);
      const fairness = (m.report as { fairness?: { passed: boolean; attributes: { failures: string[] }[] } | null })
        .fairness;
      const fairnessFailures = fairness && !fairness.passed ? fairness.attributes.flatMap((a) => a.failures) : [];
      if (fairnessFailures.length && !m.fairnessAcknowledgement) {
        if (!input.acknowledgeFairness) {
          throw new AppError(
            'conflict',
            `Version ${m.version} failed its fairness audit: ${fairnessFailures.join('; ')}. An admin may acknowledge it with a reason to promote it anyway.`,
            { fairness: fairnessFailures },
          );
        }
        const reason = input.fairnessReason?.trim() ?? '';
        if (reason.length < 10)
          throw new AppError(
            'validation',
            'Acknowledging a failed fairness audit needs a reason of at least 10 characters',
            { field: 'fairnessReason' },
          );
        const ack = { by: actor.name, reason, at: clock.now().toISOString() };
        await db.transaction(async (tx) => {
          await repo.updateModel(tx, actor.workspaceId, id, { fairnessAcknowledgement: ack });
          await audit.record(tx, actor, {
            action: 'scoring.model.fairness_acknowledged',
            entityType: 'scoring_model',
            entityId: id,
            before: { fairnessAcknowledgement: null },
            after: { fairnessAcknowledgement: ack, failures: fairnessFailures },
          });
        });
      }
      if (m.state === 'active') throw new AppError('conflict', `Version ${m.version} is already active`);
      if (!m.ready && !input.override) {
        throw new AppError(
          'conflict',
          `Version ${m.version} is not ready to publish: ${m.notReadyReasons.join('; ')}. Promote with override (and a note) to publish it anyway.`,
          { reasons: m.notReadyReasons },
        );
      }
      if (!m.ready && !input.note?.trim())
        throw new AppError('validation', 'Publishing a model that is not ready needs a note saying why', {
          field: 'note',
        });
      await activate(actor.workspaceId, id, actor.name, input.note?.trim() || null, actor);
      return { id, target: m.target, version: m.version };
    },

    /** One click back: re-activates the most recently retired model of the target. */
    async rollback(actor: Actor, target: ScoringTarget) {
      assertRole(actor, 'admin');
      const list = await repo.models(db, actor.workspaceId, target);
      const previous = list
        .filter((m) => m.state === 'retired' && m.retiredAt)
        .sort((a, b) => b.retiredAt!.getTime() - a.retiredAt!.getTime())[0];
      if (!previous) throw new AppError('conflict', 'There is no earlier model to go back to');
      await activate(actor.workspaceId, previous.id, actor.name, 'rollback', actor);
      return { id: previous.id, target, version: previous.version };
    },

    async scores(actor: Actor, entity: ScoredEntity, ids: string[]) {
      const rows = await repo.scores(db, actor.workspaceId, entity, await visibleOf(actor, entity, ids.filter(isUuid)));
      return rows.map((r) => ({
        entityId: r.entityId,
        probability: r.probability,
        tier: r.overrideTier ?? r.tier,
        modelTier: r.tier,
        overridden: r.overrideTier !== null,
        modelVersion: r.modelVersion,
        scoredAt: r.scoredAt,
      }));
    },

    async explain(actor: Actor, entity: ScoredEntity, id: string) {
      if (!isUuid(id) || (await visibleOf(actor, entity, [id])).length === 0)
        throw notFound(entity === 'deal' ? 'Deal score' : 'Contact score', id);
      const [row] = await repo.scores(db, actor.workspaceId, entity, [id]);
      const target = targetOf(entity);
      const active = await repo.active(db, actor.workspaceId, target);
      const fallback = (active?.report as { fallback?: string | null } | undefined)?.fallback ?? null;
      const feedback = await repo.feedback(db, actor.workspaceId, entity, id);
      if (!row)
        return {
          entity,
          entityId: id,
          score: null,
          fallback,
          model: active ? { id: active.id, version: active.version, family: active.family } : null,
          feedback,
        };
      return {
        entity,
        entityId: id,
        fallback,
        score: {
          probability: row.probability,
          tier: row.overrideTier ?? row.tier,
          modelTier: row.tier,
          factors: renderFactors(row.factors),
          scoredAt: row.scoredAt,
          override: row.overrideTier
            ? { tier: row.overrideTier, reason: row.overrideReason, by: row.overrideBy, at: row.overrideAt }
            : null,
        },
        model: {
          id: row.modelId,
          version: row.modelVersion,
          family: active?.id === row.modelId ? active.family : null,
        },
        feedback,
      };
    },

    /** A rep's judgement over the model's: the tier shown changes, and the disagreement is kept as feedback. */
    async override(actor: Actor, entity: ScoredEntity, id: string, input: { tier: string | null; reason: string }) {
      assertCanWrite(actor);
      if (!isUuid(id) || (await visibleOf(actor, entity, [id])).length === 0) throw notFound('Score', id);
      return db.transaction(async (tx) => {
        const [row] = await repo.scores(tx, actor.workspaceId, entity, [id]);
        if (!row) throw new AppError('not_found', 'This record has no score to override yet', { entity, id });
        const at = clock.now();
        await repo.override(tx, actor.workspaceId, entity, id, {
          overrideTier: input.tier,
          overrideReason: input.tier ? input.reason : null,
          overrideBy: input.tier ? actor.name : null,
          overrideAt: input.tier ? at : null,
        });
        await repo.addFeedback(tx, {
          workspaceId: actor.workspaceId,
          entity,
          entityId: id,
          modelId: row.modelId,
          probability: row.probability,
          tier: row.tier,
          overrideTier: input.tier ?? 'cleared',
          reason: input.reason,
          userId: actor.userId ?? actor.id,
          createdAt: at,
        });
        await audit.record(tx, actor, {
          action: 'scoring.override',
          entityType: entity,
          entityId: id,
          before: { tier: row.overrideTier ?? row.tier },
          after: { tier: input.tier ?? row.tier, reason: input.reason },
        });
        return { entityId: id, tier: input.tier ?? row.tier, modelTier: row.tier, overridden: input.tier !== null };
      });
    },
  };
}
export type ScoringService = ReturnType<typeof createScoringService>;
