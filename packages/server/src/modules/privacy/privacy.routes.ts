import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { errorSchema, idParams } from '../../platform/crud-routes';
import { consentPurposes, consentStates } from '../contacts/contacts.service';
import { legalBases, noticeSettingsSchema, retentionPolicySchema, type PrivacyService } from './privacy.service';

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(errorSchema, 'Invalid input'),
  403: json(errorSchema, 'Role does not allow it'),
  404: json(errorSchema, 'Not found'),
};
const tags = ['Privacy'];

const purposeState = z.object({
  purpose: z.enum(consentPurposes),
  label: z.string(),
  wording: z.string(),
  state: z.enum(consentStates),
});
const historyEntry = z.object({
  purpose: z.enum(consentPurposes),
  state: z.enum(consentStates),
  source: z.string(),
  wording: z.string().nullable(),
  legalBasis: z.string().nullable(),
  reason: z.string().nullable(),
  occurredAt: z.string(),
});
const consentSchema = z
  .object({
    contactId: z.string(),
    doNotContact: z.boolean(),
    purposes: z.array(purposeState),
    history: z.array(historyEntry),
  })
  .openapi('Consent');
const publicPreferencesSchema = z.object({
  workspaceName: z.string(),
  purposes: z.array(purposeState),
  history: z.array(historyEntry),
});
const consentBody = z
  .object({
    purpose: z.enum(consentPurposes),
    state: z.enum(consentStates),
    reason: z.string(),
    legalBasis: z.enum(legalBases).optional(),
  })
  .strict();
const eraseBody = z
  .object({
    confirm: z
      .string()
      .openapi({ description: "The contact's email (or id when it has none), typed again to confirm" }),
    reason: z.string().max(500).optional(),
  })
  .strict();
const eraseResult = z.object({
  contactId: z.string(),
  redacted: z.record(z.string(), z.number()),
  deleted: z.record(z.string(), z.number()),
  suppressed: z.boolean(),
  uploadsRemoved: z.number().openapi({ description: 'stored import files that held the person, removed' }),
  seconds: z.number(),
});
const retentionSchema = z.object({
  inactiveContacts: z
    .object({
      months: z.number(),
      enabled: z.boolean(),
      lastRunAt: z.string().nullable(),
      lastRunCount: z.number().nullable(),
    })
    .nullable(),
});
const previewSchema = z.object({
  months: z.number(),
  inactiveSince: z.string(),
  contacts: z.number(),
  sample: z.array(z.string()),
});
const noticeSchema = z
  .object({
    workspaceName: z.string(),
    controller: z.string(),
    contactEmail: z.string().nullable(),
    purposes: z.array(
      z.object({
        purpose: z.enum(consentPurposes),
        label: z.string(),
        data: z.string(),
        wording: z.string(),
        legalBasis: z.string(),
      }),
    ),
    models: z.array(z.object({ name: z.string(), purpose: z.string(), description: z.string() })),
    rights: z.array(z.string()),
  })
  .openapi('PrivacyNotice');
const ropaSchema = z.object({
  controller: z.string(),
  contactEmail: z.string().nullable(),
  contacts: z.number(),
  suppressed: z.number(),
  activities: z.array(
    z.object({
      purpose: z.string(),
      legalBasis: z.string(),
      categories: z.string(),
      recipients: z.string(),
      retention: z.string(),
    }),
  ),
  models: z.array(z.object({ name: z.string(), purpose: z.string(), description: z.string() })),
});
const canContactQuery = z.object({
  contactId: z.uuid().optional(),
  email: z.string().max(320).optional(),
  purpose: z.enum(consentPurposes),
});
const tokenParams = z.object({
  token: z
    .string()
    .max(400)
    .openapi({ param: { name: 'token', in: 'path' } }),
});
const wsParams = z.object({ workspaceId: z.uuid().openapi({ param: { name: 'workspaceId', in: 'path' } }) });

export function registerPrivacyRoutes(router: OpenAPIHono<AppEnv>, privacy: PrivacyService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/contacts/{id}/privacy/consent',
      tags,
      summary: 'Consent per purpose with its full history (source, wording, legal basis, reason)',
      request: { params: idParams },
      responses: { 200: json(consentSchema), ...errors },
    }),
    async (c) => c.json(await privacy.consent(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/contacts/{id}/privacy/consent',
      tags,
      summary: 'Change one purpose’s consent (staff, with a reason)',
      request: { params: idParams, body: { required: true, ...json(consentBody) } },
      responses: { 200: json(consentSchema), ...errors },
    }),
    async (c) => c.json(await privacy.setConsent(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/contacts/{id}/privacy/preference-link',
      tags,
      summary: 'The signed link to this person’s preference centre',
      request: { params: idParams },
      responses: { 200: json(z.object({ token: z.string(), path: z.string() })), ...errors },
    }),
    async (c) => c.json(await privacy.preferenceLink(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/contacts/{id}/privacy/export',
      tags,
      summary: 'Access request: everything held about this person, as a zip of JSON and CSV (audited)',
      request: { params: idParams },
      responses: {
        200: {
          description: 'A zip file',
          content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const out = await privacy.exportContact(actorOf(c), c.req.valid('param').id);
      return new Response(out.zip, {
        status: 200,
        headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${out.fileName}"` },
      }) as any;
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/contacts/{id}/privacy/erase',
      tags,
      summary: 'Erase this person everywhere (redacts history, keeps anonymous totals, blocklists the email and phone)',
      request: { params: idParams, body: { required: true, ...json(eraseBody) } },
      responses: { 200: json(eraseResult), ...errors },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const consent = await privacy.consent(actor, id); // 404 before asking for confirmation
      const expected = await privacy.confirmationFor(actor, consent.contactId);
      if (body.confirm.trim().toLowerCase() !== expected.toLowerCase())
        throw new AppError(
          'validation',
          'Type the contact’s email (or its id when it has none) to confirm the erasure',
          { field: 'confirm' },
        );
      return c.json(await privacy.erase(actor, id, { reason: body.reason }), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/privacy/can-contact',
      tags,
      summary: 'May this person be contacted for this purpose (consent, do-not-contact, blocklist)?',
      request: { query: canContactQuery },
      responses: { 200: json(z.object({ allowed: z.boolean(), reason: z.string() })), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (!q.contactId && !q.email)
        throw new AppError('validation', 'Give a contactId or an email', { field: 'email' });
      return c.json(
        await privacy.canContact(actorOf(c).workspaceId, { contactId: q.contactId, email: q.email }, q.purpose),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/privacy/retention',
      tags,
      summary: 'Retention policy of this workspace',
      responses: { 200: json(retentionSchema), ...errors },
    }),
    async (c) => c.json(await privacy.retention(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/privacy/retention',
      tags,
      summary: 'Set the retention policy (anonymise contacts with no activity for N months)',
      request: { body: { required: true, ...json(retentionPolicySchema) } },
      responses: { 200: json(retentionSchema), ...errors },
    }),
    async (c) => c.json(await privacy.setRetention(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/privacy/retention/preview',
      tags,
      summary: 'Dry run: how many contacts the policy would anonymise now',
      request: { query: z.object({ months: z.coerce.number().int().min(1).max(240).optional() }) },
      responses: { 200: json(previewSchema), ...errors },
    }),
    async (c) => c.json(await privacy.retentionPreview(actorOf(c), c.req.valid('query').months), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/privacy/retention/run',
      tags,
      summary: 'Apply the retention policy now (audited)',
      responses: { 200: json(z.object({ anonymised: z.number(), months: z.number().nullable() })), ...errors },
    }),
    async (c) => c.json(await privacy.runRetentionAsStaff(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/privacy/notice-settings',
      tags,
      summary: 'What the public notice says: controller, contact address, wording per purpose',
      responses: { 200: json(noticeSettingsSchema), ...errors },
    }),
    async (c) => c.json(await privacy.noticeSettings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/privacy/notice-settings',
      tags,
      summary: 'Change the notice settings',
      request: { body: { required: true, ...json(noticeSettingsSchema) } },
      responses: { 200: json(noticeSettingsSchema), ...errors },
    }),
    async (c) => c.json(await privacy.setNoticeSettings(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/privacy/notice',
      tags,
      summary: 'Preview of the public notice',
      responses: { 200: json(noticeSchema), ...errors },
    }),
    async (c) => c.json(await privacy.notice(actorOf(c).workspaceId), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/privacy/record-of-processing',
      tags,
      summary: 'Record of processing activities (staff)',
      responses: { 200: json(ropaSchema), ...errors },
    }),
    async (c) => c.json(await privacy.recordOfProcessing(actorOf(c)), 200),
  );
  // Public, no sign-in: the notice and the person's own preference centre (a signed link).
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/privacy/{workspaceId}/notice',
      tags,
      summary: 'The public "How we use AI and your data" notice',
      request: { params: wsParams },
      responses: { 200: json(noticeSchema), ...errors },
    }),
    async (c) => c.json(await privacy.notice(c.req.valid('param').workspaceId), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/preferences/{token}',
      tags,
      summary: 'A person’s consent choices (signed link)',
      request: { params: tokenParams },
      responses: { 200: json(publicPreferencesSchema), ...errors },
    }),
    async (c) => c.json(await privacy.publicPreferences(c.req.valid('param').token), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/public/preferences/{token}',
      tags,
      summary: 'The person changes their own consent choices',
      request: {
        params: tokenParams,
        body: {
          required: true,
          ...json(
            z.object({
              choices: z.array(z.object({ purpose: z.enum(consentPurposes), state: z.enum(['granted', 'denied']) })),
            }),
          ),
        },
      },
      responses: { 200: json(publicPreferencesSchema), ...errors },
    }),
    async (c) => c.json(await privacy.setPublicPreferences(c.req.valid('param').token, c.req.valid('json')), 200),
  );
}
