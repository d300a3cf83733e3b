import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import type { WorklistService } from './worklist.service';
import type { AllocationService } from './allocation.service';
import { itemKinds, outcomeInput, repInput, settingsInput } from './worklist.model';

const json = (schema: z.ZodType, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: json(errorSchema, 'Invalid input'),
  403: json(errorSchema, 'Role does not allow it'),
  404: json(errorSchema, 'Not found'),
};
const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: { 'application/json': { schema } } },
});
const tags = ['Worklist'];
const item = z
  .object({
    key: z.string(),
    kind: z.enum(itemKinds),
    title: z.string(),
    why: z.string(),
    action: z.enum(['call', 'email', 'meeting']),
    bestHour: z.number().nullable(),
    bestHourNote: z.string().nullable(),
    expectedValue: z.number(),
    valueBasis: z.string(),
    urgency: z.enum(['overdue', 'today', 'soon']),
    dueAt: z.string().nullable(),
    priority: z.number(),
    contactId: z.string().nullable(),
    contactName: z.string().nullable(),
    dealId: z.string().nullable(),
    productId: z.string().nullable(),
    assigneeId: z.string().optional().openapi({ description: 'team list only: whose item it is' }),
    assigneeName: z.string().optional(),
  })
  .openapi('WorklistItem');
const dryRun = z
  .object({ dryRun: z.boolean().default(false), limit: z.number().int().min(1).max(10_000).default(1000) })
  .strict();

export function registerWorklistRoutes(
  router: OpenAPIHono<AppEnv>,
  worklist: WorklistService,
  allocation: AllocationService,
) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/worklist',
      tags,
      summary:
        "A rep's prioritised list for today (default: the caller; managers may pass userId, or team=true for everyone's)",
      request: {
        query: z.object({ userId: z.uuid().optional(), team: z.enum(['true', 'false']).optional() }),
      },
      responses: { 200: json(z.object({ items: z.array(item) }).passthrough()), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const actor = actorOf(c);
      return c.json(q.team === 'true' ? await worklist.forTeam(actor) : await worklist.forUser(actor, q.userId), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/worklist/outcomes',
      tags,
      summary: 'Record what was done with an item: done, snoozed (snoozeHours) or dismissed (with a reason)',
      request: body(outcomeInput),
      responses: { 201: json(z.object({}).passthrough()), ...errors },
    }),
    async (c) => c.json(await worklist.recordOutcome(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/worklist/outcomes/stats',
      tags,
      summary: 'Outcome counts and expected value per item kind (managers)',
      request: { query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }) },
      responses: { 200: json(z.object({ data: z.array(z.object({}).passthrough()) })), ...errors },
    }),
    async (c) => c.json({ data: await worklist.outcomeStats(actorOf(c), c.req.valid('query').days) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/worklist/settings',
      tags,
      summary: 'Response-time target and stall multiple',
      responses: { 200: json(settingsInput) },
    }),
    async (c) => c.json(await worklist.settings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/worklist/settings',
      tags,
      summary: 'Change the worklist settings (admins)',
      request: body(settingsInput),
      responses: { 200: json(settingsInput), ...errors },
    }),
    async (c) => c.json(await worklist.updateSettings(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/worklist/load',
      tags,
      summary: 'Open items, capacity and territory per rep, and unassigned leads (managers)',
      responses: { 200: json(z.object({}).passthrough()), ...errors },
    }),
    async (c) => c.json(await allocation.load(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/worklist/reps/{userId}',
      tags,
      summary: "Set a rep's territory (country) and capacity (managers)",
      request: { params: z.object({ userId: z.uuid() }), ...body(repInput) },
      responses: { 200: json(z.object({}).passthrough()), ...errors },
    }),
    async (c) => c.json(await allocation.setRep(actorOf(c), c.req.valid('param').userId, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/worklist/allocate',
      tags,
      summary: 'Give unassigned leads to reps by territory and capacity, round robin as fallback (managers)',
      request: body(dryRun),
      responses: { 200: json(z.object({}).passthrough()), ...errors },
    }),
    async (c) => c.json(await allocation.allocate(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/worklist/rebalance',
      tags,
      summary: 'Move uncontacted leads from overloaded reps to the least loaded (managers)',
      request: body(dryRun),
      responses: { 200: json(z.object({}).passthrough()), ...errors },
    }),
    async (c) => c.json(await allocation.rebalance(actorOf(c), c.req.valid('json')), 200),
  );
}
