import { z } from '@hono/zod-openapi';
import { mailKinds, outboxStates, smtpSecurities, suppressionReasons, inboundKinds } from './mail.schema';

const address = z.string().trim().toLowerCase().pipe(z.email('must be a valid email address'));
const host = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(255)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or IP address');
const port = z.number().int().min(1).max(65535);
const secret = z.string().min(1).max(500);

export const mailboxInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    userId: z.uuid().nullable().default(null),
    fromName: z.string().trim().min(1).max(200),
    fromAddress: address,
    smtp: z
      .object({
        host,
        port,
        security: z.enum(smtpSecurities),
        user: z.string().trim().max(500).nullable().default(null),
        /** Omitted on update: the stored password is kept. */
        password: secret.optional(),
      })
      .strict(),
    imap: z
      .object({
        host,
        port,
        tls: z.boolean().default(true),
        user: z.string().trim().min(1).max(500),
        password: secret.optional(),
      })
      .strict()
      .nullable()
      .default(null),
    dailyCap: z.number().int().min(1).max(100_000).default(300),
    perMinute: z.number().int().min(1).max(100_000).default(20),
    isDefault: z.boolean().default(false),
  })
  .strict();
export type MailboxInput = z.infer<typeof mailboxInput>;

export const mailboxRecord = z
  .object({
    id: z.uuid(),
    name: z.string(),
    userId: z.string().nullable(),
    fromName: z.string(),
    fromAddress: z.string(),
    smtp: z.object({
      host: z.string(),
      port: z.number(),
      security: z.enum(smtpSecurities),
      user: z.string().nullable(),
      hasPassword: z.boolean(),
    }),
    imap: z
      .object({
        host: z.string(),
        port: z.number(),
        tls: z.boolean(),
        user: z.string(),
        hasPassword: z.boolean(),
        lastPolledAt: z.string().nullable(),
        lastError: z.string().nullable(),
      })
      .nullable(),
    dailyCap: z.number(),
    perMinute: z.number(),
    isDefault: z.boolean(),
    sentLast24h: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Mailbox');

export const settingsInput = z
  .object({
    postalAddress: z.string().trim().max(1000),
    marketingOptIn: z.enum(['eu', 'always', 'never']),
    /** Count opens with a tracking pixel (off by default; clicks are always counted). Left out: unchanged. */
    trackOpens: z.boolean().optional(),
  })
  .strict()
  .openapi('MailSettings');

export const templateInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(mailKinds),
    subject: z.string().min(1).max(1000),
    bodyHtml: z.string().max(200_000),
    bodyText: z.string().min(1).max(200_000),
  })
  .strict();
export const templateRecord = templateInput
  .extend({ id: z.uuid(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('MailTemplate');

export const composeInput = z
  .object({
    contactId: z.uuid(),
    /** Client-chosen key: the same key sends at most one email, however often the request is retried. */
    idempotencyKey: z.string().trim().min(8).max(200),
    mailboxId: z.uuid().optional(),
    templateId: z.uuid().optional(),
    kind: z.enum(mailKinds).default('transactional'),
    subject: z.string().min(1).max(1000).optional(),
    bodyHtml: z.string().max(200_000).optional(),
    bodyText: z.string().max(200_000).optional(),
    /** Send at (ISO date-time); omitted: now. */
    sendAt: z.coerce.date({ error: 'must be an ISO date-time' }).optional(),
    /** Reply in the thread of an earlier message of ours. */
    replyToOutboxId: z.uuid().optional(),
  })
  .strict()
  .refine((c) => c.templateId || (c.subject && c.bodyText), {
    message: 'give a templateId, or a subject and a bodyText',
    path: ['subject'],
  });
export type ComposeInput = z.infer<typeof composeInput>;

export const previewInput = z
  .object({
    contactId: z.uuid(),
    kind: z.enum(mailKinds).default('transactional'),
    subject: z.string().max(1000),
    bodyHtml: z.string().max(200_000),
    bodyText: z.string().max(200_000),
  })
  .strict();

export const outboxRecord = z
  .object({
    id: z.uuid(),
    mailboxId: z.string(),
    contactId: z.string().nullable(),
    kind: z.enum(mailKinds),
    source: z.string(),
    toAddress: z.string(),
    subject: z.string(),
    bodyText: z.string(),
    messageId: z.string(),
    threadId: z.string(),
    state: z.enum(outboxStates),
    sendAfter: z.string(),
    attempts: z.number(),
    sentAt: z.string().nullable(),
    lastError: z.string().nullable(),
    smtpResponse: z.string().nullable(),
    resolution: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('OutboxMessage');

export const resolveInput = z
  .object({
    /** mark_sent: a person checked it arrived; mark_failed: give up; resend: queue it again (same Message-ID). */
    action: z.enum(['mark_sent', 'mark_failed', 'resend']),
    note: z.string().trim().max(1000).optional(),
  })
  .strict();

export const suppressionRecord = z
  .object({
    address: z.string(),
    reason: z.enum(suppressionReasons),
    contactId: z.string().nullable(),
    detail: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('MailSuppression');
export const suppressionInput = z.object({ address, detail: z.string().trim().max(500).optional() }).strict();

export const inboundRecord = z
  .object({
    id: z.uuid(),
    kind: z.enum(inboundKinds),
    fromAddress: z.string().nullable(),
    subject: z.string().nullable(),
    outboxId: z.string().nullable(),
    contactId: z.string().nullable(),
    receivedAt: z.string(),
  })
  .openapi('InboundMail');
