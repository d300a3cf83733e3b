import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../platform/errors';
import { repoRoot } from '../../platform/version';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import { uuid } from '../../platform/fields';
import {
  chatHandoffInput,
  chatLeadInput,
  chatLeadSchema,
  chatRateInput,
  chatReplySchema,
  chatSayInput,
  chatStartInput,
  chatStartSchema,
  consentInput,
  consentResult,
  formInput,
  formPatch,
  formSchema,
  formSubmitInput,
  formSubmitResult,
  publicConfigSchema,
  publicFormSchema,
  siteSettingsInput,
  siteSettingsSchema,
  trackInput,
  trackResult,
} from './website.fields';
import type { PublicCaller, WebsiteService } from './website.service';

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(errorSchema, 'Invalid input; `details.field` names the field'),
  403: json(errorSchema, 'Role does not allow it, or (public routes) the page origin is not allowed'),
  404: json(errorSchema, 'Not found (public routes: no site with this key)'),
  429: json(errorSchema, 'Too many requests from this visitor or address'),
};
const staffTags = ['Website'];
const publicTags = ['Website widget (public)'];
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } });
const keyParams = z.object({
  siteKey: z
    .string()
    .max(100)
    .openapi({ param: { name: 'siteKey', in: 'path' } }),
});
const formParams = keyParams.extend({ formId: uuid.openapi({ param: { name: 'formId', in: 'path' } }) });
const formIdParams = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });
const pollQuery = z.object({
  visitorId: z.string().max(64),
  conversationId: z.string().max(100),
  after: z.string().max(12).optional().openapi({ description: 'the last message seq the widget has' }),
});

function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The public caller of a widget route: the site key, the page's Origin, the IP, and the browser's opt-out signals. */
export function publicCaller(c: Context, siteKey: string): PublicCaller {
  const origin = c.req.header('origin');
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  let sameOrigin = false;
  try {
    sameOrigin = origin ? new URL(origin).host === host : c.req.header('sec-fetch-site') === 'same-origin';
  } catch {
    sameOrigin = false;
  }
  return {
    siteKey,
    origin,
    sameOrigin,
    ip: clientIp(c),
    optedOut: c.req.header('sec-gpc') === '1' || c.req.header('dnt') === '1',
  };
}

/** Staff routes (/api/v1/website/...) and the widget's public routes (/w/{siteKey}/...). */
export function registerWebsiteRoutes(router: OpenAPIHono<AppEnv>, website: WebsiteService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/website/settings',
      tags: staffTags,
      summary: 'The website widget settings and the snippet to paste',
      responses: { 200: json(siteSettingsSchema), ...errors },
    }),
    async (c) => c.json(await website.settings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/website/settings',
      tags: staffTags,
      summary: 'Change allowed origins, colours, greeting, privacy link, tracking and chat',
      request: body(siteSettingsInput),
      responses: { 200: json(siteSettingsSchema), ...errors },
    }),
    async (c) => c.json(await website.updateSettings(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/website/settings/rotate-key',
      tags: staffTags,
      summary: 'A new site key (the old snippet stops working)',
      responses: { 200: json(siteSettingsSchema), ...errors },
    }),
    async (c) => c.json(await website.rotateKey(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/website/forms',
      tags: staffTags,
      summary: 'Lead forms',
      responses: { 200: json(z.object({ data: z.array(formSchema) })), ...errors },
    }),
    async (c) => c.json({ data: await website.forms(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/website/forms',
      tags: staffTags,
      summary: 'Create a lead form',
      request: body(formInput),
      responses: { 201: json(formSchema, 'Created'), ...errors },
    }),
    async (c) => c.json(await website.createForm(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/website/forms/{id}',
      tags: staffTags,
      summary: 'One lead form',
      request: { params: formIdParams },
      responses: { 200: json(formSchema), ...errors },
    }),
    async (c) => c.json(await website.form(actorOf(c), c.req.valid('param').id), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/website/forms/{id}',
      tags: staffTags,
      summary: 'Change a lead form',
      request: { params: formIdParams, ...body(formPatch) },
      responses: { 200: json(formSchema), ...errors },
    }),
    async (c) => c.json(await website.updateForm(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/website/forms/{id}',
      tags: staffTags,
      summary: 'Delete a lead form (submissions stay on the contacts’ timelines)',
      request: { params: formIdParams },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await website.deleteForm(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  // ---- public: the widget, from the business's own website ----
  const caller = (c: Context) => publicCaller(c, c.req.param('siteKey') ?? '');
  router.openapi(
    createRoute({
      method: 'get',
      path: '/w/{siteKey}/config',
      tags: publicTags,
      summary: 'What the widget shows: greeting, colours, privacy notice link, whether chat and tracking are on',
      request: { params: keyParams },
      responses: { 200: json(publicConfigSchema), ...errors },
    }),
    async (c) => c.json(await website.publicConfig(caller(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/chat/start',
      tags: publicTags,
      summary: 'Start (or resume) a chat: the greeting and the conversation id',
      request: { params: keyParams, ...body(chatStartInput) },
      responses: { 200: json(chatStartSchema), ...errors },
    }),
    async (c) => c.json(await website.chatStart(caller(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/chat/say',
      tags: publicTags,
      summary: 'The visitor says something; the bot’s answer (or nothing while a person owns the chat)',
      request: { params: keyParams, ...body(chatSayInput) },
      responses: { 200: json(chatReplySchema), ...errors },
    }),
    async (c) => c.json(await website.chatSay(caller(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/w/{siteKey}/chat/messages',
      tags: publicTags,
      summary: 'Messages after a seq (the widget polls this for a person’s replies)',
      request: { params: keyParams, query: pollQuery },
      responses: { 200: json(chatReplySchema), ...errors },
    }),
    async (c) => c.json(await website.chatPoll(caller(c), c.req.valid('query')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/chat/handoff',
      tags: publicTags,
      summary: 'The visitor asks for a person',
      request: { params: keyParams, ...body(chatHandoffInput) },
      responses: { 200: json(chatReplySchema), ...errors },
    }),
    async (c) => c.json(await website.chatHandoff(caller(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/chat/rate',
      tags: publicTags,
      summary: 'Thumbs up or down on an answer',
      request: { params: keyParams, ...body(chatRateInput) },
      responses: { 204: { description: 'Recorded' }, ...errors },
    }),
    async (c) => {
      await website.chatRate(caller(c), c.req.valid('json'));
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/chat/lead',
      tags: publicTags,
      summary: 'The visitor leaves their details (with a consent choice per purpose) in the chat',
      request: { params: keyParams, ...body(chatLeadInput) },
      responses: { 200: json(chatLeadSchema), ...errors },
    }),
    async (c) => c.json(await website.chatLead(caller(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/w/{siteKey}/forms/{formId}',
      tags: publicTags,
      summary: 'A lead form’s fields and consent checkboxes, to render',
      request: { params: formParams },
      responses: { 200: json(publicFormSchema), ...errors },
    }),
    async (c) => c.json(await website.publicForm(caller(c), c.req.valid('param').formId), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/forms/{formId}',
      tags: publicTags,
      summary: 'Submit a lead form: creates or updates the contact (never a duplicate), stores consent',
      request: { params: formParams, ...body(formSubmitInput) },
      responses: { 200: json(formSubmitResult), ...errors },
    }),
    async (c) => c.json(await website.submitForm(caller(c), c.req.valid('param').formId, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/consent',
      tags: publicTags,
      summary: 'The visitor’s answer to the tracking banner (ignored under GPC or DNT)',
      request: { params: keyParams, ...body(consentInput) },
      responses: { 200: json(consentResult), ...errors },
    }),
    async (c) => c.json(await website.consent(caller(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/w/{siteKey}/track',
      tags: publicTags,
      summary: 'One page view: stored only with consent, tracking on, and no GPC/DNT',
      request: { params: keyParams, ...body(trackInput) },
      responses: { 200: json(trackResult), ...errors },
    }),
    async (c) => c.json(await website.track(caller(c), c.req.valid('json')), 200),
  );
}

const widgetFile = path.join(repoRoot, 'packages/web/dist/widget.js');
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/**
 * The widget's plain HTTP around the routes: CORS for allowed origins only (preflight included), a body size limit,
 * the script itself at /widget.js, and the hosted form page /f/{siteKey}/{formId}.
 */
export function registerWidgetHttp(app: Hono<AppEnv>, website: WebsiteService) {
  app.use(
    '/w/*',
    bodyLimit({
      maxSize: 32 * 1024,
      onError: () => {
        throw new AppError('payload_too_large', 'The request is too large (at most 32 KB)', { field: 'body' });
      },
    }),
  );
  app.use('/w/:siteKey/*', async (c, next) => {
    const origin = c.req.header('origin');
    const key = c.req.param('siteKey');
    const allowed = origin ? await website.originAllowed(key, origin).catch(() => false) : false;
    const cors = (res: Headers) => {
      if (!allowed || !origin) return;
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Methods', 'GET, POST');
      res.set('Access-Control-Allow-Headers', 'content-type');
      res.set('Access-Control-Max-Age', '600');
      res.append('Vary', 'Origin');
    };
    if (c.req.method === 'OPTIONS') {
      if (!allowed) throw new AppError('forbidden', 'This website is not on the allowed list for this widget');
      const res = c.body(null, 204);
      cors(res.headers);
      return res;
    }
    await next();
    c.header('Cache-Control', 'no-store');
    cors(c.res.headers);
  });
  app.get('/widget.js', async (c) => {
    const code = await readFile(widgetFile, 'utf8').catch(() => null);
    if (code === null) throw new AppError('not_found', 'The widget is not built: run `npm run build`');
    c.header('Content-Type', 'application/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(code);
  });
  app.get('/f/:siteKey/:formId', (c) => {
    const key = c.req.param('siteKey');
    const formId = c.req.param('formId');
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(key) || !/^[0-9a-f-]{36}$/.test(formId))
      throw new AppError('not_found', 'No such form');
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Contact us</title><style>body{font-family:system-ui,sans-serif;background:#f6f8fa;margin:0;padding:2rem 1rem}` +
        `main{max-width:32rem;margin:0 auto}</style></head><body><main><div id="pipewise-form"></div></main>` +
        `<script src="/widget.js" data-site="${escapeHtml(key)}" data-form="${escapeHtml(formId)}" data-target="#pipewise-form" data-chat="off" async></script>` +
        `</body></html>`,
    );
  });
}
