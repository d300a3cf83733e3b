import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import type { MailService } from './mail.service';
import { mailEventKinds } from './mail.schema';
import { PIXEL } from './mail.tracking';

const json = <S extends z.ZodType>(schema: S, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const tags = ['Mail'];
const token = z.object({
  token: z
    .string()
    .min(1)
    .max(4000)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export const mailEventRecord = z
  .object({
    id: z.string(),
    outboxId: z.string(),
    kind: z.enum(mailEventKinds),
    url: z.string().nullable(),
    at: z.string(),
  })
  .openapi('MailEvent');

/** Opens and clicks of one outbox message (signed in). */
export function registerTrackingRoutes(router: OpenAPIHono<AppEnv>, mail: MailService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/mail/outbox/{id}/events',
      tags,
      summary: 'Opens (when the pixel is on) and link clicks of one message',
      request: {
        params: z.object({ id: z.uuid('must be a record id').openapi({ param: { name: 'id', in: 'path' } }) }),
      },
      responses: {
        200: json(z.object({ data: z.array(mailEventRecord) })),
        404: json(errorSchema, 'Not found'),
      },
    }),
    async (c) => {
      const actor = actorOf(c);
      const { id } = c.req.valid('param');
      await mail.getOutbox(actor, id); // the same visibility as the message itself
      const rows = await mail.tracking.events(actor, id);
      return c.json(
        {
          data: rows.map((r) => ({ id: r.id, outboxId: r.outboxId, kind: r.kind, url: r.url, at: r.at.toISOString() })),
        },
        200,
      );
    },
  );
}

/** Public, unauthenticated: the signed click redirect and the open pixel in sent emails. */
export function registerPublicTrackingRoutes(router: OpenAPIHono<AppEnv>, mail: MailService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/t/c/{token}',
      tags,
      summary: 'A tracked link in an email: records the click, then redirects to where the link pointed',
      request: { params: token },
      responses: {
        302: { description: 'Redirect to the link in the email' },
        400: json(errorSchema, 'The link was altered or is not ours (never redirected)'),
      },
    }),
    async (c) => {
      const url = await mail.tracking.click(c.req.valid('param').token);
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      return c.redirect(url, 302);
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/t/o/{token}',
      tags,
      summary: 'The open pixel (only in emails of workspaces that turned open tracking on)',
      request: { params: token },
      responses: {
        200: { description: 'A 1×1 transparent GIF', content: { 'image/gif': { schema: z.string() } } },
        400: json(errorSchema, 'The pixel address was altered or is not ours'),
      },
    }),
    async (c) => {
      await mail.tracking.open(c.req.valid('param').token);
      return c.body(new Uint8Array(PIXEL), 200, { 'content-type': 'image/gif', 'cache-control': 'no-store, private' });
    },
  );
}
