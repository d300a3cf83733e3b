import { z } from '@hono/zod-openapi';
import { safeString } from '../../platform/fields';
import { formFieldKinds } from './website.schema';

/** Chat messages longer than this are refused politely (400 naming `text`), before anything reaches the bot. */
export const MAX_MESSAGE_CHARS = 2000;
export const websitePurposes = ['marketing_email', 'profiling', 'website_tracking', 'chat_transcripts'] as const;

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #1f6feb');
const origin = z
  .string()
  .max(300)
  .refine((o) => {
    try {
      const u = new URL(o);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin: scheme, host and port only, such as https://shop.example.com');

export const siteSettingsInput = z
  .object({
    allowedOrigins: z.array(origin).max(50),
    colors: z.object({ primary: color, background: color, text: color }).strict(),
    greeting: safeString().trim().min(1).max(300),
    privacyNoticeUrl: z.url().max(500).nullable(),
    trackingEnabled: z.boolean(),
    chatEnabled: z.boolean(),
  })
  .partial()
  .strict();

export const siteSettingsSchema = z
  .object({
    siteKey: z.string(),
    allowedOrigins: z.array(z.string()),
    colors: z.object({ primary: z.string(), background: z.string(), text: z.string() }),
    greeting: z.string(),
    privacyNoticeUrl: z.string().nullable(),
    defaultPrivacyNoticeUrl: z.string(),
    trackingEnabled: z.boolean(),
    chatEnabled: z.boolean(),
    snippet: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebsiteSettings');

const fieldKey = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a short key of letters, digits and underscores');
export const formFieldSchema = z
  .object({
    kind: z.enum(formFieldKinds),
    key: fieldKey,
    label: safeString().trim().min(1).max(200),
    required: z.boolean(),
  })
  .strict();
export const formConsentSchema = z
  .object({
    purpose: z.enum(websitePurposes),
    wording: safeString().trim().min(5).max(1000),
    required: z.boolean(),
  })
  .strict();
export const formInput = z
  .object({
    name: safeString().trim().min(1).max(200),
    title: safeString().trim().min(1).max(200),
    fields: z
      .array(formFieldSchema)
      .min(1)
      .max(30)
      .refine((f) => new Set(f.map((x) => x.key)).size === f.length, 'two fields share a key')
      .refine(
        (f) => f.some((x) => x.kind === 'email' || x.kind === 'phone'),
        'a lead form needs an email or a phone field',
      ),
    consents: z
      .array(formConsentSchema)
      .max(4)
      .refine((c) => new Set(c.map((x) => x.purpose)).size === c.length, 'one checkbox per purpose'),
    submitLabel: safeString().trim().min(1).max(60),
    thankYou: safeString().trim().min(1).max(1000),
  })
  .strict();
export const formPatch = formInput.partial().strict();

export const formSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    fields: z.array(
      z.object({ kind: z.enum(formFieldKinds), key: z.string(), label: z.string(), required: z.boolean() }),
    ),
    consents: z.array(z.object({ purpose: z.string(), wording: z.string(), required: z.boolean() })),
    submitLabel: z.string(),
    thankYou: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebsiteForm');

/** A random id the widget keeps in localStorage; never personal data by itself. */
export const visitorId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be the widget’s visitor id');
const conversationId = z.string().min(1).max(100);
const pageUrl = z.string().max(2000).optional();

export const chatStartInput = z.object({ visitorId, pageUrl }).strict();
export const chatSayInput = z
  .object({
    visitorId,
    conversationId,
    text: z
      .string()
      .trim()
      .min(1, 'type a message first')
      .max(MAX_MESSAGE_CHARS, `please keep a message under ${MAX_MESSAGE_CHARS} characters`),
  })
  .strict();
export const chatPollInput = z.object({
  visitorId,
  conversationId,
  after: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});
export const chatHandoffInput = z.object({ visitorId, conversationId }).strict();
export const chatRateInput = z
  .object({ visitorId, conversationId, messageId: z.string().min(1).max(100), helpful: z.boolean() })
  .strict();
const consentChoice = z
  .object({ purpose: z.enum(websitePurposes), granted: z.boolean(), wording: safeString().trim().min(5).max(1000) })
  .strict();
export const chatLeadInput = z
  .object({
    visitorId,
    conversationId,
    name: safeString().trim().max(200).optional(),
    email: z.email().max(320).optional(),
    phone: safeString().trim().max(50).optional(),
    consents: z.array(consentChoice).max(4).default([]),
  })
  .strict();
export const formSubmitInput = z
  .object({
    visitorId: visitorId.optional(),
    pageUrl,
    values: z
      .record(z.string().max(40), z.string().max(5000))
      .refine((v) => Object.keys(v).length <= 30, 'too many values'),
    consents: z
      .array(z.object({ purpose: z.enum(websitePurposes), granted: z.boolean() }).strict())
      .max(4)
      .default([]),
  })
  .strict();
export const consentInput = z
  .object({ visitorId, tracking: z.enum(['granted', 'denied']), wording: safeString().trim().min(5).max(1000) })
  .strict();
export const trackInput = z
  .object({
    visitorId,
    url: z.string().max(2000),
    title: safeString().max(500).optional(),
    referrer: z.string().max(2000).optional(),
  })
  .strict();

const chatMessage = z.object({
  id: z.string(),
  seq: z.number(),
  from: z.enum(['visitor', 'bot', 'agent', 'system']),
  text: z.string(),
  createdAt: z.string(),
  suggestions: z.array(z.string()).optional(),
  products: z
    .array(z.object({ id: z.string(), name: z.string(), price: z.number().nullable(), reason: z.string() }))
    .optional(),
  action: z.enum(['lead_form', 'handoff_offer', 'email_request']).optional(),
});
export const chatStatus = z.enum(['bot', 'waiting', 'human', 'closed']);
export const chatReplySchema = z
  .object({ status: chatStatus, messages: z.array(chatMessage) })
  .openapi('WidgetChatReply');
export const chatStartSchema = chatReplySchema.extend({ conversationId: z.string() }).openapi('WidgetChatStart');
export const chatLeadSchema = chatReplySchema.extend({ contactId: z.string() }).openapi('WidgetChatLead');

export const publicConfigSchema = z
  .object({
    greeting: z.string(),
    colors: z.object({ primary: z.string(), background: z.string(), text: z.string() }),
    privacyNoticeUrl: z.string(),
    trackingEnabled: z.boolean(),
    chatEnabled: z.boolean(),
    trackingWording: z.string(),
  })
  .openapi('WidgetConfig');
export const publicFormSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    fields: z.array(z.object({ kind: z.string(), key: z.string(), label: z.string(), required: z.boolean() })),
    consents: z.array(z.object({ purpose: z.string(), wording: z.string(), required: z.boolean() })),
    submitLabel: z.string(),
  })
  .openapi('WidgetForm');
export const formSubmitResult = z.object({ ok: z.boolean(), thankYou: z.string() }).openapi('WidgetFormResult');
export const consentResult = z.object({ tracking: z.enum(['granted', 'denied', 'unknown']) });
export const trackResult = z.object({ recorded: z.boolean(), reason: z.string().optional() });
