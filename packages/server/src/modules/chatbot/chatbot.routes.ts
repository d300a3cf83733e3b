import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../../platform/http';
import { actorOf } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { errorSchema, idParams } from '../../platform/crud-routes';
import { businessHoursSchema } from './chatbot.hours';
import { kbFormats } from './chatbot.kb';
import { conversationStatuses } from './chatbot.schema';
import type { ChatEvent, ChatbotService } from './chatbot.service';

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(errorSchema, 'Invalid input'),
  403: json(errorSchema, 'Role does not allow it'),
  404: json(errorSchema, 'Not found'),
};
const tags = ['Chatbot'];

const link = z.object({ label: z.string(), url: z.string() });
const entrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['faq', 'section']),
    question: z.string(),
    variants: z.array(z.string()),
    answer: z.string(),
    links: z.array(link),
    enabled: z.boolean(),
    source: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ChatbotKbEntry');
const entryBody = z
  .object({
    kind: z.enum(['faq', 'section']).optional(),
    question: z.string(),
    variants: z.array(z.string()).optional(),
    answer: z.string(),
    links: z.array(link).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
const entryPatch = z
  .object({
    question: z.string(),
    variants: z.array(z.string()),
    answer: z.string(),
    links: z.array(link),
    enabled: z.boolean(),
  })
  .partial()
  .strict();
const importBody = z
  .object({
    format: z.enum(kbFormats),
    content: z.string().openapi({ description: 'The file as text (CSV, JSON, Markdown or an HTML page)' }),
    fileName: z.string().optional(),
    replace: z
      .boolean()
      .optional()
      .openapi({ description: 'Replace what an earlier import of the same file name brought (default true)' }),
  })
  .strict();
const importResult = z.object({
  created: z.number(),
  replaced: z.number(),
  source: z.string(),
  entries: z.array(entrySchema),
});
const settingsSchema = z
  .object({
    greeting: z.string(),
    hours: businessHoursSchema.nullable(),
    threshold: z.number().nullable(),
    clarifyMargin: z.number(),
    handoffEmail: z.string().nullable(),
    llm: z.object({
      enabled: z.boolean(),
      url: z.string().nullable(),
      model: z.string().nullable(),
      hasKey: z.boolean(),
    }),
    kbVersion: z.number(),
  })
  .openapi('ChatbotSettings');
const settingsBody = z
  .object({
    greeting: z.string(),
    hours: businessHoursSchema.nullable(),
    threshold: z.number().nullable(),
    clarifyMargin: z.number(),
    handoffEmail: z.string().nullable(),
    llm: z.object({
      enabled: z.boolean(),
      url: z.string().nullable(),
      model: z.string().nullable(),
      apiKey: z.string().nullable().optional(),
    }),
  })
  .partial()
  .strict();
const engineSchema = z
  .object({
    version: z.number(),
    intents: z.number(),
    examples: z.number(),
    sections: z.number(),
    products: z.number(),
    embedder: z.string().nullable(),
    threshold: z.number().nullable(),
    thresholdRule: z.string().nullable(),
    trainSeconds: z.number(),
    builtAt: z.string(),
  })
  .openapi('ChatbotEngine');
const productSuggestion = z.object({
  id: z.string(),
  name: z.string(),
  price: z.number().nullable(),
  reason: z.string(),
});
const messageFields = z.object({
  id: z.string(),
  seq: z.number(),
  from: z.enum(['visitor', 'bot', 'agent', 'system']),
  text: z.string(),
  createdAt: z.string(),
  suggestions: z.array(z.string()).optional(),
  products: z.array(productSuggestion).optional(),
  action: z.enum(['lead_form', 'handoff_offer', 'email_request']).optional(),
});
const messageSchema = messageFields.openapi('ChatMessage');
const conversationBase = {
  id: z.string(),
  visitorId: z.string(),
  pageUrl: z.string().nullable(),
  contactId: z.string().nullable(),
  status: z.enum(conversationStatuses),
  assignedTo: z.string().nullable(),
  lastSeq: z.number(),
  lastMessageAt: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
};
const conversationSchema = z
  .object({ ...conversationBase, messages: z.array(messageSchema) })
  .openapi('ChatConversation');
const conversationList = z.object({
  counts: z.object({ bot: z.number(), waiting: z.number(), human: z.number(), closed: z.number() }),
  data: z.array(z.object({ ...conversationBase, lastMessage: messageFields.nullable() })),
});
const listQuery = z.object({
  status: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: `comma-separated: ${conversationStatuses.join(', ')}` }),
  contactId: z.uuid().optional(),
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const askBody = z.object({ text: z.string() }).strict();
const askResult = z
  .object({
    text: z.string(),
    kind: z.string(),
    confidence: z.number().nullable(),
    intent: z.string().nullable(),
    question: z.string().nullable(),
    suggestions: z.array(z.string()),
    products: z.array(productSuggestion),
    action: z.enum(['lead_form', 'handoff_offer', 'email_request']).nullable(),
    milliseconds: z.number(),
    engine: engineSchema,
  })
  .openapi('ChatbotAnswer');
const unansweredSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  question: z.string().nullable(),
  reply: z.string(),
  reason: z.enum(['low_confidence', 'handoff', 'thumbs_down', 'not_english']),
  confidence: z.number().nullable(),
  createdAt: z.string(),
});
const variantBody = z.object({ entryId: z.string(), text: z.string(), messageId: z.string().optional() }).strict();
const replyBody = z.object({ text: z.string() }).strict();

export function registerChatbotRoutes(router: OpenAPIHono<AppEnv>, chatbot: ChatbotService) {
  // ---- knowledge base ----
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/kb',
      tags,
      summary: 'Knowledge-base entries: FAQs (question, variants, answer, links) and page sections',
      responses: { 200: json(z.object({ data: z.array(entrySchema) })), ...errors },
    }),
    async (c) => c.json({ data: await chatbot.listKb(actorOf(c)) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/kb',
      tags,
      summary: 'Add an FAQ (the bot retrains within seconds)',
      request: { body: { required: true, ...json(entryBody) } },
      responses: { 201: json(entrySchema, 'Created'), ...errors },
    }),
    async (c) => c.json(await chatbot.createEntry(actorOf(c), c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/chatbot/kb/{id}',
      tags,
      summary: 'Change an entry (retrains)',
      request: { params: idParams, body: { required: true, ...json(entryPatch) } },
      responses: { 200: json(entrySchema), ...errors },
    }),
    async (c) => c.json(await chatbot.updateEntry(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/chatbot/kb/{id}',
      tags,
      summary: 'Delete an entry (retrains)',
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      await chatbot.deleteEntry(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/kb/import',
      tags,
      summary: 'Import FAQs from CSV, JSON or Markdown, or sections from an HTML page (split by headings)',
      request: { body: { required: true, ...json(importBody) } },
      responses: { 200: json(importResult), ...errors },
    }),
    async (c) => c.json(await chatbot.importKb(actorOf(c), c.req.valid('json')), 200),
  );

  // ---- settings, engine, try it ----
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/settings',
      tags,
      summary: 'Greeting, business hours, thresholds, hand-off address, LLM endpoint (the key is never returned)',
      responses: { 200: json(settingsSchema), ...errors },
    }),
    async (c) => c.json(await chatbot.settings(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/chatbot/settings',
      tags,
      summary: 'Change the bot settings (fields left out keep their value)',
      request: { body: { required: true, ...json(settingsBody) } },
      responses: { 200: json(settingsSchema), ...errors },
    }),
    async (c) => c.json(await chatbot.updateSettings(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/engine',
      tags,
      summary: 'The trained engine: intents, embedder, threshold, training time',
      responses: { 200: json(engineSchema), ...errors },
    }),
    async (c) => c.json(await chatbot.engineStatus(actorOf(c)), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/ask',
      tags,
      summary: 'Try it: what the bot would answer (nothing is stored)',
      request: { body: { required: true, ...json(askBody) } },
      responses: { 200: json(askResult), ...errors },
    }),
    async (c) => c.json(await chatbot.ask(actorOf(c).workspaceId, c.req.valid('json').text), 200),
  );

  // ---- inbox ----
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/conversations',
      tags,
      summary: 'Conversations, latest first, with counts per status',
      request: { query: listQuery },
      responses: { 200: json(conversationList), ...errors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const statuses = q.status
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = statuses?.find((s) => !(conversationStatuses as readonly string[]).includes(s));
      if (bad !== undefined)
        return c.json(
          {
            error: {
              code: 'validation',
              message: `Invalid status: "${bad}" is not one of ${conversationStatuses.join(', ')}`,
              details: { field: 'status' },
            },
          },
          400,
        );
      return c.json(
        await chatbot.listConversations(actorOf(c), {
          statuses: statuses as (typeof conversationStatuses)[number][] | undefined,
          contactId: q.contactId,
          before: q.before ? new Date(q.before) : undefined,
          limit: q.limit,
        }),
        200,
      );
    },
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/conversations/{id}',
      tags,
      summary: 'One conversation with all its messages',
      request: { params: idParams },
      responses: { 200: json(conversationSchema), ...errors },
    }),
    async (c) => c.json(await chatbot.conversation(actorOf(c), c.req.valid('param').id), 200),
  );
  for (const [verb, summary, fn] of [
    ['take-over', 'Take the conversation over from the bot (the bot goes silent)', chatbot.takeOver],
    ['hand-back', 'Hand the conversation back to the bot', chatbot.handBack],
    ['close', 'Close the conversation (its transcript lands on the contact’s timeline)', chatbot.close],
  ] as const) {
    router.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/chatbot/conversations/{id}/${verb}`,
        tags,
        summary,
        request: { params: idParams },
        responses: { 200: json(conversationSchema), ...errors },
      }),
      async (c) => c.json(await fn(actorOf(c), c.req.valid('param').id), 200),
    );
  }
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/conversations/{id}/reply',
      tags,
      summary: 'Reply as staff (takes the conversation over if the bot had it)',
      request: { params: idParams, body: { required: true, ...json(replyBody) } },
      responses: { 201: json(messageSchema, 'Sent'), ...errors },
    }),
    async (c) => c.json(await chatbot.reply(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/stream',
      tags,
      summary: 'Server-sent events: every new message (`message`) and status change (`status`) of the workspace',
      responses: {
        200: {
          description: 'An event stream',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        ...errors,
      },
    }),
    (c) => {
      const actor = actorOf(c);
      // EventSource sends this; a plain JSON client would otherwise hang on a stream it cannot read.
      if (!(c.req.header('accept') ?? '').includes('text/event-stream'))
        throw new AppError(
          'bad_request',
          'This is an event stream: send Accept: text/event-stream (EventSource does)',
          {
            field: 'accept',
          },
        );
      const endAt = Date.now() + 10 * 60_000; // EventSource reconnects: no request lives forever
      return streamSSE(c, async (stream) => {
        const queue: ChatEvent[] = [];
        let wake: (() => void) | null = null;
        const seen = new Set<string>();
        const push = (e: ChatEvent) => {
          if (e.type === 'message') {
            if (seen.has(e.message.id)) return;
            seen.add(e.message.id);
            if (seen.size > 5000) seen.clear();
          }
          queue.push(e);
          wake?.();
        };
        const unsubscribe = chatbot.subscribe(actor.workspaceId, push);
        let since = new Date();
        stream.onAbort(() => {
          unsubscribe();
          wake?.();
        });
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ workspaceId: actor.workspaceId }) });
        let lastPoll = Date.now();
        let lastBeat = Date.now();
        while (!stream.aborted && !stream.closed && Date.now() < endAt) {
          if (queue.length === 0)
            await new Promise<void>((r) => {
              wake = r;
              setTimeout(r, 1000);
            });
          wake = null;
          // Messages written by other processes (a fleet): caught up from the database every two seconds.
          if (Date.now() - lastPoll >= 2000) {
            lastPoll = Date.now();
            const polled = await chatbot.eventsSince(actor.workspaceId, since).catch(() => []);
            for (const e of polled) {
              if (e.type === 'message' && new Date(e.message.createdAt) > since) since = new Date(e.message.createdAt);
              push(e);
            }
          }
          while (queue.length) {
            const e = queue.shift()!;
            if (e.type === 'message' && new Date(e.message.createdAt) > since) since = new Date(e.message.createdAt);
            await stream.writeSSE({ event: e.type, data: JSON.stringify(e) });
          }
          if (Date.now() - lastBeat >= 15_000) {
            lastBeat = Date.now();
            await stream.write(': keep-alive\n\n');
          }
        }
        unsubscribe();
      }) as never;
    },
  );

  // ---- preview: staff chat as a visitor would (nothing public) ----
  const visitorView = z.object({ status: z.enum(conversationStatuses), messages: z.array(messageSchema) });
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/preview',
      tags,
      summary: 'Start a preview chat as a visitor (it shows in the inbox, marked Preview)',
      responses: { 201: json(visitorView.extend({ conversationId: z.string() }), 'Started'), ...errors },
    }),
    async (c) => c.json(await chatbot.previewStart(actorOf(c)), 201),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/preview/{id}/messages',
      tags,
      summary: 'Say something in your preview chat (or, with an empty text and afterSeq, read what came after)',
      request: {
        params: idParams,
        body: { required: true, ...json(z.object({ text: z.string(), afterSeq: z.number().optional() }).strict()) },
      },
      responses: { 200: json(visitorView), ...errors },
    }),
    async (c) => c.json(await chatbot.previewSay(actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  // ---- unanswered questions ----
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/chatbot/unanswered',
      tags,
      summary: 'Questions the bot could not answer: low confidence, hand-offs, thumbs down',
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: { 200: json(z.object({ data: z.array(unansweredSchema) })), ...errors },
    }),
    async (c) => c.json({ data: await chatbot.unanswered(actorOf(c), c.req.valid('query').limit) }, 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/unanswered/add-variant',
      tags,
      summary: 'Add a visitor’s question as a variant of an FAQ (retrains; the question leaves the report)',
      request: { body: { required: true, ...json(variantBody) } },
      responses: { 200: json(entrySchema), ...errors },
    }),
    async (c) => c.json(await chatbot.addVariant(actorOf(c), c.req.valid('json')), 200),
  );
  router.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/chatbot/unanswered/{id}/dismiss',
      tags,
      summary: 'Take a question off the report without changing the knowledge base',
      request: { params: idParams },
      responses: { 204: { description: 'Dismissed' }, ...errors },
    }),
    async (c) => {
      await chatbot.dismissUnanswered(actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
