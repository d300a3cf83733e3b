import { z } from '@hono/zod-openapi';
import { HANDOFF_MESSAGE, guessLanguage } from '@pipewise/ml/text/index';
import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SecretBox } from '../../platform/secrets';
import { AppError, notFound, validationError } from '../../platform/errors';
import { safeString } from '../../platform/fields';
import { isUuid } from '../../platform/uuid';
import { assertRole } from '../auth/access';
import type { AuditService } from '../audit/audit.service';
import { consentPurposes, type ConsentPurpose, type ContactsService } from '../contacts/contacts.service';
import type { ActivitiesService } from '../activities/activities.service';
import type { ProductsService } from '../products/products.service';
import type { RecommendationsService } from '../recommendations/recommendations.service';
import type { DataQualityService } from '../data-quality/data-quality.service';
import type { PrivacyService } from '../privacy/privacy.service';
import type { MailService } from '../mail/mail.service';
import { createChatbotRepo, type ConversationRow, type KbEntryRow, type MessageRow } from './chatbot.repo';
import { createEngineCache, HOURS_INTENT, replyOf, type BuiltEngine, type CatalogueProduct } from './chatbot.engine';
import { businessHoursSchema, describeInstant, isOpen, nextOpening, type BusinessHours } from './chatbot.hours';
import { kbFormats, parseKb, KB_LIMITS, type KbFormat } from './chatbot.kb';
import { phraseWithLlm, type GroundingSource } from './chatbot.llm';
import type { ConversationStatus, MessageSender } from './chatbot.schema';

export type { ConversationStatus };

/** One message as the widget and the inbox see it: plain text, never HTML. */
export type ChatMessage = {
  id: string;
  seq: number;
  from: 'visitor' | 'bot' | 'agent' | 'system';
  text: string;
  createdAt: string;
  suggestions?: string[];
  products?: { id: string; name: string; price: number | null; reason: string }[];
  action?: 'lead_form' | 'handoff_offer' | 'email_request';
};

export type ChatEvent =
  | { type: 'message'; conversationId: string; status: ConversationStatus; message: ChatMessage }
  | { type: 'status'; conversationId: string; status: ConversationStatus };

export type LeadCaptured = { workspaceId: string; contactId: string; source: 'chat' };

export const TEXT_LIMIT = 2000;

/** A reply the bot is about to store. */
type Draft = {
  from: MessageSender;
  text: string;
  meta: Record<string, unknown>;
  userId?: string | null;
};

type Flow = {
  pending?: 'handoff_offer' | 'email' | 'meeting' | 'recommend' | 'clarify';
  step?: number;
  need?: string;
  options?: { label: string; intent: string }[];
};

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues);
  return r.data;
}

const visitorText = safeString().trim().min(1, 'is empty').max(TEXT_LIMIT, `must be at most ${TEXT_LIMIT} characters`);
const visitorId = safeString().trim().min(1, 'is required').max(200);
const conversationRef = z.object({ conversationId: z.string().max(100), visitorId });

const startInput = z.object({
  visitorId,
  pageUrl: safeString().trim().max(2000).optional(),
  contactId: z.string().max(100).optional(),
});
const sayInput = conversationRef.extend({ text: visitorText });
const afterInput = conversationRef.extend({ afterSeq: z.number().int().min(0).max(1_000_000) });
const rateInput = conversationRef.extend({ messageId: z.string().max(100), helpful: z.boolean() });
const leadInput = conversationRef.extend({
  name: safeString().trim().max(200).optional(),
  email: safeString()
    .trim()
    .toLowerCase()
    .max(320)
    .pipe(z.email('must be a valid email address'))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  phone: safeString()
    .trim()
    .max(40)
    .regex(/^[+0-9 ().\-/]*$/, 'may hold digits, spaces and + ( ) . - / only')
    .optional(),
  consents: z
    .array(
      z.object({
        purpose: z.enum(consentPurposes),
        granted: z.boolean(),
        wording: safeString().trim().min(3, 'the words shown to the visitor are required').max(1000),
      }),
    )
    .max(10),
});

export const kbEntryInput = z
  .object({
    kind: z.enum(['faq', 'section']).default('faq'),
    question: safeString().trim().min(1, 'is required').max(KB_LIMITS.question),
    variants: z.array(safeString().trim().min(1).max(KB_LIMITS.question)).max(KB_LIMITS.variants).default([]),
    answer: safeString().trim().min(1, 'is required').max(KB_LIMITS.answer),
    links: z
      .array(z.object({ label: safeString().trim().min(1).max(200), url: z.url().max(2000) }))
      .max(20)
      .default([]),
    enabled: z.boolean().default(true),
  })
  .strict();
export const kbEntryPatch = z
  .object({
    question: safeString().trim().min(1).max(KB_LIMITS.question),
    variants: z.array(safeString().trim().min(1).max(KB_LIMITS.question)).max(KB_LIMITS.variants),
    answer: safeString().trim().min(1).max(KB_LIMITS.answer),
    links: z.array(z.object({ label: safeString().trim().min(1).max(200), url: z.url().max(2000) })).max(20),
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export const kbImportInput = z
  .object({
    format: z.enum(kbFormats),
    content: safeString().max(5_000_000, 'is larger than 5 MB'),
    fileName: safeString().trim().max(200).optional(),
    replace: z.boolean().default(true),
  })
  .strict();
export const settingsInput = z
  .object({
    greeting: safeString().trim().min(1).max(500),
    hours: businessHoursSchema.nullable(),
    threshold: z.number().min(0).max(1).nullable(),
    clarifyMargin: z.number().min(0).max(0.5),
    handoffEmail: z
      .email()
      .max(320)
      .nullable()
      .or(z.literal('').transform(() => null)),
    llm: z
      .object({
        enabled: z.boolean(),
        url: z.url().max(500).nullable(),
        model: safeString().trim().max(100).nullable(),
        /** Write-only: a new key replaces the stored one; null removes it; absent keeps it. */
        apiKey: safeString().trim().max(500).nullable().optional(),
      })
      .refine((l) => !l.enabled || (l.url && l.model), { message: 'needs a URL and a model when on', path: ['url'] }),
  })
  .partial()
  .strict();

const WANTS_PERSON =
  /\b(human|real person|a person|someone|somebody|agent|staff|operator|representative|talk to (a|an|some)|speak (to|with)|live chat|customer service)\b/i;
const YES = /^\s*(yes|yeah|yep|sure|ok(ay)?|please|yes please|y)\b/i;
const NO = /^\s*(no|nope|nah|no thanks|not now|n)\b/i;
const MEETING = /\b(meeting|appointment|book a (call|demo|visit)|schedule a|call me( back)?|set up a call|demo)\b/i;
const RECOMMEND =
  /\b(recommend|suggest|what should i buy|which (one|product) (should|would)|help me (choose|pick|find)|looking for a gift)\b/i;
const PRICE = /\b(price|prices|cost|costs|how much|pricing)\b/i;
const EMAIL_IN_TEXT = /[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+/;

const systemActorOf = (workspaceId: string, name = 'Chatbot'): Actor => ({
  kind: 'system',
  id: 'chatbot',
  userId: null,
  workspaceId,
  role: 'owner',
  name,
  repsSeeUnassigned: true,
});

export type ChatbotDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  logger: Logger;
  secrets: SecretBox;
  contacts: Pick<ContactsService, 'create' | 'get' | 'update' | 'rawGet'>;
  activities: Pick<ActivitiesService, 'create' | 'update'>;
  products: Pick<ProductsService, 'list'>;
  recommendations: Pick<RecommendationsService, 'forContact'>;
  dataQuality: Pick<DataQualityService, 'matchContact'>;
  privacy: Pick<PrivacyService, 'recordVisitorConsents'>;
  mail?: Pick<MailService, 'enqueue' | 'listMailboxes'>;
  useEmbeddings: boolean;
  /** The LLM endpoint's fetch (tests pass their own); the global fetch otherwise. */
  fetchImpl?: typeof fetch;
  retrainDebounceMs?: number;
};

export function createChatbotService(deps: ChatbotDeps) {
  const { db, clock, audit, logger } = deps;
  const repo = createChatbotRepo(db);
  const listeners = new Map<string, Set<(e: ChatEvent) => void>>();
  const leadListeners: ((e: LeadCaptured) => Promise<void> | void)[] = [];

  async function catalogue(workspaceId: string): Promise<CatalogueProduct[]> {
    const list = await deps.products.list(systemActorOf(workspaceId), new URLSearchParams({ limit: '500' }));
    return list.data
      .filter((p) => p.active !== false)
      .map((p) => ({
        id: p.id as string,
        name: String(p.name),
        sku: (p.sku as string | null) ?? null,
        category: (p.category as string | null) ?? null,
        price: p.price === null || p.price === undefined ? null : Number(p.price),
        currency: (p.currency as string | null) ?? null,
      }));
  }

  async function settingsOf(workspaceId: string) {
    const row = await repo.settings(workspaceId);
    const hours = row?.hours && Object.keys(row.hours).length ? businessHoursSchema.safeParse(row.hours) : null;
    const llm = (row?.llm ?? {}) as {
      enabled?: boolean;
      url?: string | null;
      model?: string | null;
      key?: string | null;
    };
    return {
      greeting: row?.greeting ?? 'Hi! Ask me anything about us, or ask for a person at any time.',
      hours: hours?.success ? hours.data : null,
      threshold: row?.threshold ?? null,
      clarifyMargin: row?.clarifyMargin ?? 0.1,
      handoffEmail: row?.handoffEmail ?? null,
      llm: {
        enabled: Boolean(llm.enabled && llm.url && llm.model),
        url: llm.url ?? null,
        model: llm.model ?? null,
        hasKey: Boolean(llm.key),
        sealedKey: llm.key ?? null,
      },
      kbVersion: row?.kbVersion ?? 0,
      updatedAt: row?.updatedAt ?? null,
    };
  }

  const engines = createEngineCache({
    repo,
    useEmbeddings: deps.useEmbeddings,
    logger,
    debounceMs: deps.retrainDebounceMs,
    async inputsOf(workspaceId) {
      const [entries, products, s] = await Promise.all([
        repo.listEntries(workspaceId),
        catalogue(workspaceId),
        settingsOf(workspaceId),
      ]);
      return { entries, products, hours: s.hours, threshold: s.threshold, clarifyMargin: s.clarifyMargin };
    },
  });

  function emit(workspaceId: string, e: ChatEvent) {
    for (const l of listeners.get(workspaceId) ?? []) {
      try {
        l(e);
      } catch (err) {
        logger.warn({ err: String(err) }, 'chatbot: an inbox listener failed');
      }
    }
  }

  function toMessage(m: MessageRow): ChatMessage {
    const meta = m.meta as {
      suggestions?: string[];
      products?: ChatMessage['products'];
      action?: ChatMessage['action'];
    };
    return {
      id: m.id,
      seq: m.seq,
      from: m.sender,
      text: m.text,
      createdAt: new Date(m.createdAt).toISOString(),
      ...(meta.suggestions?.length ? { suggestions: meta.suggestions } : {}),
      ...(meta.products?.length ? { products: meta.products } : {}),
      ...(meta.action ? { action: meta.action } : {}),
    };
  }

  /** Stores messages (numbered after the conversation's last) and conversation changes in one transaction. */
  async function append(
    workspaceId: string,
    conversationId: string,
    drafts: Draft[],
    change: Partial<Pick<ConversationRow, 'status' | 'flow' | 'assignedTo' | 'contactId' | 'closedAt'>> = {},
    inTx?: (tx: Tx, conv: ConversationRow) => Promise<void>,
  ) {
    const at = clock.now();
    const { conv, rows } = await db.transaction(async (tx) => {
      const current = await repo.lockConversation(tx, workspaceId, conversationId);
      if (!current) throw notFound('conversation', conversationId);
      const rows: MessageRow[] = [];
      let seq = current.lastSeq;
      for (const d of drafts) {
        rows.push(
          await repo.insertMessage(tx, {
            workspaceId,
            conversationId,
            seq: ++seq,
            sender: d.from,
            text: d.text,
            meta: d.meta,
            userId: d.userId ?? null,
            createdAt: at,
          }),
        );
      }
      const conv = await repo.updateConversation(tx, workspaceId, conversationId, {
        ...change,
        lastSeq: seq,
        ...(drafts.length ? { lastMessageAt: at } : {}),
        updatedAt: at,
      });
      await inTx?.(tx, conv);
      return { conv, rows };
    });
    const messages = rows.map(toMessage);
    for (const message of messages)
      emit(workspaceId, { type: 'message', conversationId, status: conv.status, message });
    if (change.status) emit(workspaceId, { type: 'status', conversationId, status: conv.status });
    return { conv, messages };
  }

  /** The conversation, only for the visitor it belongs to (anything else is "not found", never a hint). */
  async function visitorConversation(workspaceId: string, conversationId: string, visitor: string) {
    const conv = isUuid(conversationId) ? await repo.conversation(workspaceId, conversationId) : undefined;
    if (!conv || conv.visitorId !== visitor) throw notFound('conversation', conversationId);
    return conv;
  }

  async function staffConversation(actor: Actor, id: string) {
    const conv = isUuid(id) ? await repo.conversation(actor.workspaceId, id) : undefined;
    if (!conv) throw notFound('conversation', id);
    return conv;
  }

  // ---- the bot's decisions ----

  /** "Shall I get a person?" answered, or asked directly: waiting for staff in hours, an email asked for outside them. */
  async function handoffDrafts(workspaceId: string, conv: ConversationRow) {
    const s = await settingsOf(workspaceId);
    const now = clock.now();
    const open = !s.hours || isOpen(s.hours, now);
    if (open) {
      return {
        drafts: [
          {
            from: 'system' as const,
            text: "I've asked a person to join this chat. Someone will be with you shortly.",
            meta: { kind: 'handoff_request' },
          },
        ],
        status: 'waiting' as const,
        flow: {} as Flow,
        notify: true,
      };
    }
    const next = nextOpening(s.hours!, now);
    const when = next ? describeInstant(next, s.hours!.timeZone) : 'as soon as we can';
    const contact = conv.contactId ? await deps.contacts.rawGet(workspaceId, conv.contactId) : undefined;
    const known = typeof contact?.email === 'string' && contact.email;
    return {
      drafts: [
        {
          from: 'bot' as const,
          text: known
            ? `We're closed right now. Someone will answer ${next ? `on ${when}` : when}, by email at ${known}.`
            : `We're closed right now. Someone will answer ${next ? `on ${when}` : when}. Leave your email address and we'll get back to you.`,
          meta: { kind: 'handoff_request', ...(known ? {} : { action: 'email_request' }) },
        },
      ],
      status: conv.status,
      flow: (known ? {} : { pending: 'email' }) as Flow,
      notify: false,
    };
  }

  async function notifyStaff(workspaceId: string, conv: ConversationRow, lastQuestion: string | null) {
    const s = await settingsOf(workspaceId);
    if (!deps.mail || !s.handoffEmail) return;
    try {
      const actor = systemActorOf(workspaceId);
      const boxes = await deps.mail.listMailboxes(actor);
      const box = boxes.find((b) => b.isDefault) ?? boxes[0];
      if (!box) return;
      const text =
        `A visitor asked for a person in the website chat.\n\n` +
        (lastQuestion ? `Their last message: "${lastQuestion}"\n\n` : '') +
        `Open the chat inbox in Pipewise to answer (conversation ${conv.id}).`;
      await db.transaction((tx) =>
        deps.mail!.enqueue(tx, actor, {
          workspaceId,
          mailboxId: box.id,
          contactId: null,
          dedupeKey: `chat-handoff:${conv.id}:${conv.lastSeq}`,
          kind: 'transactional',
          source: 'chatbot',
          sourceRef: { conversationId: conv.id },
          toAddress: s.handoffEmail!,
          rendered: {
            subject: 'A website visitor is waiting for a person',
            text,
            html: `<p>${escapeHtml(text).replace(/\n\n/g, '</p><p>')}</p>`,
          },
          sendAfter: clock.now(),
        }),
      );
    } catch (e) {
      logger.warn({ err: String(e), workspaceId }, 'chatbot: could not queue the hand-off email');
    }
  }

  function productReply(p: CatalogueProduct) {
    const price =
      p.price === null
        ? 'Ask us for the price.'
        : `It costs ${p.price.toFixed(2)}${p.currency ? ` ${p.currency}` : ''}.`;
    return `${p.name}${p.category ? ` (${p.category})` : ''}: ${price}`;
  }

  async function recommendProducts(
    workspaceId: string,
    conv: ConversationRow,
    built: BuiltEngine,
    need: string,
    budgetText: string,
  ) {
    const budgetMatch = /(\d+(?:[.,]\d+)?)/.exec(budgetText.replace(/,(?=\d{3}\b)/g, ''));
    const budget = budgetMatch ? Number(budgetMatch[1]!.replace(',', '.')) : null;
    const hits = built.productIndex?.search(need, 20) ?? [];
    const byId = new Map(built.products.map((p) => [p.id, p]));
    const scored = new Map<string, { score: number; reason: string }>();
    for (const h of hits) {
      const p = byId.get(h.id);
      if (!p || h.coverage <= 0) continue;
      scored.set(p.id, { score: h.coverage, reason: "Matches what you're looking for" });
    }
    if (conv.contactId) {
      try {
        const recs = await deps.recommendations.forContact(systemActorOf(workspaceId), conv.contactId, 5);
        for (const r of recs.items) {
          const prev = scored.get(r.productId);
          scored.set(r.productId, {
            score: (prev?.score ?? 0) + 0.5,
            reason: prev ? `${prev.reason}; ${r.reason.toLowerCase()}` : r.reason,
          });
        }
      } catch {
        // a contact without orders, or profiling refused: the words alone decide
      }
    }
    const ranked = [...scored.entries()]
      .map(([id, s]) => ({ p: byId.get(id), ...s }))
      .filter((x): x is { p: CatalogueProduct; score: number; reason: string } => Boolean(x.p))
      .filter((x) => budget === null || x.p.price === null || x.p.price <= budget)
      .sort((a, b) => b.score - a.score || (a.p.price ?? 0) - (b.p.price ?? 0))
      .slice(0, 3);
    return {
      budget,
      products: ranked.map((x) => ({
        id: x.p.id,
        name: x.p.name,
        price: x.p.price,
        reason: budget !== null && x.p.price !== null ? `${x.reason}, within your budget of ${budget}` : x.reason,
      })),
    };
  }

  async function meetingTask(workspaceId: string, conv: ConversationRow, contactId: string, tx?: Tx) {
    const contact = await deps.contacts.rawGet(workspaceId, contactId, tx);
    const now = clock.now();
    const due = new Date(now.getTime() + 24 * 3600_000);
    await deps.activities.create(
      systemActorOf(workspaceId),
      {
        type: 'task',
        occurredAt: now,
        contactId,
        ownerId: (contact?.ownerId as string | null) ?? null,
        subject: 'Arrange a meeting requested in the website chat',
        body: `The visitor asked for a meeting in the website chat (conversation ${conv.id}).`,
        metadata: { kind: 'meeting_request', dueAt: due.toISOString(), done: false, conversationId: conv.id },
      },
      tx,
    );
  }

  /** What the bot answers to one visitor message, and how the conversation changes. */
  async function decide(
    workspaceId: string,
    conv: ConversationRow,
    text: string,
  ): Promise<{ drafts: Draft[]; flow: Flow; status?: ConversationStatus; notify?: boolean }> {
    const flow = (conv.flow ?? {}) as Flow;
    if (WANTS_PERSON.test(text) || (flow.pending === 'handoff_offer' && YES.test(text))) {
      return handoffDrafts(workspaceId, conv);
    }
    if (flow.pending === 'handoff_offer' && NO.test(text)) {
      return { drafts: [{ from: 'bot', text: 'No problem. Ask me anything else.', meta: { kind: 'ack' } }], flow: {} };
    }
    if (flow.pending === 'email') {
      const found = EMAIL_IN_TEXT.exec(text)?.[0];
      const email = found && z.email().safeParse(found.toLowerCase()).success ? found.toLowerCase() : null;
      if (email) {
        const contactId = await upsertLead(workspaceId, conv, { email }, []);
        return {
          drafts: [
            {
              from: 'bot',
              text: `Thank you. We'll get back to you at ${email} as soon as we're open.`,
              meta: { kind: 'lead', contactId },
            },
          ],
          flow: {},
        };
      }
      if (text.includes('@'))
        return {
          drafts: [
            {
              from: 'bot',
              text: "That doesn't look like an email address. Could you type it again?",
              meta: { kind: 'email_retry', action: 'email_request' },
            },
          ],
          flow,
        };
    }
    const built = await engines.get(workspaceId);
    if (flow.pending === 'recommend') {
      if (flow.step === 1) {
        return {
          drafts: [
            {
              from: 'bot',
              text: 'What\'s your budget? A number is fine, or say "no limit".',
              meta: { kind: 'recommend_question', suggestions: ['Under 50', 'Under 100', 'No limit'] },
            },
          ],
          flow: { pending: 'recommend', step: 2, need: text },
        };
      }
      const { products, budget } = await recommendProducts(workspaceId, conv, built, flow.need ?? '', text);
      if (products.length === 0)
        return {
          drafts: [
            {
              from: 'bot',
              text: `I couldn't find a product that fits${budget !== null ? ` within ${budget}` : ''}. Shall I get a person to help you choose?`,
              meta: {
                kind: 'handoff',
                confidence: 0,
                action: 'handoff_offer',
                suggestions: ['Yes, get a person', 'No thanks'],
              },
            },
          ],
          flow: { pending: 'handoff_offer' },
        };
      return {
        drafts: [
          {
            from: 'bot',
            text: `Here ${products.length === 1 ? 'is one' : `are ${products.length}`} I'd suggest:`,
            meta: { kind: 'recommend', products },
          },
        ],
        flow: {},
      };
    }
    if (flow.pending === 'clarify' && flow.options?.length) {
      const pick = flow.options.find((o) => o.label.toLowerCase() === text.trim().toLowerCase());
      const entry = pick ? built.entries.get(pick.intent) : undefined;
      if (entry) return { drafts: [await answerDraft(workspaceId, built, text, entry.id, entry.answer, 1)], flow: {} };
      if (pick?.intent === HOURS_INTENT && built.hoursAnswer)
        return {
          drafts: [
            { from: 'bot', text: built.hoursAnswer, meta: { kind: 'answer', intent: HOURS_INTENT, confidence: 1 } },
          ],
          flow: {},
        };
    }
    const language = guessLanguage(text);
    if (!language.english) {
      return {
        drafts: [
          {
            from: 'bot',
            text: 'Sorry, I can only answer in English. Shall I get a person who may be able to help?',
            meta: {
              kind: 'handoff',
              reason: 'not_english',
              language: language.language,
              confidence: 0,
              action: 'handoff_offer',
              suggestions: ['Yes, get a person', 'No thanks'],
            },
          },
        ],
        flow: { pending: 'handoff_offer' },
      };
    }
    if (MEETING.test(text)) {
      if (conv.contactId) {
        await meetingTask(workspaceId, conv, conv.contactId);
        return {
          drafts: [
            {
              from: 'bot',
              text: "I've asked the team to get in touch to arrange a meeting. They'll contact you soon.",
              meta: { kind: 'meeting' },
            },
          ],
          flow: {},
        };
      }
      return {
        drafts: [
          {
            from: 'bot',
            text: "Happy to arrange a meeting. Leave your name and email or phone, and we'll get in touch.",
            meta: { kind: 'meeting', action: 'lead_form' },
          },
        ],
        flow: { pending: 'meeting' },
      };
    }
    if (RECOMMEND.test(text) && built.products.length > 0) {
      const categories = [...new Set(built.products.map((p) => p.category).filter((c): c is string => Boolean(c)))];
      return {
        drafts: [
          {
            from: 'bot',
            text: 'Happy to help you choose. What are you looking for? A type of product, or what it is for.',
            meta: { kind: 'recommend_question', suggestions: categories.slice(0, 4) },
          },
        ],
        flow: { pending: 'recommend', step: 1 },
      };
    }
    const productHit = productNamed(built.products, text);
    const product = productHit?.product;
    if (product && PRICE.test(text) && productHit!.coverage >= 0.5) {
      return {
        drafts: [
          {
            from: 'bot',
            text: productReply(product),
            meta: { kind: 'catalogue', productId: product.id, confidence: productHit!.coverage },
          },
        ],
        flow: {},
      };
    }
    const reply = await replyOf(built, text);
    if (reply.kind === 'answer') {
      if (reply.intent === HOURS_INTENT) {
        const s = await settingsOf(workspaceId);
        const now = s.hours && isOpen(s.hours, clock.now()) ? " We're open now." : '';
        return {
          drafts: [
            {
              from: 'bot',
              text: `${built.hoursAnswer}${now}`,
              meta: { kind: 'answer', intent: HOURS_INTENT, confidence: reply.confidence },
            },
          ],
          flow: {},
        };
      }
      return {
        drafts: [await answerDraft(workspaceId, built, text, reply.intent, reply.answer ?? '', reply.confidence)],
        flow: {},
      };
    }
    // Two weak guesses are not a choice to offer: below even odds together, the visitor gets a person instead.
    if (reply.kind === 'clarify' && reply.options.reduce((sum, o) => sum + o.probability, 0) < 0.5)
      return {
        drafts: [
          {
            from: 'bot',
            text: HANDOFF_MESSAGE,
            meta: {
              kind: 'handoff',
              confidence: reply.options[0]?.probability ?? 0,
              action: 'handoff_offer',
              suggestions: ['Yes, get a person', 'No thanks'],
            },
          },
        ],
        flow: { pending: 'handoff_offer' },
      };
    if (reply.kind === 'clarify') {
      const options = reply.options.map((o) => ({
        intent: o.label,
        label: o.label === HOURS_INTENT ? 'opening hours' : (built.entries.get(o.label)?.question ?? o.label),
      }));
      return {
        drafts: [
          {
            from: 'bot',
            text: `Do you mean "${options[0]!.label}" or "${options[1]!.label}"?`,
            meta: {
              kind: 'clarify',
              confidence: reply.options[0]?.probability ?? 0,
              suggestions: options.map((o) => o.label),
            },
          },
        ],
        flow: { pending: 'clarify', options },
      };
    }
    if (reply.kind === 'section') {
      const excerpt = reply.text.length > 700 ? `${reply.text.slice(0, 700).replace(/\s+\S*$/, '')}…` : reply.text;
      return {
        drafts: [
          await answerDraft(
            workspaceId,
            built,
            text,
            reply.sectionId,
            `${reply.title ? `${reply.title}: ` : ''}${excerpt}`,
            reply.coverage,
          ),
        ],
        flow: {},
      };
    }
    if (product && productHit!.coverage >= 1 && productHit!.matched >= 2) {
      return {
        drafts: [
          {
            from: 'bot',
            text: productReply(product),
            meta: { kind: 'catalogue', productId: product.id, confidence: productHit!.coverage },
          },
        ],
        flow: {},
      };
    }
    return {
      drafts: [
        {
          from: 'bot',
          text: HANDOFF_MESSAGE,
          meta: {
            kind: 'handoff',
            confidence: reply.confidence,
            action: 'handoff_offer',
            suggestions: ['Yes, get a person', 'No thanks'],
          },
        },
      ],
      flow: { pending: 'handoff_offer' },
    };
  }

  /** An answer from one entry: as written, or phrased by the business's LLM from the retrieved entries only. */
  async function answerDraft(
    workspaceId: string,
    built: BuiltEngine,
    question: string,
    entryId: string,
    answer: string,
    confidence: number,
  ): Promise<Draft> {
    const entry = built.entries.get(entryId);
    const links = entry?.links ?? [];
    const plain = links.length ? `${answer}\n${links.map((l) => `${l.label}: ${l.url}`).join('\n')}` : answer;
    const base: Draft = { from: 'bot', text: plain, meta: { kind: 'answer', intent: entryId, confidence } };
    const s = await settingsOf(workspaceId);
    if (!s.llm.enabled) return base;
    const retrieved = (built.index?.search(question, 3) ?? [])
      .map((h) => built.entries.get(h.id))
      .filter((e): e is KbEntryRow => Boolean(e));
    const sources: GroundingSource[] = [...(entry ? [entry] : []), ...retrieved.filter((e) => e.id !== entryId)]
      .slice(0, 3)
      .map((e) => ({ id: e.id, title: e.question, text: e.answer }));
    let apiKey: string | null = null;
    try {
      apiKey = s.llm.sealedKey ? deps.secrets.decrypt(s.llm.sealedKey) : null;
    } catch {
      return base;
    }
    const r = await phraseWithLlm({ url: s.llm.url!, model: s.llm.model!, apiKey }, question, sources, deps.fetchImpl);
    if (r.kind === 'answer')
      return {
        from: 'bot',
        text: r.text,
        meta: { kind: 'answer', intent: entryId, confidence, llm: true, citations: r.citations },
      };
    if (r.kind === 'refused')
      return {
        from: 'bot',
        text: HANDOFF_MESSAGE,
        meta: {
          kind: 'handoff',
          confidence,
          llm: 'refused',
          action: 'handoff_offer',
          suggestions: ['Yes, get a person', 'No thanks'],
        },
      };
    logger.warn(
      { workspaceId, reason: r.reason },
      'chatbot: the LLM endpoint failed; answering with the entry as written',
    );
    return { ...base, meta: { ...base.meta, llm: 'failed' } };
  }

  // ---- leads ----

  /** Matches or creates the contact, records consents, links the conversation and puts the chat on the timeline. */
  async function upsertLead(
    workspaceId: string,
    conv: ConversationRow,
    who: { name?: string; email?: string; phone?: string },
    consents: { purpose: ConsentPurpose; granted: boolean; wording: string }[],
  ): Promise<string> {
    const actor = systemActorOf(workspaceId);
    const [firstName, ...rest] = (who.name ?? '').split(/\s+/).filter(Boolean);
    const lastName = rest.join(' ') || null;
    const match = conv.contactId
      ? { contactId: conv.contactId }
      : await deps.dataQuality.matchContact(workspaceId, {
          firstName: firstName ?? null,
          lastName,
          email: who.email ?? null,
          phone: who.phone ?? null,
        });
    let contactId: string;
    if (match) {
      contactId = match.contactId;
      const existing = await deps.contacts.rawGet(workspaceId, contactId);
      const fill: Record<string, unknown> = {};
      if (!existing?.email && who.email) fill.email = who.email;
      if (!existing?.phone && who.phone) fill.phone = who.phone;
      if (!existing?.firstName && !existing?.lastName && firstName) Object.assign(fill, { firstName, lastName });
      if (Object.keys(fill).length) await deps.contacts.update(actor, contactId, fill);
    } else {
      const created = await deps.contacts.create(actor, {
        firstName: firstName ?? null,
        lastName,
        email: who.email ?? null,
        phone: who.phone ?? null,
        source: 'chat',
        lifecycleStage: 'lead',
      });
      contactId = created.id as string;
    }
    await db.transaction(async (tx) => {
      if (consents.length) await deps.privacy.recordVisitorConsents(tx, actor, contactId, consents, `chat:${conv.id}`);
      await repo.updateConversation(tx, workspaceId, conv.id, { contactId, updatedAt: clock.now() });
      await audit.record(tx, actor, {
        action: 'chatbot.lead',
        entityType: 'contact',
        entityId: contactId,
        after: { conversationId: conv.id, matched: Boolean(match), consents: consents.map((c) => c.purpose) },
      });
    });
    conv.contactId = contactId;
    await syncTimeline(workspaceId, conv.id);
    for (const l of leadListeners) {
      try {
        await l({ workspaceId, contactId, source: 'chat' });
      } catch (e) {
        logger.warn({ err: String(e) }, 'chatbot: a lead listener failed');
      }
    }
    return contactId;
  }

  /** The chat activity on the contact's timeline holds the transcript so far (created once, then updated). */
  async function syncTimeline(workspaceId: string, conversationId: string) {
    const conv = await repo.conversation(workspaceId, conversationId);
    if (!conv?.contactId) return;
    const messages = await repo.messagesAfter(workspaceId, conversationId, 0);
    const who = { visitor: 'Visitor', bot: 'Bot', agent: 'Staff', system: 'System' } as const;
    const transcript = messages
      .map((m) => `[${new Date(m.createdAt).toISOString().slice(11, 16)}] ${who[m.sender]}: ${m.text}`)
      .join('\n')
      .slice(-20_000);
    const actor = systemActorOf(workspaceId);
    const values = {
      occurredAt: new Date(conv.createdAt),
      subject: `Website chat (${messages.length} messages${conv.status === 'closed' ? ', closed' : ''})`,
      body: transcript,
      metadata: { conversationId, status: conv.status, pageUrl: conv.pageUrl },
    };
    if (conv.activityId) {
      try {
        await deps.activities.update(actor, conv.activityId, values);
        return;
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'not_found')) throw e;
      }
    }
    const created = await deps.activities.create(actor, { type: 'chat', contactId: conv.contactId, ...values });
    await db.transaction((tx) =>
      repo.updateConversation(tx, workspaceId, conversationId, { activityId: created.id as string }),
    );
  }

  // ---- the website's calls ----

  const service = {
    repo,
    engines,

    /** Sequences (and others) hear about every lead the chat captures. */
    /** For the ROI report: null until the workspace has had a conversation. */
    async outcomesSince(workspaceId: string, since: Date) {
      const o = await repo.outcomesSince(workspaceId, since);
      return o.conversations === 0 ? null : o;
    },

    onLeadCaptured(fn: (e: LeadCaptured) => Promise<void> | void) {
      leadListeners.push(fn);
    },

    /** The inbox stream: every new message and status change of the workspace, in this process. */
    subscribe(workspaceId: string, fn: (e: ChatEvent) => void) {
      let set = listeners.get(workspaceId);
      if (!set) listeners.set(workspaceId, (set = new Set()));
      set.add(fn);
      return () => {
        set.delete(fn);
        if (set.size === 0) listeners.delete(workspaceId);
      };
    },

    async startConversation(
      workspaceId: string,
      input: { visitorId: string; pageUrl?: string; contactId?: string },
    ): Promise<{ conversationId: string; status: ConversationStatus; messages: ChatMessage[] }> {
      const v = parse(startInput, input);
      let contactId: string | null = null;
      if (v.contactId) {
        const c = isUuid(v.contactId) ? await deps.contacts.rawGet(workspaceId, v.contactId) : undefined;
        if (!c) throw new AppError('validation', 'Invalid contactId: no such contact', { field: 'contactId' });
        contactId = c.id as string;
      }
      const s = await settingsOf(workspaceId);
      const now = clock.now();
      const conv = await db.transaction((tx) =>
        repo.insertConversation(tx, {
          workspaceId,
          visitorId: v.visitorId,
          pageUrl: v.pageUrl ?? null,
          contactId,
          status: 'bot',
          lastMessageAt: now,
          createdAt: now,
          updatedAt: now,
        }),
      );
      const { messages } = await append(workspaceId, conv.id, [
        { from: 'bot', text: s.greeting, meta: { kind: 'greeting' } },
      ]);
      // Warm the engine so the first question does not wait for training.
      void engines.get(workspaceId).catch(() => undefined);
      return { conversationId: conv.id, status: 'bot', messages };
    },

    async visitorSays(
      workspaceId: string,
      input: { conversationId: string; visitorId: string; text: string },
    ): Promise<{ status: ConversationStatus; messages: ChatMessage[] }> {
      const v = parse(sayInput, input);
      let conv = await visitorConversation(workspaceId, v.conversationId, v.visitorId);
      const reopened = conv.status === 'closed';
      const first = await append(
        workspaceId,
        conv.id,
        [{ from: 'visitor', text: v.text, meta: {} }],
        reopened ? { status: 'bot', closedAt: null } : {},
      );
      conv = first.conv;
      if (conv.status === 'waiting' || conv.status === 'human')
        return { status: conv.status, messages: first.messages };
      const d = await decide(workspaceId, conv, v.text);
      const second = await append(workspaceId, conv.id, d.drafts, {
        flow: d.flow as Record<string, unknown>,
        ...(d.status && d.status !== conv.status ? { status: d.status } : {}),
      });
      if (d.notify) await notifyStaff(workspaceId, second.conv, v.text);
      if (second.conv.contactId) await syncTimeline(workspaceId, conv.id);
      return { status: second.conv.status, messages: [...first.messages, ...second.messages] };
    },

    async messagesAfter(
      workspaceId: string,
      input: { conversationId: string; visitorId: string; afterSeq: number },
    ): Promise<{ status: ConversationStatus; messages: ChatMessage[] }> {
      const v = parse(afterInput, input);
      const conv = await visitorConversation(workspaceId, v.conversationId, v.visitorId);
      const rows = await repo.messagesAfter(workspaceId, conv.id, v.afterSeq);
      return { status: conv.status, messages: rows.map(toMessage) };
    },

    async requestHandoff(
      workspaceId: string,
      input: { conversationId: string; visitorId: string },
    ): Promise<{ status: ConversationStatus; messages: ChatMessage[] }> {
      const v = parse(conversationRef, input);
      const conv = await visitorConversation(workspaceId, v.conversationId, v.visitorId);
      if (conv.status === 'waiting' || conv.status === 'human') return { status: conv.status, messages: [] };
      const h = await handoffDrafts(workspaceId, conv);
      const r = await append(workspaceId, conv.id, h.drafts, {
        flow: h.flow as Record<string, unknown>,
        status:
          h.status === conv.status && conv.status !== 'closed' ? undefined : h.status === 'closed' ? 'bot' : h.status,
      });
      if (h.notify) await notifyStaff(workspaceId, r.conv, null);
      return { status: r.conv.status, messages: r.messages };
    },

    async rateAnswer(
      workspaceId: string,
      input: { conversationId: string; visitorId: string; messageId: string; helpful: boolean },
    ): Promise<void> {
      const v = parse(rateInput, input);
      const conv = await visitorConversation(workspaceId, v.conversationId, v.visitorId);
      const m = isUuid(v.messageId) ? await repo.message(workspaceId, v.messageId) : undefined;
      if (!m || m.conversationId !== conv.id || m.sender !== 'bot') throw notFound('message', v.messageId);
      await db.transaction((tx) => repo.rateMessage(tx, workspaceId, m.id, v.helpful));
    },

    async captureLead(
      workspaceId: string,
      input: {
        conversationId: string;
        visitorId: string;
        name?: string;
        email?: string;
        phone?: string;
        consents: { purpose: string; granted: boolean; wording: string }[];
      },
    ): Promise<{ contactId: string; status: ConversationStatus; messages: ChatMessage[] }> {
      const v = parse(leadInput, input);
      if (!v.email && !v.phone)
        throw new AppError('validation', 'Invalid email: give an email address or a phone number', { field: 'email' });
      if (v.phone && v.phone.replace(/\D/g, '').length < 6)
        throw new AppError('validation', 'Invalid phone: too few digits', { field: 'phone' });
      const conv = await visitorConversation(workspaceId, v.conversationId, v.visitorId);
      const contactId = await upsertLead(workspaceId, conv, v, v.consents);
      const flow = (conv.flow ?? {}) as Flow;
      const first = v.name?.split(/\s+/)[0];
      const drafts: Draft[] = [
        {
          from: 'bot',
          text: `Thank you${first ? `, ${first}` : ''}! ${flow.pending === 'meeting' ? "We'll be in touch to arrange the meeting." : "We've got your details."}`,
          meta: { kind: 'lead', contactId },
        },
      ];
      if (flow.pending === 'meeting') await meetingTask(workspaceId, conv, contactId);
      const r = await append(workspaceId, conv.id, drafts, { flow: {} });
      await syncTimeline(workspaceId, conv.id);
      return { contactId, status: r.conv.status, messages: r.messages };
    },

    // ---- staff: a preview conversation, as a visitor (the inbox and hand-off tried end to end) ----

    async previewStart(actor: Actor) {
      assertRole(actor, 'rep');
      return service.startConversation(actor.workspaceId, { visitorId: `preview:${actor.id}` });
    },
    async previewSay(actor: Actor, conversationId: string, input: unknown) {
      assertRole(actor, 'rep');
      const v = parse(z.object({ text: z.string(), afterSeq: z.number().int().min(0).optional() }).strict(), input);
      const ref = { conversationId, visitorId: `preview:${actor.id}` };
      if (v.text === '' && v.afterSeq !== undefined)
        return service.messagesAfter(actor.workspaceId, { ...ref, afterSeq: v.afterSeq });
      return service.visitorSays(actor.workspaceId, { ...ref, text: v.text });
    },

    // ---- staff: knowledge base ----

    async listKb(actor: Actor) {
      return (await repo.listEntries(actor.workspaceId)).map(toEntry);
    },

    async createEntry(actor: Actor, input: unknown) {
      assertRole(actor, 'manager');
      const v = parse(kbEntryInput, input);
      const now = clock.now();
      const [row] = await db.transaction(async (tx) => {
        const rows = await repo.insertEntries(tx, [
          { ...v, workspaceId: actor.workspaceId, source: 'manual', createdAt: now, updatedAt: now },
        ]);
        await repo.bumpKbVersion(tx, actor.workspaceId);
        await audit.record(tx, actor, {
          action: 'chatbot.kb.create',
          entityType: 'chatbot_kb_entry',
          entityId: rows[0]!.id,
          after: v,
        });
        return rows;
      });
      engines.changed(actor.workspaceId);
      return toEntry(row!);
    },

    async updateEntry(actor: Actor, id: string, input: unknown) {
      assertRole(actor, 'manager');
      const v = parse(kbEntryPatch, input);
      const before = isUuid(id) ? await repo.getEntry(actor.workspaceId, id) : undefined;
      if (!before) throw notFound('knowledge-base entry', id);
      const row = await db.transaction(async (tx) => {
        const row = await repo.updateEntry(tx, actor.workspaceId, id, { ...v, updatedAt: clock.now() });
        await repo.bumpKbVersion(tx, actor.workspaceId);
        await audit.record(tx, actor, {
          action: 'chatbot.kb.update',
          entityType: 'chatbot_kb_entry',
          entityId: id,
          before: Object.fromEntries(Object.keys(v).map((k) => [k, before[k as keyof typeof before]])),
          after: v,
        });
        return row!;
      });
      engines.changed(actor.workspaceId);
      return toEntry(row);
    },

    async deleteEntry(actor: Actor, id: string) {
      assertRole(actor, 'manager');
      await db.transaction(async (tx) => {
        const row = isUuid(id) ? await repo.deleteEntry(tx, actor.workspaceId, id) : undefined;
        if (!row) throw notFound('knowledge-base entry', id);
        await repo.bumpKbVersion(tx, actor.workspaceId);
        await audit.record(tx, actor, {
          action: 'chatbot.kb.delete',
          entityType: 'chatbot_kb_entry',
          entityId: id,
          before: toEntry(row),
        });
      });
      engines.changed(actor.workspaceId);
    },

    /** Imports a file; importing the same file name again replaces what it brought before (no duplicates). */
    async importKb(actor: Actor, input: unknown) {
      assertRole(actor, 'manager');
      const v = parse(kbImportInput, input);
      const drafts = parseKb(v.format as KbFormat, v.content);
      const source = `${v.format}:${v.fileName ?? 'pasted'}`;
      const now = clock.now();
      const result = await db.transaction(async (tx) => {
        const replaced = v.replace ? (await repo.deleteEntriesBySource(tx, actor.workspaceId, source)).length : 0;
        const rows = await repo.insertEntries(
          tx,
          drafts.map((d) => ({
            ...d,
            workspaceId: actor.workspaceId,
            source,
            enabled: true,
            createdAt: now,
            updatedAt: now,
          })),
        );
        await repo.bumpKbVersion(tx, actor.workspaceId);
        await audit.record(tx, actor, {
          action: 'chatbot.kb.import',
          entityType: 'chatbot_kb',
          entityId: source,
          after: { format: v.format, source, created: rows.length, replaced },
        });
        return { created: rows.length, replaced, source, entries: rows.map(toEntry) };
      });
      engines.changed(actor.workspaceId);
      return result;
    },

    // ---- staff: settings and engine ----

    async settings(actor: Actor) {
      return publicSettings(await settingsOf(actor.workspaceId));
    },

    async updateSettings(actor: Actor, input: unknown) {
      assertRole(actor, 'admin');
      const v = parse(settingsInput, input);
      const before = await settingsOf(actor.workspaceId);
      const values: Record<string, unknown> = { updatedAt: clock.now() };
      if (v.greeting !== undefined) values.greeting = v.greeting;
      if (v.hours !== undefined) values.hours = v.hours ?? {};
      if (v.threshold !== undefined) values.threshold = v.threshold;
      if (v.clarifyMargin !== undefined) values.clarifyMargin = v.clarifyMargin;
      if (v.handoffEmail !== undefined) values.handoffEmail = v.handoffEmail;
      if (v.llm !== undefined) {
        const key =
          v.llm.apiKey === undefined ? before.llm.sealedKey : v.llm.apiKey ? deps.secrets.encrypt(v.llm.apiKey) : null;
        values.llm = { enabled: v.llm.enabled, url: v.llm.url, model: v.llm.model, key };
      }
      const retrain = v.hours !== undefined || v.threshold !== undefined || v.clarifyMargin !== undefined;
      await db.transaction(async (tx) => {
        await repo.upsertSettings(tx, actor.workspaceId, values);
        if (retrain) await repo.bumpKbVersion(tx, actor.workspaceId);
        const { llm, ...rest } = v;
        await audit.record(tx, actor, {
          action: 'chatbot.settings',
          entityType: 'chatbot_settings',
          entityId: actor.workspaceId,
          after: {
            ...rest,
            ...(llm
              ? { llm: { enabled: llm.enabled, url: llm.url, model: llm.model, keyChanged: llm.apiKey !== undefined } }
              : {}),
          },
        });
      });
      if (retrain) engines.changed(actor.workspaceId);
      return publicSettings(await settingsOf(actor.workspaceId));
    },

    async engineStatus(actor: Actor) {
      const built = await engines.get(actor.workspaceId);
      return engineInfo(built);
    },

    /** The "try it" panel and `pipewise chatbot ask`: what the bot would answer, without storing a conversation. */
    async ask(workspaceId: string, text: string) {
      const q = parse(z.object({ text: visitorText }), { text }).text;
      const t0 = performance.now();
      const built = await engines.get(workspaceId);
      const fake: ConversationRow = {
        id: '00000000-0000-0000-0000-000000000000',
        workspaceId,
        visitorId: 'try-it',
        pageUrl: null,
        contactId: null,
        status: 'bot',
        assignedTo: null,
        flow: {},
        lastSeq: 0,
        activityId: null,
        lastMessageAt: clock.now(),
        closedAt: null,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      };
      const d = WANTS_PERSON.test(q)
        ? {
            drafts: [
              {
                from: 'system' as const,
                text: 'The visitor would be handed to a person.',
                meta: { kind: 'handoff_request' },
              },
            ],
          }
        : MEETING.test(q) || EMAIL_IN_TEXT.test(q)
          ? {
              drafts: [
                {
                  from: 'bot' as const,
                  text: 'The visitor would be asked for their details (lead form).',
                  meta: { kind: 'meeting', action: 'lead_form' },
                },
              ],
            }
          : await decide(workspaceId, fake, q);
      const m = d.drafts[0]!;
      const meta = m.meta as {
        kind?: string;
        confidence?: number;
        intent?: string;
        suggestions?: string[];
        products?: ChatMessage['products'];
        action?: ChatMessage['action'];
      };
      return {
        text: m.text,
        kind: meta.kind ?? 'answer',
        confidence: typeof meta.confidence === 'number' ? Math.round(meta.confidence * 1000) / 1000 : null,
        intent: meta.intent ?? null,
        question: meta.intent
          ? (built.entries.get(meta.intent)?.question ?? (meta.intent === HOURS_INTENT ? 'opening hours' : null))
          : null,
        suggestions: meta.suggestions ?? [],
        products: meta.products ?? [],
        action: meta.action ?? null,
        milliseconds: Math.round((performance.now() - t0) * 10) / 10,
        engine: engineInfo(built),
      };
    },

    // ---- staff: inbox ----

    async listConversations(
      actor: Actor,
      f: { statuses?: ConversationStatus[]; contactId?: string; before?: Date; limit: number },
    ) {
      const rows = await repo.listConversations(actor.workspaceId, f);
      const counts = Object.fromEntries((await repo.statusCounts(actor.workspaceId)).map((r) => [r.status, r.n]));
      const last = await Promise.all(
        rows.map(async (c) => (await repo.messagesAfter(actor.workspaceId, c.id, Math.max(0, c.lastSeq - 1)))[0]),
      );
      return {
        counts: {
          bot: counts.bot ?? 0,
          waiting: counts.waiting ?? 0,
          human: counts.human ?? 0,
          closed: counts.closed ?? 0,
        },
        data: rows.map((c, i) => ({ ...toConversation(c), lastMessage: last[i] ? toMessage(last[i]) : null })),
      };
    },

    async conversation(actor: Actor, id: string) {
      const conv = await staffConversation(actor, id);
      const rows = await repo.messagesAfter(actor.workspaceId, conv.id, 0);
      return { ...toConversation(conv), messages: rows.map(toMessage) };
    },

    async takeOver(actor: Actor, id: string) {
      assertRole(actor, 'rep');
      const conv = await staffConversation(actor, id);
      if (conv.status === 'human' && conv.assignedTo === actor.userId) return service.conversation(actor, id);
      await append(
        actor.workspaceId,
        conv.id,
        [{ from: 'system', text: `${actor.name} joined the chat.`, meta: { kind: 'takeover' }, userId: actor.userId }],
        { status: 'human', assignedTo: actor.userId, closedAt: null },
        (tx) =>
          audit.record(tx, actor, {
            action: 'chatbot.take_over',
            entityType: 'chatbot_conversation',
            entityId: conv.id,
            before: { status: conv.status },
            after: { status: 'human' },
          }),
      );
      return service.conversation(actor, id);
    },

    async reply(actor: Actor, id: string, input: unknown) {
      assertRole(actor, 'rep');
      const { text } = parse(z.object({ text: visitorText }).strict(), input);
      const conv = await staffConversation(actor, id);
      const r = await append(
        actor.workspaceId,
        conv.id,
        [{ from: 'agent', text, meta: { agentName: actor.name }, userId: actor.userId }],
        conv.status === 'human' ? {} : { status: 'human', assignedTo: actor.userId, closedAt: null },
        (tx, c) =>
          audit.record(tx, actor, {
            action: 'chatbot.reply',
            entityType: 'chatbot_conversation',
            entityId: conv.id,
            after: { seq: c.lastSeq },
          }),
      );
      if (conv.contactId) await syncTimeline(actor.workspaceId, conv.id);
      return r.messages[0]!;
    },

    async handBack(actor: Actor, id: string) {
      assertRole(actor, 'rep');
      const conv = await staffConversation(actor, id);
      await append(
        actor.workspaceId,
        conv.id,
        [
          {
            from: 'system',
            text: "You're chatting with our assistant again.",
            meta: { kind: 'hand_back' },
            userId: actor.userId,
          },
        ],
        { status: 'bot', assignedTo: null, flow: {} },
        (tx) =>
          audit.record(tx, actor, {
            action: 'chatbot.hand_back',
            entityType: 'chatbot_conversation',
            entityId: conv.id,
            before: { status: conv.status },
            after: { status: 'bot' },
          }),
      );
      return service.conversation(actor, id);
    },

    async close(actor: Actor, id: string) {
      assertRole(actor, 'rep');
      const conv = await staffConversation(actor, id);
      if (conv.status !== 'closed')
        await append(
          actor.workspaceId,
          conv.id,
          [{ from: 'system', text: 'This chat was closed.', meta: { kind: 'closed' }, userId: actor.userId }],
          { status: 'closed', closedAt: clock.now(), flow: {} },
          (tx) =>
            audit.record(tx, actor, {
              action: 'chatbot.close',
              entityType: 'chatbot_conversation',
              entityId: conv.id,
              before: { status: conv.status },
              after: { status: 'closed' },
            }),
        );
      await syncTimeline(actor.workspaceId, conv.id);
      return service.conversation(actor, id);
    },

    /** Messages of the workspace stored after a time (the stream's catch-up for writes by other processes). */
    async eventsSince(workspaceId: string, since: Date): Promise<ChatEvent[]> {
      const rows = await repo.messagesSince(workspaceId, since);
      const convs = new Map<string, ConversationStatus>();
      for (const r of rows)
        if (!convs.has(r.conversationId))
          convs.set(r.conversationId, (await repo.conversation(workspaceId, r.conversationId))?.status ?? 'bot');
      return rows.map((r) => ({
        type: 'message',
        conversationId: r.conversationId,
        status: convs.get(r.conversationId)!,
        message: toMessage(r),
      }));
    },

    // ---- staff: unanswered questions ----

    async unanswered(actor: Actor, limit = 100) {
      const rows = await repo.unanswered(actor.workspaceId, limit);
      return rows.map((r) => ({
        messageId: r.id,
        conversationId: r.conversation_id,
        question: r.question,
        reply: r.reply,
        reason: r.reason as 'low_confidence' | 'handoff' | 'thumbs_down' | 'not_english',
        confidence: r.confidence === null ? null : Math.round(r.confidence * 1000) / 1000,
        createdAt: new Date(r.created_at).toISOString(),
      }));
    },

    /** One call: the visitor's question becomes a variant of an FAQ (which retrains), and leaves the report. */
    async addVariant(actor: Actor, input: unknown) {
      assertRole(actor, 'manager');
      const v = parse(
        z
          .object({
            entryId: z.string().max(100),
            text: safeString().trim().min(1).max(KB_LIMITS.question),
            messageId: z.string().max(100).optional(),
          })
          .strict(),
        input,
      );
      const entry = isUuid(v.entryId) ? await repo.getEntry(actor.workspaceId, v.entryId) : undefined;
      if (!entry)
        throw new AppError('validation', 'Invalid entryId: no such knowledge-base entry', { field: 'entryId' });
      const message =
        v.messageId && isUuid(v.messageId) ? await repo.message(actor.workspaceId, v.messageId) : undefined;
      if (v.messageId && !message)
        throw new AppError('validation', 'Invalid messageId: no such message', { field: 'messageId' });
      const variants =
        entry.variants.includes(v.text) || entry.question === v.text ? entry.variants : [...entry.variants, v.text];
      const row = await db.transaction(async (tx) => {
        const row = await repo.updateEntry(tx, actor.workspaceId, entry.id, { variants, updatedAt: clock.now() });
        if (message) await repo.resolveMessage(tx, actor.workspaceId, message.id, clock.now());
        await repo.bumpKbVersion(tx, actor.workspaceId);
        await audit.record(tx, actor, {
          action: 'chatbot.kb.add_variant',
          entityType: 'chatbot_kb_entry',
          entityId: entry.id,
          before: { variants: entry.variants },
          after: { variants },
        });
        return row!;
      });
      engines.changed(actor.workspaceId);
      return toEntry(row);
    },

    async dismissUnanswered(actor: Actor, messageId: string) {
      assertRole(actor, 'manager');
      const m = isUuid(messageId) ? await repo.message(actor.workspaceId, messageId) : undefined;
      if (!m) throw notFound('message', messageId);
      await db.transaction(async (tx) => {
        await repo.resolveMessage(tx, actor.workspaceId, m.id, clock.now());
        await audit.record(tx, actor, {
          action: 'chatbot.unanswered.dismiss',
          entityType: 'chatbot_message',
          entityId: m.id,
        });
      });
    },
  };
  return service;
}
export type ChatbotService = ReturnType<typeof createChatbotService>;

const nameWords = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}.]+/u)
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter((w) => w.length >= 2 || /\d/.test(w));

/** The product a question names: the share of the product name's words in the question (best first, longer names win ties). */
function productNamed(products: CatalogueProduct[], text: string) {
  const asked = new Set(nameWords(text).flatMap((w) => [w, w.replace(/s$/, '')]));
  let best: { product: CatalogueProduct; coverage: number; matched: number } | null = null;
  for (const p of products) {
    const words = [...new Set(nameWords(p.name))];
    if (words.length === 0) continue;
    const matched = words.filter((w) => asked.has(w)).length;
    const coverage = matched / words.length;
    if (matched > 0 && (!best || coverage > best.coverage || (coverage === best.coverage && matched > best.matched)))
      best = { product: p, coverage, matched };
  }
  return best;
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function toEntry(e: KbEntryRow) {
  return {
    id: e.id,
    kind: e.kind,
    question: e.question,
    variants: e.variants,
    answer: e.answer,
    links: e.links,
    enabled: e.enabled,
    source: e.source,
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}

function toConversation(c: ConversationRow) {
  return {
    id: c.id,
    visitorId: c.visitorId,
    pageUrl: c.pageUrl,
    contactId: c.contactId,
    status: c.status,
    assignedTo: c.assignedTo,
    lastSeq: c.lastSeq,
    lastMessageAt: new Date(c.lastMessageAt).toISOString(),
    createdAt: new Date(c.createdAt).toISOString(),
    closedAt: c.closedAt ? new Date(c.closedAt).toISOString() : null,
  };
}

function engineInfo(b: BuiltEngine) {
  return {
    version: b.version,
    intents: b.engine?.report.intents ?? 0,
    examples: b.engine?.report.examples ?? 0,
    sections: [...b.entries.values()].filter((e) => e.kind === 'section').length,
    products: b.products.length,
    embedder: b.embedder,
    threshold: b.threshold === null ? null : Math.round(b.threshold * 1000) / 1000,
    thresholdRule: b.engine?.report.threshold.rule ?? null,
    trainSeconds: Math.round(b.trainSeconds * 1000) / 1000,
    builtAt: b.builtAt.toISOString(),
  };
}

function publicSettings(s: {
  greeting: string;
  hours: BusinessHours | null;
  threshold: number | null;
  clarifyMargin: number;
  handoffEmail: string | null;
  llm: { enabled: boolean; url: string | null; model: string | null; hasKey: boolean };
  kbVersion: number;
}) {
  return {
    greeting: s.greeting,
    hours: s.hours,
    threshold: s.threshold,
    clarifyMargin: s.clarifyMargin,
    handoffEmail: s.handoffEmail,
    llm: { enabled: s.llm.enabled, url: s.llm.url, model: s.llm.model, hasKey: s.llm.hasKey },
    kbVersion: s.kbVersion,
  };
}
