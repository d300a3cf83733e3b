import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import type { SequencesService } from './sequences.service';
import { enrolmentStatuses } from './sequences.schema';
import {
  analyticsRecord,
  approvalRecord,
  approveInput,
  bulkApproveInput,
  createInput,
  enrolInput,
  enrolmentRecord,
  enrolResult,
  patchInput,
  reasonInput,
  rejectInput,
  sequenceDetail,
  sequenceRecord,
  stepSchema,
} from './sequences.model';

const json = <S extends z.ZodType>(schema: S, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(errorSchema, 'Invalid input; `details.field` names the field'),
  403: json(errorSchema, 'Role does not allow it'),
  404: json(errorSchema, 'Not found'),
  409: json(errorSchema, 'Not in a state this applies to'),
};
const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: { 'application/json': { schema } } },
});
const idParams = z.object({ id: z.uuid('must be a record id').openapi({ param: { name: 'id', in: 'path' } }) });
const tags = ['Sequences'];
const settingsRecord = z
  .object({
    timeZone: z.string().min(1).max(64),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).max(366),
    caps: z
      .object({
        perDaysMax: z.number().int().min(1).max(50),
        perDaysDays: z.number().int().min(1).max(30),
        perWeek: z.number().int().min(1).max(50),
      })
      .strict(),
    quietDaysAfterReply: z.number().int().min(0).max(90),
    approvalDefault: z.enum(['every', 'first', 'none']),
  })
  .strict();
const stateResult = z.object({ id: z.string(), status: z.string() });

export function registerSequenceRoutes(router: OpenAPIHono<AppEnv>, sequences: SequencesService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sequences/settings',
      tags,
      summary: 'Workspace sequence settings: time zone, holidays, frequency caps, quiet days, approval default',
      responses: { 200: json(settingsRecord) },
    }),
    async (c) => c.json(await sequences.settings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/sequences/settings',
      tags,
      summary: 'Change the sequence settings (admins; only the owner may stop approving every email)',
      request: body(settingsRecord),
      responses: { 200: json(settingsRecord), ...errors },
    }),
    async (c) => c.json(await sequences.updateSettings(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sequences',
      tags,
      summary: 'Sequences with their step and active-enrolment counts',
      responses: { 200: json(z.object({ items: z.array(sequenceRecord) })) },
    }),
    async (c) => c.json({ items: await sequences.list(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sequences',
      tags,
      summary: 'Create a sequence (draft); new workspaces approve every email until the owner switches it',
      request: body(createInput),
      responses: { 201: json(sequenceDetail), ...errors },
    }),
    async (c) => c.json(await sequences.create(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sequences/approvals',
      tags,
      summary: 'Emails waiting for a person: approval mode, a missing merge value, or a manual step',
      responses: { 200: json(z.object({ items: z.array(approvalRecord) })) },
    }),
    async (c) => c.json({ items: await sequences.approvals(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sequences/approvals/approve',
      tags,
      summary: 'Approve several emails as they are',
      request: body(bulkApproveInput),
      responses: {
        200: json(
          z.object({
            approved: z.number(),
            results: z.array(z.object({ id: z.string(), ok: z.boolean(), error: z.string().nullable() })),
          }),
        ),
        ...errors,
      },
    }),
    async (c) => c.json(await sequences.approveMany(actorOf(c), c.req.valid('json').ids), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sequences/approvals/{id}/approve',
      tags,
      summary: 'Approve one email, optionally edited (merge fields allowed); it goes to the outbox',
      request: { params: idParams, ...body(approveInput) },
      responses: { 200: json(z.object({ id: z.string(), state: z.literal('queued') })), ...errors },
    }),
    async (c) => c.json(await sequences.approve(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sequences/approvals/{id}/reject',
      tags,
      summary: 'Reject one email with a reason; the contact goes on with the next step',
      request: { params: idParams, ...body(rejectInput) },
      responses: { 200: json(z.object({ id: z.string(), state: z.literal('rejected') })), ...errors },
    }),
    async (c) => c.json(await sequences.reject(actorOf(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  );
  for (const action of ['exit', 'pause', 'resume'] as const)
    router.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/sequences/enrolments/{id}/${action}`,
        tags,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} one enrolment`,
        request: { params: idParams, ...body(reasonInput) },
        responses: { 200: json(stateResult), ...errors },
      }),
      async (c) =>
        c.json(
          await sequences.setEnrolmentState(actorOf(c), c.req.valid('param').id, action, c.req.valid('json').reason),
          200,
        ),
    );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sequences/{id}',
      tags,
      summary: 'One sequence with its steps and settings',
      request: { params: idParams },
      responses: { 200: json(sequenceDetail), ...errors },
    }),
    async (c) => c.json(await sequences.get(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/sequences/{id}',
      tags,
      summary: 'Rename, activate/pause/archive, change approval mode, mailbox or settings',
      request: { params: idParams, ...body(patchInput) },
      responses: { 200: json(sequenceDetail), ...errors },
    }),
    async (c) => c.json(await sequences.update(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/sequences/{id}/steps',
      tags,
      summary: 'Replace the steps (keep ids to keep their history)',
      request: { params: idParams, ...body(z.object({ steps: z.array(stepSchema).max(50) }).strict()) },
      responses: { 200: json(sequenceDetail), ...errors },
    }),
    async (c) =>
      c.json(await sequences.replaceSteps(actorOf(c), c.req.valid('param').id, c.req.valid('json').steps), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/sequences/{id}/enrolments',
      tags,
      summary: 'Enrol contacts (ids and/or a rule segment); says who was skipped and why',
      request: { params: idParams, ...body(enrolInput) },
      responses: { 200: json(enrolResult), ...errors },
    }),
    async (c) => c.json(await sequences.enrol(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sequences/{id}/enrolments',
      tags,
      summary: 'Enrolments of a sequence, newest first',
      request: {
        params: idParams,
        query: z.object({ status: z.enum(enrolmentStatuses).optional() }),
      },
      responses: { 200: json(z.object({ items: z.array(enrolmentRecord) })), ...errors },
    }),
    async (c) =>
      c.json(
        {
          items: await sequences.listEnrolments(actorOf(c), c.req.valid('param').id, c.req.valid('query').status),
        },
        200,
      ),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/sequences/{id}/analytics',
      tags,
      summary: 'Per step and variant figures, A/B verdicts and the send-time holdout lift',
      request: { params: idParams },
      responses: { 200: json(analyticsRecord), ...errors },
    }),
    async (c) => c.json(await sequences.analytics(actorOf(c), c.req.valid('param').id), 200),
  );
}
