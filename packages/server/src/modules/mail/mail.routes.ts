import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { AppError } from '../../platform/errors';
import type { MailService } from './mail.service';
import type { MailInbound } from './mail.inbound';
import { assertRole } from '../auth/access';
import type { OutboxRow, TemplateRow } from './mail.repo';
import { outboxStates } from './mail.schema';
import {
  composeInput,
  inboundRecord,
  mailboxInput,
  mailboxRecord,
  outboxRecord,
  previewInput,
  resolveInput,
  settingsInput,
  suppressionInput,
  suppressionRecord,
  templateInput,
  templateRecord,
} from './mail.model';
import { registerPublicTrackingRoutes, registerTrackingRoutes } from './mail.tracking.routes';

const json = <S extends z.ZodType>(schema: S, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(errorSchema, 'Invalid input; `details.field` names the field'),
  403: json(errorSchema, 'Role does not allow it'),
  404: json(errorSchema, 'Not found'),
  409: json(errorSchema, 'The message is not in a state this applies to'),
};
const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true as const, content: { 'application/json': { schema } } },
});
const idParams = z.object({ id: z.uuid('must be a record id').openapi({ param: { name: 'id', in: 'path' } }) });
const tags = ['Mail'];
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toOutboxRecord = (r: OutboxRow): z.infer<typeof outboxRecord> => ({
  id: r.id,
  mailboxId: r.mailboxId,
  contactId: r.contactId,
  kind: r.kind,
  source: r.source,
  toAddress: r.toAddress,
  subject: r.subject,
  bodyText: r.bodyText,
  messageId: r.messageId,
  threadId: r.threadId,
  state: r.state,
  sendAfter: r.sendAfter.toISOString(),
  attempts: r.attempts,
  sentAt: iso(r.sentAt),
  lastError: r.lastError,
  smtpResponse: r.smtpResponse,
  resolution: r.resolution,
  createdAt: r.createdAt.toISOString(),
});
const toTemplateRecord = (t: TemplateRow): z.infer<typeof templateRecord> => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  subject: t.subject,
  bodyHtml: t.bodyHtml,
  bodyText: t.bodyText,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const unsubscribePage = (
  message: string,
  form?: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Unsubscribe</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#4f46e5;color:#fff;cursor:pointer}</style></head>
<body><h1>Unsubscribe</h1><p>${message}</p>${form ?? ''}</body></html>`;

export function registerMailRoutes(router: OpenAPIHono<AppEnv>, mail: MailService, inbound: MailInbound) {
  registerTrackingRoutes(router, mail);
  // Settings
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/settings',
      tags,
      summary: 'Postal address for marketing email and the opt-in rule',
      responses: { 200: json(settingsInput) },
    }),
    async (c) => c.json(await mail.settings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/mail/settings',
      tags,
      summary: 'Change the mail settings (admins)',
      request: body(settingsInput),
      responses: { 200: json(settingsInput), ...errors },
    }),
    async (c) => c.json(await mail.updateSettings(actorOf(c), c.req.valid('json')), 200),
  );

  // Mailboxes
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/mailboxes',
      tags,
      summary: 'Mailboxes (passwords are never returned)',
      responses: { 200: json(z.object({ data: z.array(mailboxRecord) })) },
    }),
    async (c) => c.json({ data: await mail.listMailboxes(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/mailboxes',
      tags,
      summary: 'Add a mailbox (admins); passwords are stored encrypted',
      request: body(mailboxInput),
      responses: { 201: json(mailboxRecord), ...errors },
    }),
    async (c) => c.json(await mail.saveMailbox(actorOf(c), null, c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/mail/mailboxes/{id}',
      tags,
      summary: 'Change a mailbox (admins); omit a password to keep it',
      request: { params: idParams, ...body(mailboxInput) },
      responses: { 200: json(mailboxRecord), ...errors },
    }),
    async (c) => c.json(await mail.saveMailbox(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/mail/mailboxes/{id}',
      tags,
      summary: 'Remove a mailbox and its outbox (admins)',
      request: { params: idParams },
      responses: { 204: { description: 'Removed' }, ...errors },
    }),
    async (c) => {
      await mail.deleteMailbox(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/mailboxes/{id}/test',
      tags,
      summary: 'Send a test message now (admins); a refused login or unreachable server is a 400 saying so',
      request: {
        params: idParams,
        ...body(z.object({ to: z.string().trim().pipe(z.email('must be a valid email address')) }).strict()),
      },
      responses: {
        200: json(z.object({ ok: z.literal(true), to: z.string(), messageId: z.string(), response: z.string() })),
        ...errors,
      },
    }),
    async (c) => c.json(await mail.sendTest(actorOf(c), c.req.valid('param').id, c.req.valid('json').to), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/mailboxes/{id}/poll',
      tags,
      summary: 'Read new replies and bounces from the IMAP inbox now (managers); otherwise every 2 minutes',
      request: { params: idParams },
      responses: { 200: json(z.object({ read: z.number(), filed: z.number() })), ...errors },
    }),
    async (c) => {
      const actor = actorOf(c);
      assertRole(actor, 'manager');
      const m = await mail.repo.getMailbox(actor.workspaceId, c.req.valid('param').id);
      if (!m) throw new AppError('not_found', 'No such mailbox', { field: 'id' });
      if (!m.imapHost) throw new AppError('validation', 'This mailbox has no IMAP settings', { field: 'imap' });
      const result = await inbound.poll(m).catch((e: unknown) => {
        throw new AppError('bad_request', e instanceof Error ? e.message : String(e), { field: 'imap' });
      });
      return c.json(result, 200);
    },
  );

  // Templates
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/templates',
      tags,
      summary: 'Email templates',
      responses: { 200: json(z.object({ data: z.array(templateRecord) })) },
    }),
    async (c) => c.json({ data: (await mail.listTemplates(actorOf(c))).map(toTemplateRecord) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/templates',
      tags,
      summary:
        'Save a template: Liquid syntax and merge fields are checked; marketing needs the unsubscribe link and postal address',
      request: body(templateInput),
      responses: { 201: json(templateRecord), ...errors },
    }),
    async (c) => c.json(toTemplateRecord(await mail.saveTemplate(actorOf(c), null, c.req.valid('json'))), 201),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/mail/templates/{id}',
      tags,
      summary: 'Change a template',
      request: { params: idParams, ...body(templateInput) },
      responses: { 200: json(templateRecord), ...errors },
    }),
    async (c) =>
      c.json(toTemplateRecord(await mail.saveTemplate(actorOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/mail/templates/{id}',
      tags,
      summary: 'Delete a template',
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await mail.deleteTemplate(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/preview',
      tags,
      summary:
        'Render a draft for a real contact (nothing is sent); a missing value or unknown field is a 400 naming it',
      request: body(previewInput),
      responses: { 200: json(z.object({ subject: z.string(), html: z.string(), text: z.string() })), ...errors },
    }),
    async (c) => c.json(await mail.preview(actorOf(c), c.req.valid('json')), 200),
  );

  // Compose and outbox
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/messages',
      tags,
      summary:
        'Compose to a contact: queued now or at sendAt; a repeated idempotencyKey returns the first message (200) instead of sending again',
      request: body(composeInput),
      responses: {
        201: json(outboxRecord, 'Queued'),
        200: json(outboxRecord, 'Already queued with this idempotency key'),
        ...errors,
      },
    }),
    async (c) => {
      const { row, created } = await mail.compose(actorOf(c), c.req.valid('json'));
      return created ? c.json(toOutboxRecord(row), 201) : c.json(toOutboxRecord(row), 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/outbox',
      tags,
      summary: 'Outbox messages, newest first, with counts per state',
      request: {
        query: z.object({
          state: z
            .string()
            .optional()
            .openapi({ description: `comma-separated: ${outboxStates.join(', ')}` }),
          contactId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: json(z.object({ data: z.array(outboxRecord), counts: z.record(z.string(), z.number()) })),
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const states = q.state ? q.state.split(',').map((s) => s.trim()) : undefined;
      const bad = states?.find((s) => !(outboxStates as readonly string[]).includes(s));
      if (bad !== undefined)
        throw new AppError('validation', `Invalid query.state: "${bad}" is not one of ${outboxStates.join(', ')}`, {
          field: 'query.state',
        });
      const actor = actorOf(c);
      const rows = await mail.listOutbox(actor, {
        states: states as (typeof outboxStates)[number][] | undefined,
        contactId: q.contactId,
        limit: q.limit,
      });
      return c.json({ data: rows.map(toOutboxRecord), counts: await mail.outboxCounts(actor) }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/outbox/{id}',
      tags,
      summary: 'One outbox message',
      request: { params: idParams },
      responses: { 200: json(outboxRecord), ...errors },
    }),
    async (c) => c.json(toOutboxRecord(await mail.getOutbox(actorOf(c), c.req.valid('param').id)), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/outbox/{id}/resolve',
      tags,
      summary:
        'Settle a message in state unknown (mark_sent, mark_failed) or queue a failed/unknown one again (resend); managers',
      request: { params: idParams, ...body(resolveInput) },
      responses: { 200: json(outboxRecord), ...errors },
    }),
    async (c) =>
      c.json(toOutboxRecord(await mail.resolve(actorOf(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );

  // Suppression list and inbound mail
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/suppressions',
      tags,
      summary: 'Addresses never mailed (unsubscribed, hard-bounced, by hand)',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }) },
      responses: { 200: json(z.object({ data: z.array(suppressionRecord) })), ...errors },
    }),
    async (c) =>
      c.json(
        {
          data: (await mail.listSuppressions(actorOf(c), c.req.valid('query').limit)).map((s) => ({
            ...s,
            createdAt: s.createdAt.toISOString(),
          })),
        },
        200,
      ),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/mail/suppressions',
      tags,
      summary: 'Suppress an address by hand',
      request: body(suppressionInput),
      responses: { 201: json(suppressionRecord), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const s = await mail.suppressByHand(actorOf(c), input.address, input.detail);
      return c.json({ ...s, createdAt: s.createdAt.toISOString() }, 201);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/inbound',
      tags,
      summary: 'Replies, auto-replies and bounces matched to sent mail',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: { 200: json(z.object({ data: z.array(inboundRecord) })), ...errors },
    }),
    async (c) => {
      const rows = await mail.repo.listInbound(actorOf(c).workspaceId, c.req.valid('query').limit);
      return c.json(
        {
          data: rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            fromAddress: r.fromAddress,
            subject: r.subject,
            outboxId: r.outboxId,
            contactId: r.contactId,
            receivedAt: r.receivedAt.toISOString(),
          })),
        },
        200,
      );
    },
  );
}

/** Public, unauthenticated: the signed unsubscribe link (GET shows a button, POST is RFC 8058 one-click). */
export function registerPublicMailRoutes(router: OpenAPIHono<AppEnv>, mail: MailService) {
  registerPublicTrackingRoutes(router, mail);
  const query = z.object({ t: z.string().min(1).max(2000) });
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/mail/unsubscribe',
      tags,
      summary: 'Unsubscribe page behind the link in a marketing email',
      request: { query },
      responses: {
        200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } },
        400: json(errorSchema),
      },
    }),
    async (c) => {
      const t = c.req.valid('query').t;
      const action = `/api/public/mail/unsubscribe?t=${encodeURIComponent(t)}`;
      return c.html(
        unsubscribePage(
          'Stop receiving marketing email from us?',
          `<form method="post" action="${action.replace(/"/g, '&quot;')}"><button type="submit">Unsubscribe</button></form>`,
        ),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/public/mail/unsubscribe',
      tags,
      summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post); adds the address to the suppression list',
      request: { query },
      responses: {
        200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } },
        400: json(errorSchema),
      },
    }),
    async (c) => {
      const { address } = await mail.unsubscribe(c.req.valid('query').t);
      const safe = address.replace(/[&<>"']/g, '');
      return c.html(
        unsubscribePage(`${safe} is unsubscribed: you will not receive marketing email from us again.`),
        200,
      );
    },
  );
}
