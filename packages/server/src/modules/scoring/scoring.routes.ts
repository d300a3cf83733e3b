import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema, idParams } from '../../platform/crud-routes';
import { assertRole } from '../auth/access';
import type { JobsService } from '../jobs/jobs.service';
import { HORIZON_DAYS, scoredEntities, scoringTargets } from './scoring.schema';
import type { ScoringService } from './scoring.service';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const err = { description: 'Error', ...json(errorSchema) };
const jobAccepted = {
  description: 'Queued as a job (poll GET /api/v1/jobs/{id} for progress)',
  ...json(z.object({ job: z.object({ id: z.string() }) })),
};

const target = z.enum(scoringTargets);
const entity = z.enum(scoredEntities);
const jsonDocument = z.record(z.string(), z.unknown());
const modelSummary = z
  .object({
    id: z.string(),
    target,
    version: z.number(),
    state: z.string(),
    family: z.string(),
    snapshot: jsonDocument,
    ready: z.boolean(),
    notReadyReasons: z.array(z.string()),
    trainedAt: z.string(),
    trainedBy: z.string(),
    approvedBy: z.string().nullable(),
    approvalNote: z.string().nullable(),
  })
  .catchall(z.unknown())
  .openapi('ScoringModelSummary');
const modelDetail = modelSummary
  .extend({
    workspaceId: z.string(),
    features: z.array(z.string()),
    params: jsonDocument,
    report: jsonDocument.openapi({ description: 'evaluation report: metrics, curves, comparisons, fairness audit' }),
    card: jsonDocument.openapi({ description: 'model card' }),
    tierCuts: z.array(z.number()).nullable(),
    activatedAt: z.string().nullable(),
    retiredAt: z.string().nullable(),
  })
  .catchall(z.unknown())
  .openapi('ScoringModel');
const statusSchema = z
  .object({
    horizonDays: z.number(),
    sensitiveAttributes: z.array(z.unknown()),
    targets: z.array(
      z.object({
        target,
        entity,
        active: z
          .object({
            id: z.string(),
            version: z.number(),
            family: z.string(),
            activatedAt: z.string().nullable(),
            ready: z.boolean(),
            horizonDays: z.number().nullable(),
          })
          .nullable(),
        fallback: z.string().nullable(),
        tiers: z.record(z.string(), z.number()),
      }),
    ),
    models: z.array(modelSummary),
  })
  .openapi('ScoringStatus');
const scoreRow = z
  .object({
    entityId: z.string(),
    probability: z.number(),
    tier: z.string(),
    modelTier: z.string(),
    overridden: z.boolean(),
    modelVersion: z.number(),
    scoredAt: z.string(),
  })
  .openapi('Score');
const factor = z.object({
  feature: z.string(),
  value: z.union([z.string(), z.number()]).nullable(),
  label: z.string(),
  contribution: z.number(),
});
const explainSchema = z
  .object({
    entity,
    entityId: z.string(),
    fallback: z.string().nullable(),
    score: z
      .object({
        probability: z.number(),
        tier: z.string(),
        modelTier: z.string(),
        factors: z.object({ positive: z.array(factor), negative: z.array(factor) }),
        scoredAt: z.string(),
        override: z
          .object({
            tier: z.string(),
            reason: z.string().nullable(),
            by: z.string().nullable(),
            at: z.string().nullable(),
          })
          .nullable(),
      })
      .nullable(),
    model: z.object({ id: z.string().nullable(), version: z.number(), family: z.string().nullable() }).nullable(),
    feedback: z.array(
      z.object({
        id: z.string(),
        entity,
        entityId: z.string(),
        modelId: z.string().nullable(),
        probability: z.number().nullable(),
        tier: z.string().nullable(),
        overrideTier: z.string(),
        reason: z.string(),
        userId: z.string(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('ScoreExplanation');
const overrideSchema = z.object({
  entityId: z.string(),
  tier: z.string(),
  modelTier: z.string(),
  overridden: z.boolean(),
});
const entityParams = z.object({
  entity: entity.openapi({ param: { name: 'entity', in: 'path' } }),
  id: z.string().openapi({ param: { name: 'id', in: 'path' } }),
});
const settingsBody = z.object({ horizonDays: z.number().int().min(HORIZON_DAYS.min).max(HORIZON_DAYS.max) }).strict();
const trainBody = z.object({ target: target.optional() }).strict();
const runBody = z.object({ target: target.optional() }).strict();
const promoteBody = z
  .object({
    override: z.boolean().optional(),
    note: z.string().max(500).optional(),
    acknowledgeFairness: z
      .boolean()
      .optional()
      .openapi({ description: 'Promote although the fairness audit failed (admin; audited)' }),
    fairnessReason: z
      .string()
      .max(1000)
      .optional()
      .openapi({ description: 'Why the failed audit is acceptable (at least 10 characters)' }),
  })
  .strict();
const sensitiveAttribute = z
  .object({
    key: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[\w -]+$/, 'letters, digits, spaces, - and _ only')
      .openapi({ description: 'A model input (country) or custom field (cf_gender)' }),
    bands: z
      .array(z.number().finite())
      .min(1)
      .max(10)
      .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]!), 'band cut points must increase')
      .optional()
      .openapi({ description: 'Cut points for a number: [30, 61] gives <30, 30-60, >60' }),
    useAsInput: z.boolean().optional().openapi({ description: 'Keep it as a model input (excluded by default)' }),
  })
  .strict();
const fairnessBody = z.object({ attributes: z.array(sensitiveAttribute).max(20) }).strict();
const fairnessSettings = z.object({ attributes: z.array(sensitiveAttribute), candidates: z.array(z.string()) });
const rollbackBody = z.object({ target }).strict();
const overrideBody = z
  .object({ tier: z.enum(['A', 'B', 'C', 'D']).nullable(), reason: z.string().trim().min(3).max(500) })
  .strict();
const scoresQuery = z.object({
  entity,
  ids: z.string().max(20_000).openapi({ description: 'Comma-separated record ids (up to 500)' }),
});

export function registerScoringRoutes(router: OpenAPIHono<AppEnv>, scoring: ScoringService, jobs: JobsService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scoring',
      tags: ['Scoring'],
      summary: 'Scoring status: active model per target, fallbacks, tier counts, every model version',
      responses: { 200: { description: 'Status', ...json(statusSchema) } },
    }),
    async (c) => c.json(await scoring.status(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/scoring/settings',
      tags: ['Scoring'],
      summary: 'Set the conversion horizon (days) of the lead target',
      request: { body: { required: true, ...json(settingsBody) } },
      responses: { 200: { description: 'Saved', ...json(settingsBody) }, 400: err, 403: err },
    }),
    async (c) => c.json(await scoring.setHorizon(actorOf(c), c.req.valid('json').horizonDays), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scoring/fairness',
      tags: ['Scoring'],
      summary: 'Sensitive attributes (excluded from inputs, audited before promotion) and the names that can be chosen',
      responses: { 200: { description: 'Fairness settings', ...json(fairnessSettings) } },
    }),
    async (c) => c.json(await scoring.fairnessSettings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/scoring/fairness',
      tags: ['Scoring'],
      summary: 'Name the sensitive attributes (admin)',
      request: { body: { required: true, ...json(fairnessBody) } },
      responses: { 200: { description: 'Saved', ...json(fairnessBody) }, 400: err, 403: err },
    }),
    async (c) => c.json(await scoring.setSensitiveAttributes(actorOf(c), c.req.valid('json').attributes), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scoring/train',
      tags: ['Scoring'],
      summary: 'Train a candidate model (one target, or both) as a job',
      request: { body: { required: false, ...json(trainBody) } },
      responses: { 202: jobAccepted, 400: err, 403: err },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'manager');
      const parsed = trainBody.safeParse((await c.req.json().catch(() => ({}))) ?? {});
      const id = await jobs.enqueue(actor, 'scoring.train', {
        target: parsed.success ? parsed.data.target : undefined,
        by: actor.name,
      });
      return c.json({ job: { id } }, 202);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scoring/run',
      tags: ['Scoring'],
      summary: 'Score every open lead and deal now with the active models, as a job',
      request: { body: { required: false, ...json(runBody) } },
      responses: { 202: jobAccepted, 403: err },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'manager');
      const parsed = runBody.safeParse((await c.req.json().catch(() => ({}))) ?? {});
      const id = await jobs.enqueue(actor, 'scoring.score', parsed.success ? parsed.data : {});
      return c.json({ job: { id } }, 202);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scoring/models/{id}',
      tags: ['Scoring'],
      summary: 'A model version: snapshot, features, parameters, evaluation report, model card',
      request: { params: idParams },
      responses: { 200: { description: 'Model', ...json(modelDetail) }, 404: err },
    }),
    async (c) => c.json(await scoring.model(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scoring/models/{id}/promote',
      tags: ['Scoring'],
      summary:
        'Admin approval: make this version active (re-scores as a job). Not-ready models need override and a note; a failed fairness audit needs acknowledgeFairness and a reason.',
      request: { params: idParams, body: { required: false, ...json(promoteBody) } },
      responses: {
        200: {
          description: 'Activated',
          ...json(z.object({ id: z.string(), target, version: z.number(), job: z.object({ id: z.string() }) })),
        },
        400: err,
        403: err,
        404: err,
        409: err,
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const parsed = promoteBody.safeParse((await c.req.json().catch(() => ({}))) ?? {});
      const done = await scoring.promote(actor, c.req.valid('param').id, parsed.success ? parsed.data : {});
      const id = await jobs.enqueue(actor, 'scoring.score', { target: done.target });
      return c.json({ ...done, job: { id } }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scoring/rollback',
      tags: ['Scoring'],
      summary: 'Re-activate the previous model of a target (re-scores as a job)',
      request: { body: { required: true, ...json(rollbackBody) } },
      responses: {
        200: {
          description: 'Rolled back',
          ...json(z.object({ id: z.string(), target, version: z.number(), job: z.object({ id: z.string() }) })),
        },
        403: err,
        409: err,
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const done = await scoring.rollback(actor, c.req.valid('json').target);
      const id = await jobs.enqueue(actor, 'scoring.score', { target: done.target });
      return c.json({ ...done, job: { id } }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scoring/scores',
      tags: ['Scoring'],
      summary: 'Scores of the given contacts or deals (for list columns)',
      request: { query: scoresQuery },
      responses: { 200: { description: 'Scores', ...json(z.object({ data: z.array(scoreRow) })) }, 400: err },
    }),
    async (c) => {
      const { entity: e, ids } = c.req.valid('query');
      const list = ids
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 500);
      return c.json({ data: await scoring.scores(actorOf(c), e, list) }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/scoring/scores/{entity}/{id}',
      tags: ['Scoring'],
      summary: 'Score of one contact or deal with its factors in plain words, override and feedback history',
      request: { params: entityParams },
      responses: { 200: { description: 'Score', ...json(explainSchema) }, 404: err },
    }),
    async (c) => {
      const { entity: e, id } = c.req.valid('param');
      return c.json(await scoring.explain(actorOf(c), e, id), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/scoring/scores/{entity}/{id}/override',
      tags: ['Scoring'],
      summary: 'Override the tier with a reason (tier null clears it); kept as feedback',
      request: { params: entityParams, body: { required: true, ...json(overrideBody) } },
      responses: { 200: { description: 'Overridden', ...json(overrideSchema) }, 400: err, 403: err, 404: err },
    }),
    async (c) => {
      const { entity: e, id } = c.req.valid('param');
      return c.json(await scoring.override(actorOf(c), e, id, c.req.valid('json')), 200);
    },
  );
}
