import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound, validationError } from '../../platform/errors';
import { assertRole } from '../auth/access';
import type { AuditService } from '../audit/audit.service';
import type { ContactsService } from '../contacts/contacts.service';
import type { ActivitiesService } from '../activities/activities.service';
import { createWebsiteRepo, type FormRow, type SiteRow } from './website.repo';
import {
  chatHandoffInput,
  chatLeadInput,
  chatPollInput,
  chatRateInput,
  chatSayInput,
  chatStartInput,
  consentInput,
  formInput,
  formPatch,
  formSubmitInput,
  siteSettingsInput,
  trackInput,
  websitePurposes,
} from './website.fields';
import type { FormField, SiteColors } from './website.schema';

type Purpose = (typeof websitePurposes)[number];
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
export type ConversationStatus = 'bot' | 'waiting' | 'human' | 'closed';
type Reply = { status: ConversationStatus; messages: ChatMessage[] };

/** The chatbot service, narrowed to what the public widget calls (the chatbot module owns conversations). */
export type ChatbotPort = {
  startConversation(
    workspaceId: string,
    input: { visitorId: string; pageUrl?: string; contactId?: string },
  ): Promise<Reply & { conversationId: string }>;
  visitorSays(workspaceId: string, input: { conversationId: string; visitorId: string; text: string }): Promise<Reply>;
  messagesAfter(
    workspaceId: string,
    input: { conversationId: string; visitorId: string; afterSeq: number },
  ): Promise<Reply>;
  requestHandoff(workspaceId: string, input: { conversationId: string; visitorId: string }): Promise<Reply>;
  rateAnswer(
    workspaceId: string,
    input: { conversationId: string; visitorId: string; messageId: string; helpful: boolean },
  ): Promise<void>;
  captureLead(
    workspaceId: string,
    input: {
      conversationId: string;
      visitorId: string;
      name?: string;
      email?: string;
      phone?: string;
      consents: { purpose: Purpose; granted: boolean; wording: string }[];
    },
  ): Promise<Reply & { contactId: string }>;
};

export type LeadCaptured = { workspaceId: string; contactId: string; source: 'form' };

export type WebsiteDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  chatbot: ChatbotPort;
  contacts: Pick<ContactsService, 'create' | 'update' | 'rawGet'>;
  activities: Pick<ActivitiesService, 'create'>;
  /** data-quality's single-record matching (the duplicate rules): the contact this person most likely is. */
  matchContact: (
    workspaceId: string,
    who: { firstName?: string | null; lastName?: string | null; email?: string | null; phone?: string | null },
  ) => Promise<{ contactId: string } | null>;
  /** privacy: consent given by the person, with the words shown, in the caller's transaction. */
  recordVisitorConsents: (
    tx: Tx,
    actor: Actor,
    contactId: string,
    consents: { purpose: Purpose; granted: boolean; wording: string }[],
    source: string,
  ) => Promise<void>;
  /** privacy's blocklist (erased people) and its removal when a person opts in again. */
  isSuppressed: (
    tx: Tx,
    workspaceId: string,
    who: { email?: string | null; phone?: string | null },
  ) => Promise<boolean>;
  unsuppress: (actor: Actor, who: { email?: string; phone?: string; reason: string }) => Promise<unknown>;
  /** The platform's shared rate-limit counters. */
  limitKey: (key: string, limit: number) => Promise<void>;
  limits: { perVisitor: number; perIp: number };
  /** Where the widget script is served from (the snippet), e.g. https://crm.example.com. */
  publicUrl: string;
};

export const defaultColors: SiteColors = { primary: '#1f6feb', background: '#ffffff', text: '#1f2328' };
export const defaultGreeting = 'Hi! Questions about our products, prices or delivery? Ask us.';
export const trackingWording = 'Record which pages I visit on this website so the business can help me better.';

/** Who a public request is: the site it names, the page's origin, the visitor and their IP address. */
export type PublicCaller = {
  siteKey: string;
  origin: string | undefined;
  sameOrigin: boolean;
  ip: string;
  /** Global Privacy Control (Sec-GPC: 1) or Do Not Track (DNT: 1). */
  optedOut: boolean;
};

const systemActor = (workspaceId: string): Actor => ({
  kind: 'system',
  id: 'website',
  userId: null,
  workspaceId,
  role: 'owner',
  name: 'Website',
  repsSeeUnassigned: true,
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues);
  return r.data;
}
const iso = (d: Date) => d.toISOString();
/** `pw_<workspace id, 32 hex>_<random>`: public, resolved by primary key, compared in constant time. */
const newSiteKey = (workspaceId: string) =>
  `pw_${workspaceId.replace(/-/g, '')}_${randomBytes(12).toString('base64url')}`;
function workspaceOfKey(key: string): string | null {
  const m = /^pw_([0-9a-f]{32})_[A-Za-z0-9_-]{16}$/.exec(key);
  if (!m) return null;
  const h = m[1]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const sameKey = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
function splitName(name: string | undefined) {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstName: undefined, lastName: undefined };
  return { firstName: parts[0], lastName: parts.length > 1 ? parts.slice(1).join(' ') : undefined };
}

export function createWebsiteService(deps: WebsiteDeps) {
  const { db, clock, audit, chatbot } = deps;
  const repo = createWebsiteRepo(db);
  const leadListeners: ((e: LeadCaptured) => void | Promise<void>)[] = [];

  const defaultNotice = (workspaceId: string) => `${deps.publicUrl}/api/public/privacy/${workspaceId}/notice`;
  const snippetOf = (key: string) => `<script src="${deps.publicUrl}/widget.js" data-site="${key}" async></script>`;
  const settingsView = (s: SiteRow) => ({
    siteKey: s.siteKey,
    allowedOrigins: s.allowedOrigins,
    colors: s.colors,
    greeting: s.greeting,
    privacyNoticeUrl: s.privacyNoticeUrl,
    defaultPrivacyNoticeUrl: defaultNotice(s.workspaceId),
    trackingEnabled: s.trackingEnabled,
    chatEnabled: s.chatEnabled,
    snippet: snippetOf(s.siteKey),
    updatedAt: iso(s.updatedAt),
  });
  const formView = (f: FormRow) => ({
    id: f.id,
    name: f.name,
    title: f.title,
    fields: f.fields,
    consents: f.consents,
    submitLabel: f.submitLabel,
    thankYou: f.thankYou,
    createdAt: iso(f.createdAt),
    updatedAt: iso(f.updatedAt),
  });

  /** The workspace's site, created (with a new key, audited) the first time staff open the settings. */
  async function siteFor(actor: Actor): Promise<SiteRow> {
    const found = await repo.site(actor.workspaceId);
    if (found) return found;
    return db.transaction(async (tx) => {
      const now = clock.now();
      const created = await repo.insertSite(tx, {
        workspaceId: actor.workspaceId,
        siteKey: newSiteKey(actor.workspaceId),
        colors: defaultColors,
        greeting: defaultGreeting,
        createdAt: now,
        updatedAt: now,
      });
      cache.delete(actor.workspaceId);
      if (!created) return (await repo.site(actor.workspaceId, tx))!;
      await audit.record(tx, actor, {
        action: 'website.site.create',
        entityType: 'website_site',
        entityId: actor.workspaceId,
        after: { siteKey: created.siteKey },
      });
      return created;
    });
  }

  /**
   * The site a public request names, if the page's origin is on its allowed list (exact scheme, host and port) or is
   * this server itself (the hosted form page). A key that does not resolve is 404; a refused origin is 403; in both
   * cases nothing is stored.
   */
  // Public requests read the site once per few seconds per process (a settings change here clears it at once).
  const cache = new Map<string, { site: SiteRow | undefined; until: number }>();
  async function siteByKey(key: string): Promise<SiteRow | undefined> {
    const ws = workspaceOfKey(key);
    if (!ws) return undefined;
    const now = Date.now();
    const hit = cache.get(ws);
    if (hit && hit.until > now) return hit.site;
    const site = await repo.site(ws);
    if (cache.size > 10_000) cache.clear();
    cache.set(ws, { site, until: now + 5_000 });
    return site;
  }
  async function siteOf(caller: PublicCaller): Promise<SiteRow> {
    const site = await siteByKey(caller.siteKey);
    if (!site || !sameKey(site.siteKey, caller.siteKey))
      throw new AppError('not_found', 'No website uses this site key', { field: 'siteKey' });
    if (caller.sameOrigin) return site;
    if (!caller.origin || !site.allowedOrigins.includes(caller.origin))
      throw new AppError('forbidden', 'This website is not on the allowed list for this widget', { header: 'origin' });
    return site;
  }
  /** For CORS: may a page of `origin` call this site's widget routes? */
  async function originAllowed(siteKey: string, origin: string) {
    const site = await siteByKey(siteKey);
    return !!site && sameKey(site.siteKey, siteKey) && site.allowedOrigins.includes(origin);
  }
  async function limit(site: SiteRow, caller: PublicCaller, visitor?: string) {
    await deps.limitKey(`web-ip:${caller.ip}`, deps.limits.perIp);
    if (visitor) await deps.limitKey(`web-visitor:${site.workspaceId}:${visitor}`, deps.limits.perVisitor);
  }
  async function chatSite(caller: PublicCaller, visitor: string) {
    const site = await siteOf(caller);
    if (!site.chatEnabled) throw new AppError('forbidden', 'Chat is switched off for this website', { field: 'chat' });
    await limit(site, caller, visitor);
    return site;
  }

  /** Moves a visitor's held page views onto the contact's timeline and remembers who they are (same transaction). */
  async function identify(tx: Tx, workspaceId: string, visitorId: string, contactId: string) {
    const actor = systemActor(workspaceId);
    const visitor = await repo.visitor(workspaceId, visitorId, tx);
    await repo.upsertVisitor(tx, workspaceId, visitorId, { contactId }, clock.now());
    for (const v of await repo.takePageViews(tx, workspaceId, visitorId))
      await deps.activities.create(
        actor,
        {
          type: 'web_visit',
          occurredAt: v.occurredAt,
          contactId,
          subject: (v.title ?? v.url).slice(0, 500),
          metadata: { visitorId, url: v.url, referrer: v.referrer },
        },
        tx,
      );
    // Tracking consent given before they identified: the person's own choice, now recorded on the contact.
    if (visitor && visitor.trackingConsent !== 'unknown' && visitor.contactId !== contactId)
      await deps.recordVisitorConsents(
        tx,
        actor,
        contactId,
        [
          {
            purpose: 'website_tracking',
            granted: visitor.trackingConsent === 'granted',
            wording: visitor.trackingWording ?? trackingWording,
          },
        ],
        `website:${visitorId}`,
      );
  }

  async function emit(e: LeadCaptured) {
    for (const fn of leadListeners) await Promise.resolve(fn(e)).catch(() => {});
  }

  return {
    /** Subscribers (sequences) hear of every lead a form captured. */
    onLeadCaptured(fn: (e: LeadCaptured) => void | Promise<void>) {
      leadListeners.push(fn);
      return () => void leadListeners.splice(leadListeners.indexOf(fn), 1);
    },

    originAllowed,

    // ---- staff side ----
    async settings(actor: Actor) {
      assertRole(actor, 'manager');
      return settingsView(await siteFor(actor));
    },
    async updateSettings(actor: Actor, input: unknown) {
      assertRole(actor, 'admin');
      const patch = parse(siteSettingsInput, input);
      const before = await siteFor(actor);
      const values = {
        ...patch,
        ...(patch.allowedOrigins
          ? { allowedOrigins: [...new Set(patch.allowedOrigins.map((o) => new URL(o).origin))] }
          : {}),
        updatedAt: clock.now(),
      };
      const after = await db.transaction(async (tx) => {
        const row = await repo.updateSite(tx, actor.workspaceId, values);
        cache.delete(actor.workspaceId);
        const changed = Object.keys(patch) as (keyof typeof patch)[];
        await audit.record(tx, actor, {
          action: 'website.settings.update',
          entityType: 'website_site',
          entityId: actor.workspaceId,
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: Object.fromEntries(changed.map((k) => [k, row[k]])),
        });
        return row;
      });
      return settingsView(after);
    },
    async rotateKey(actor: Actor) {
      assertRole(actor, 'admin');
      const before = await siteFor(actor);
      const row = await db.transaction(async (tx) => {
        const r = await repo.updateSite(tx, actor.workspaceId, {
          siteKey: newSiteKey(actor.workspaceId),
          updatedAt: clock.now(),
        });
        cache.delete(actor.workspaceId);
        await audit.record(tx, actor, {
          action: 'website.key.rotate',
          entityType: 'website_site',
          entityId: actor.workspaceId,
          before: { siteKey: before.siteKey },
          after: { siteKey: r.siteKey },
        });
        return r;
      });
      return settingsView(row);
    },
    async forms(actor: Actor) {
      assertRole(actor, 'rep');
      return (await repo.forms(actor.workspaceId)).map(formView);
    },
    async form(actor: Actor, id: string) {
      assertRole(actor, 'rep');
      const f = await repo.form(actor.workspaceId, id);
      if (!f) throw notFound('Form', id);
      return formView(f);
    },
    async createForm(actor: Actor, input: unknown) {
      assertRole(actor, 'manager');
      const f = parse(formInput, input);
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        const r = await repo.insertForm(tx, { workspaceId: actor.workspaceId, ...f, createdAt: now, updatedAt: now });
        await audit.record(tx, actor, {
          action: 'website.form.create',
          entityType: 'website_form',
          entityId: r.id,
          after: f,
        });
        return r;
      });
      return formView(row);
    },
    async updateForm(actor: Actor, id: string, input: unknown) {
      assertRole(actor, 'manager');
      const patch = parse(formPatch, input);
      const before = await repo.form(actor.workspaceId, id);
      if (!before) throw notFound('Form', id);
      const row = await db.transaction(async (tx) => {
        const r = (await repo.updateForm(tx, actor.workspaceId, id, { ...patch, updatedAt: clock.now() }))!;
        const keys = Object.keys(patch) as (keyof typeof patch)[];
        await audit.record(tx, actor, {
          action: 'website.form.update',
          entityType: 'website_form',
          entityId: id,
          before: Object.fromEntries(keys.map((k) => [k, before[k]])),
          after: Object.fromEntries(keys.map((k) => [k, r[k]])),
        });
        return r;
      });
      return formView(row);
    },
    async deleteForm(actor: Actor, id: string) {
      assertRole(actor, 'manager');
      const before = await repo.form(actor.workspaceId, id);
      if (!before) throw notFound('Form', id);
      await db.transaction(async (tx) => {
        await repo.deleteForm(tx, actor.workspaceId, id);
        await audit.record(tx, actor, {
          action: 'website.form.delete',
          entityType: 'website_form',
          entityId: id,
          before: { name: before.name },
        });
      });
    },

    // ---- public side (the widget) ----
    async publicConfig(caller: PublicCaller) {
      const site = await siteOf(caller);
      await limit(site, caller);
      return {
        greeting: site.greeting,
        colors: site.colors,
        privacyNoticeUrl: site.privacyNoticeUrl ?? defaultNotice(site.workspaceId),
        trackingEnabled: site.trackingEnabled,
        chatEnabled: site.chatEnabled,
        trackingWording,
      };
    },

    async chatStart(caller: PublicCaller, input: unknown) {
      const body = parse(chatStartInput, input);
      const site = await chatSite(caller, body.visitorId);
      const visitor = await repo.visitor(site.workspaceId, body.visitorId);
      return chatbot.startConversation(site.workspaceId, {
        visitorId: body.visitorId,
        ...(body.pageUrl ? { pageUrl: body.pageUrl } : {}),
        ...(visitor?.contactId ? { contactId: visitor.contactId } : {}),
      });
    },
    async chatSay(caller: PublicCaller, input: unknown) {
      const body = parse(chatSayInput, input);
      const site = await chatSite(caller, body.visitorId);
      return chatbot.visitorSays(site.workspaceId, body);
    },
    async chatPoll(caller: PublicCaller, input: unknown) {
      const body = parse(chatPollInput, input);
      const site = await chatSite(caller, body.visitorId);
      return chatbot.messagesAfter(site.workspaceId, {
        conversationId: body.conversationId,
        visitorId: body.visitorId,
        afterSeq: body.after,
      });
    },
    async chatHandoff(caller: PublicCaller, input: unknown) {
      const body = parse(chatHandoffInput, input);
      const site = await chatSite(caller, body.visitorId);
      return chatbot.requestHandoff(site.workspaceId, body);
    },
    async chatRate(caller: PublicCaller, input: unknown) {
      const body = parse(chatRateInput, input);
      const site = await chatSite(caller, body.visitorId);
      await chatbot.rateAnswer(site.workspaceId, body);
    },
    async chatLead(caller: PublicCaller, input: unknown) {
      const body = parse(chatLeadInput, input);
      if (!body.email && !body.phone)
        throw new AppError('validation', 'Leave an email address or a phone number', { field: 'email' });
      const site = await chatSite(caller, body.visitorId);
      const r = await chatbot.captureLead(site.workspaceId, body);
      await db.transaction((tx) => identify(tx, site.workspaceId, body.visitorId, r.contactId));
      return r;
    },

    async publicForm(caller: PublicCaller, formId: string) {
      const site = await siteOf(caller);
      await limit(site, caller);
      const f = await repo.form(site.workspaceId, formId);
      if (!f) throw notFound('Form', formId);
      return { id: f.id, title: f.title, fields: f.fields, consents: f.consents, submitLabel: f.submitLabel };
    },

    /**
     * A form submission: the person is matched against existing contacts by the duplicate rules (never a second
     * record), consent is stored with the words shown, an erased person stays erased unless they opt in again, and
     * the submission lands on the contact's timeline.
     */
    async submitForm(caller: PublicCaller, formId: string, input: unknown) {
      const site = await siteOf(caller);
      const body = parse(formSubmitInput, input);
      await limit(site, caller, body.visitorId);
      const form = await repo.form(site.workspaceId, formId);
      if (!form) throw notFound('Form', formId);
      const values = readForm(form.fields, body.values);
      const consents = form.consents.map((c) => ({
        purpose: c.purpose as Purpose,
        wording: c.wording,
        granted: body.consents.some((x) => x.purpose === c.purpose && x.granted),
      }));
      for (const [i, c] of form.consents.entries())
        if (c.required && !consents[i]!.granted)
          throw new AppError('validation', `Please tick: ${c.wording}`, { field: `consents.${c.purpose}` });
      const ws = site.workspaceId;
      const actor = systemActor(ws);
      const who = { email: values.email ?? null, phone: values.phone ?? null };
      const optedIn = consents.some((c) => c.granted);
      const suppressed = await db.transaction((tx) => deps.isSuppressed(tx, ws, who));
      if (suppressed) {
        // Erased at their request: nothing is stored unless they opt in again now.
        if (!optedIn) return { ok: true, thankYou: form.thankYou };
        await deps.unsuppress(actor, {
          ...(who.email ? { email: who.email } : {}),
          ...(who.phone ? { phone: who.phone } : {}),
          reason: `opted in again on the website form "${form.name}"`,
        });
      }
      const { firstName, lastName } = splitName(values.name);
      const match = await deps.matchContact(ws, { firstName, lastName, ...who });
      const custom: Record<string, string> = { ...values.custom };
      if (values.company) custom.company = values.company;
      const contactId = await db.transaction(async (tx) => {
        let id: string;
        if (match) {
          const existing = await deps.contacts.rawGet(ws, match.contactId, tx);
          // Fill what the record lacks; never overwrite what staff already know.
          const patch: Record<string, unknown> = {};
          if (firstName && !existing?.firstName) patch.firstName = firstName;
          if (lastName && !existing?.lastName) patch.lastName = lastName;
          if (who.email && !existing?.email) patch.email = who.email;
          if (who.phone && !existing?.phone) patch.phone = who.phone;
          if (Object.keys(custom).length)
            patch.customFields = { ...((existing?.customFields as Record<string, unknown>) ?? {}), ...custom };
          if (Object.keys(patch).length) await deps.contacts.update(actor, match.contactId, patch, tx);
          id = match.contactId;
        } else {
          const created = await deps.contacts.create(
            actor,
            {
              ...(firstName ? { firstName } : {}),
              ...(lastName ? { lastName } : {}),
              ...(who.email ? { email: who.email } : {}),
              ...(who.phone ? { phone: who.phone } : {}),
              source: 'website form',
              lifecycleStage: 'lead',
              ...(Object.keys(custom).length ? { customFields: custom } : {}),
            },
            tx,
          );
          id = created.id as string;
        }
        const given = consents.filter((c) => c.granted); // an unticked box withdraws nothing given elsewhere
        if (given.length) await deps.recordVisitorConsents(tx, actor, id, given, `form:${form.id}`);
        await deps.activities.create(
          actor,
          {
            type: 'form_fill',
            occurredAt: clock.now(),
            contactId: id,
            subject: `Website form: ${form.name}`.slice(0, 500),
            ...(values.message ? { body: values.message.slice(0, 20_000) } : {}),
            metadata: {
              formId: form.id,
              visitorId: body.visitorId ?? null,
              pageUrl: body.pageUrl ?? null,
              values: body.values,
              consents: consents.map((c) => ({ purpose: c.purpose, granted: c.granted })),
            },
          },
          tx,
        );
        if (body.visitorId) await identify(tx, ws, body.visitorId, id);
        return id;
      });
      await emit({ workspaceId: ws, contactId, source: 'form' });
      return { ok: true, thankYou: form.thankYou };
    },

    /** The visitor's answer to the tracking banner. With GPC or DNT set, nothing is stored and tracking stays off. */
    async consent(caller: PublicCaller, input: unknown) {
      const body = parse(consentInput, input);
      const site = await siteOf(caller);
      await limit(site, caller, body.visitorId);
      if (caller.optedOut) return { tracking: 'denied' as const };
      const now = clock.now();
      await db.transaction(async (tx) => {
        const v = await repo.upsertVisitor(
          tx,
          site.workspaceId,
          body.visitorId,
          { trackingConsent: body.tracking, trackingWording: body.wording, consentAt: now },
          now,
        );
        if (v.contactId)
          await deps.recordVisitorConsents(
            tx,
            systemActor(site.workspaceId),
            v.contactId,
            [{ purpose: 'website_tracking', granted: body.tracking === 'granted', wording: body.wording }],
            `website:${body.visitorId}`,
          );
      });
      return { tracking: body.tracking };
    },

    /** One page view: stored only with the visitor's consent, tracking on, and no GPC/DNT. */
    async track(caller: PublicCaller, input: unknown) {
      const body = parse(trackInput, input);
      const site = await siteOf(caller);
      await limit(site, caller, body.visitorId);
      if (caller.optedOut) return { recorded: false, reason: 'the browser asks not to be tracked (GPC or DNT)' };
      if (!site.trackingEnabled) return { recorded: false, reason: 'tracking is switched off for this website' };
      const visitor = await repo.visitor(site.workspaceId, body.visitorId);
      if (visitor?.trackingConsent !== 'granted') return { recorded: false, reason: 'no consent to tracking' };
      const now = clock.now();
      const view = { url: body.url, title: body.title ?? null, referrer: body.referrer ?? null };
      if (visitor.contactId) {
        await deps.activities.create(systemActor(site.workspaceId), {
          type: 'web_visit',
          occurredAt: now,
          contactId: visitor.contactId,
          subject: (view.title ?? view.url).slice(0, 500),
          metadata: { visitorId: body.visitorId, url: view.url, referrer: view.referrer },
        });
      } else {
        await repo.insertPageView(db, {
          workspaceId: site.workspaceId,
          visitorId: body.visitorId,
          occurredAt: now,
          ...view,
        });
      }
      return { recorded: true };
    },

    /** For tests and the CLI: page views held for visitors not yet identified. */
    pendingPageViews: (workspaceId: string, visitorIds?: string[]) => repo.pageViewCount(workspaceId, visitorIds),
    visitor: (workspaceId: string, visitorId: string) => repo.visitor(workspaceId, visitorId),
  };
}
export type WebsiteService = ReturnType<typeof createWebsiteService>;

/** The submitted values read against the form's fields: required ones present, emails and phones checked. */
function readForm(fields: FormField[], raw: Record<string, string>) {
  const out: {
    name?: string;
    email?: string;
    phone?: string;
    company?: string;
    message?: string;
    custom: Record<string, string>;
  } = { custom: {} };
  const issues: { path: string[]; message: string }[] = [];
  for (const f of fields) {
    const v = (raw[f.key] ?? '').trim();
    if (!v) {
      if (f.required) issues.push({ path: ['values', f.key], message: `${f.label} is required` });
      continue;
    }
    const max = f.kind === 'message' ? 5000 : 200;
    if (v.length > max) {
      issues.push({ path: ['values', f.key], message: `${f.label} is too long (at most ${max} characters)` });
      continue;
    }
    if (f.kind === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) {
      issues.push({ path: ['values', f.key], message: `${f.label} is not an email address` });
      continue;
    }
    if (f.kind === 'phone' && (v.replace(/\D/g, '').length < 6 || !/^[-+0-9(). ]+$/.test(v))) {
      issues.push({ path: ['values', f.key], message: `${f.label} is not a phone number` });
      continue;
    }
    if (f.kind === 'custom') out.custom[f.key] = v;
    else out[f.kind] = f.kind === 'email' ? v.toLowerCase() : v;
  }
  if (issues.length === 0 && !out.email && !out.phone)
    issues.push({ path: ['values'], message: 'leave an email address or a phone number' });
  if (issues.length) throw validationError(issues);
  return out;
}
