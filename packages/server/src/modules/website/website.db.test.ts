import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/harness';

const SHOP = 'https://shop.example.com';
const EVIL = 'https://evil.example.net';

/** The widget's routes as the shop's page calls them: its Origin, no cookie, no API key. */
describe('website module', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let key: string;
  let formId: string;
  const leads: { contactId: string; source: string }[] = [];

  const pub = (method: string, path: string, body?: unknown, headers: Record<string, string | null> = {}) =>
    t.request(method, `/w/${key}${path}`, undefined, body, { origin: SHOP, ...headers });
  const count = async (table: string) => {
    const r = (await t.database.db.execute(
      sql`select count(*)::int as n from ${sql.identifier(table)} where workspace_id = ${ws.id}`,
    )) as unknown as { rows: { n: number }[] };
    return Number(r.rows[0]!.n);
  };
  const stored = async () => ({
    contacts: await count('contacts'),
    visitors: await count('website_visitors'),
    pageViews: await count('website_page_views'),
    activities: await count('activities'),
    conversations: await count('chat_conversations').catch(() => 0),
  });

  beforeAll(async () => {
    t = await createTestApp({
      env: { WEBSITE_VISITOR_RATE_LIMIT: '1000', WEBSITE_IP_RATE_LIMIT: '100000', PIPEWISE_CHAT_EMBEDDINGS: 'off' },
    });
    ws = await t.workspace('Shop');
    t.services.website.onLeadCaptured((e) => void leads.push(e));
    const s = await t.request('GET', '/api/v1/website/settings', ws.owner);
    expect(s.status).toBe(200);
    key = s.body.siteKey;
    expect(s.body.snippet).toContain(`data-site="${key}"`);
    const put = await t.request('PUT', '/api/v1/website/settings', ws.owner, {
      allowedOrigins: [SHOP],
      trackingEnabled: true,
      greeting: 'Hello from the shop',
    });
    expect(put.status).toBe(200);
    const f = await t.request('POST', '/api/v1/website/forms', ws.owner, {
      name: 'Contact us',
      title: 'Get in touch',
      fields: [
        { kind: 'name', key: 'name', label: 'Your name', required: true },
        { kind: 'email', key: 'email', label: 'Email', required: true },
        { kind: 'phone', key: 'phone', label: 'Phone', required: false },
        { kind: 'company', key: 'company', label: 'Company', required: false },
        { kind: 'message', key: 'message', label: 'Message', required: false },
        { kind: 'custom', key: 'budget', label: 'Budget', required: false },
      ],
      consents: [{ purpose: 'marketing_email', wording: 'Email me offers and news.', required: false }],
      submitLabel: 'Send',
      thankYou: 'Thanks, we will reply within a day.',
    });
    expect(f.status).toBe(201);
    formId = f.body.id;
  });
  afterAll(() => t.dispose());

  it('audits the staff-side writes and refuses an origin that is not scheme+host+port', async () => {
    const log = await t.request('GET', '/api/v1/audit?limit=50', ws.owner);
    const actions = (log.body.data as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['website.site.create', 'website.settings.update', 'website.form.create']),
    );
    const bad = await t.request('PUT', '/api/v1/website/settings', ws.owner, {
      allowedOrigins: ['https://shop.example.com/path'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toContain('allowedOrigins');
    const rep = await ws.member('rep');
    expect((await t.request('PUT', '/api/v1/website/settings', rep, { greeting: 'x' })).status).toBe(403);
  });

  it('serves the config to an allowed origin with CORS, and refuses others and forged keys with nothing stored', async () => {
    const ok = await pub('GET', '/config');
    expect(ok.status).toBe(200);
    expect(ok.body.greeting).toBe('Hello from the shop');
    expect(ok.body.privacyNoticeUrl).toContain(`/api/public/privacy/${ws.id}/notice`);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    const before = await stored();
    const evil = await pub('POST', '/chat/start', { visitorId: 'visitor-evil-1' }, { origin: EVIL });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    // Same host, other port or scheme: not the same origin.
    expect((await pub('GET', '/config', undefined, { origin: 'http://shop.example.com' })).status).toBe(403);
    expect((await pub('GET', '/config', undefined, { origin: 'https://shop.example.com:8443' })).status).toBe(403);
    expect(
      (
        await pub(
          'POST',
          '/consent',
          { visitorId: 'visitor-evil-1', tracking: 'granted', wording: 'Track me please' },
          { origin: EVIL },
        )
      ).status,
    ).toBe(403);
    const forged = key.slice(0, -4) + 'AAAA';
    const f = await t.request(
      'POST',
      `/w/${forged}/forms/${formId}`,
      undefined,
      { values: { name: 'X', email: 'x@y.test' } },
      { origin: SHOP },
    );
    expect(f.status).toBe(404);
    const otherWs = await t.request('GET', `/w/pw_${'0'.repeat(32)}_AAAAAAAAAAAAAAAA/config`, undefined, undefined, {
      origin: SHOP,
    });
    expect(otherWs.status).toBe(404);
    expect(await stored()).toEqual(before);

    const pre = await t.app.request(`/w/${key}/chat/say`, { method: 'OPTIONS', headers: { origin: SHOP } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(SHOP);
    const preEvil = await t.app.request(`/w/${key}/chat/say`, { method: 'OPTIONS', headers: { origin: EVIL } });
    expect(preEvil.status).toBe(403);
  });

  it('proxies a chat to the chatbot, and refuses a 10 KB message politely naming `text`', async () => {
    const kb = await t.request('POST', '/api/v1/chatbot/kb', ws.owner, {
      question: 'What are your opening hours?',
      variants: ['When are you open?', 'opening times'],
      answer: 'We are open Monday to Friday, 9 to 5.',
    });
    expect(kb.status).toBe(201);
    const start = await pub('POST', '/chat/start', { visitorId: 'visitor-chat-1', pageUrl: `${SHOP}/` });
    expect(start.status).toBe(200);
    const conversationId = start.body.conversationId as string;
    const say = await pub('POST', '/chat/say', {
      visitorId: 'visitor-chat-1',
      conversationId,
      text: 'When are you open?',
    });
    expect(say.status).toBe(200);
    expect(say.body.messages.map((m: { text: string }) => m.text).join(' ')).toContain('Monday to Friday');
    const big = await pub('POST', '/chat/say', {
      visitorId: 'visitor-chat-1',
      conversationId,
      text: 'x'.repeat(10_240),
    });
    expect(big.status).toBe(400);
    expect(big.body.error.details.field).toBe('text');
    expect(big.body.error.message).toMatch(/under 2000 characters/);
    const poll = await pub('GET', `/chat/messages?visitorId=visitor-chat-1&conversationId=${conversationId}&after=0`);
    expect(poll.status).toBe(200);
    expect(poll.body.messages.length).toBeGreaterThanOrEqual(3);
    // Another visitor cannot read this conversation.
    const other = await pub('GET', `/chat/messages?visitorId=visitor-chat-2&conversationId=${conversationId}&after=0`);
    expect(other.status).toBeGreaterThanOrEqual(400);
    expect(other.status).toBeLessThan(500);
  });

  it('refuses a body over the size limit', async () => {
    const r = await pub('POST', '/track', { visitorId: 'visitor-big-1', url: 'x'.repeat(40_000) });
    expect(r.status).toBe(413);
  });

  it('creates a contact from a form, stores consent with its wording, logs the form, and never duplicates', async () => {
    const r = await pub('POST', `/forms/${formId}`, {
      visitorId: 'visitor-form-1',
      values: {
        name: 'Ada Lovelace',
        email: 'Ada@Example.com',
        company: 'Analytical Ltd',
        budget: '5000',
        message: 'Call me',
      },
      consents: [{ purpose: 'marketing_email', granted: true }],
    });
    expect(r.status).toBe(200);
    expect(r.body.thankYou).toBe('Thanks, we will reply within a day.');
    const again = await pub('POST', `/forms/${formId}`, {
      values: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 415 555 0134' },
    });
    expect(again.status).toBe(200);
    const list = await t.request('GET', '/api/v1/contacts?q=ada', ws.owner);
    expect(list.body.data).toHaveLength(1);
    const c = list.body.data[0];
    expect(c.email).toBe('ada@example.com');
    expect(c.phone).toBe('+1 415 555 0134');
    expect(c.customFields).toMatchObject({ company: 'Analytical Ltd', budget: '5000' });
    expect(c.consentMarketingEmail).toBe('granted');
    const history = await t.request('GET', `/api/v1/contacts/${c.id}/privacy/consent`, ws.owner);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('Email me offers and news.');
    const acts = await t.services.activities.forContact(ws.actor, c.id);
    expect(acts.filter((a) => a.type === 'form_fill')).toHaveLength(2);
    expect(leads.filter((l) => l.contactId === c.id)).toHaveLength(2);
    expect(leads[0]!.source).toBe('form');
  });

  it('names the missing or bad field of a form submission', async () => {
    const r = await pub('POST', `/forms/${formId}`, { values: { name: 'No Email' } });
    expect(r.status).toBe(400);
    expect(r.body.error.details.field).toBe('values.email');
    const bad = await pub('POST', `/forms/${formId}`, { values: { name: 'Bad', email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('values.email');
  });

  it('keeps an erased person erased unless they opt in again', async () => {
    const c = await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Gone', email: 'gone@example.com' });
    expect(c.status).toBe(201);
    const erase = await t.request('POST', `/api/v1/contacts/${c.body.id}/privacy/erase`, ws.owner, {
      confirm: 'gone@example.com',
    });
    expect(erase.status).toBe(200);
    const before = await count('contacts');
    const r = await pub('POST', `/forms/${formId}`, { values: { name: 'Gone Again', email: 'gone@example.com' } });
    expect(r.status).toBe(200); // the same thank-you: nothing is revealed
    expect(await count('contacts')).toBe(before);
    const optIn = await pub('POST', `/forms/${formId}`, {
      values: { name: 'Gone Again', email: 'gone@example.com' },
      consents: [{ purpose: 'marketing_email', granted: true }],
    });
    expect(optIn.status).toBe(200);
    expect(await count('contacts')).toBe(before + 1);
  });

  it('tracks page views only with consent, never under GPC or DNT, and joins them to the contact on identification', async () => {
    const v = 'visitor-track-1';
    const none = await pub('POST', '/track', { visitorId: v, url: `${SHOP}/a` });
    expect(none.body).toMatchObject({ recorded: false });
    expect(await t.services.website.pendingPageViews(ws.id, [v])).toBe(0);

    const gpc = await pub(
      'POST',
      '/consent',
      { visitorId: 'visitor-gpc-1', tracking: 'granted', wording: 'Track my visits' },
      { 'sec-gpc': '1' },
    );
    expect(gpc.body.tracking).toBe('denied');
    expect(await t.services.website.visitor(ws.id, 'visitor-gpc-1')).toBeUndefined();
    const yes = await pub('POST', '/consent', {
      visitorId: v,
      tracking: 'granted',
      wording: 'Record which pages I visit.',
    });
    expect(yes.body.tracking).toBe('granted');
    const dnt = await pub('POST', '/track', { visitorId: v, url: `${SHOP}/b` }, { dnt: '1' });
    expect(dnt.body.recorded).toBe(false);
    expect(await t.services.website.pendingPageViews(ws.id, [v])).toBe(0);
    for (const p of ['/products', '/pricing'])
      expect((await pub('POST', '/track', { visitorId: v, url: `${SHOP}${p}`, title: p })).body.recorded).toBe(true);
    expect(await t.services.website.pendingPageViews(ws.id, [v])).toBe(2);

    await pub('POST', `/forms/${formId}`, { visitorId: v, values: { name: 'Grace Hopper', email: 'grace@navy.test' } });
    expect(await t.services.website.pendingPageViews(ws.id, [v])).toBe(0);
    const contact = (await t.request('GET', '/api/v1/contacts?q=grace', ws.owner)).body.data[0];
    expect(contact.consentWebsiteTracking).toBe('granted');
    const visits = (await t.services.activities.forContact(ws.actor, contact.id)).filter((a) => a.type === 'web_visit');
    expect(visits).toHaveLength(2);
    // Identified now: the next page view goes straight to the timeline.
    await pub('POST', '/track', { visitorId: v, url: `${SHOP}/checkout` });
    expect(
      (await t.services.activities.forContact(ws.actor, contact.id)).filter((a) => a.type === 'web_visit'),
    ).toHaveLength(3);

    await t.request('PUT', '/api/v1/website/settings', ws.owner, { trackingEnabled: false });
    expect((await pub('POST', '/track', { visitorId: v, url: `${SHOP}/off` })).body.recorded).toBe(false);
    await t.request('PUT', '/api/v1/website/settings', ws.owner, { trackingEnabled: true });
  });

  it('never answers 500 to open form values and message text, and stores nothing for a rejected origin', async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('name', 'email', 'phone', 'company', 'message', 'budget', 'zzz'),
          fc.string({ unit: 'binary', maxLength: 300 }),
        ),
        fc.string({ unit: 'binary', maxLength: 3000 }),
        async (values, text) => {
          const r = await pub('POST', `/forms/${formId}`, { values, consents: [] }, { origin: EVIL });
          expect(r.status).toBeLessThan(500);
          const s = await pub(
            'POST',
            '/chat/say',
            { visitorId: 'visitor-fuzz-1', conversationId: 'nope', text },
            { origin: EVIL },
          );
          expect(s.status).toBeLessThan(500);
          expect([400, 403]).toContain(s.status);
        },
      ),
      { numRuns: 40, seed: 21 },
    );
    expect(await stored()).toEqual(before);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('name', 'email', 'phone', 'company', 'message', 'budget'),
          fc.string({ unit: 'grapheme', maxLength: 200 }),
        ),
        async (values) => {
          const r = await pub('POST', `/forms/${formId}`, { values });
          expect(r.status).toBeLessThan(500);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe('website rate limits', () => {
  it('limits per visitor and per IP with the shared counters (429 + Retry-After)', async () => {
    const t = await createTestApp({ env: { WEBSITE_VISITOR_RATE_LIMIT: '5', WEBSITE_IP_RATE_LIMIT: '8' } });
    try {
      const ws = await t.workspace('Limits');
      const key = (await t.request('GET', '/api/v1/website/settings', ws.owner)).body.siteKey;
      await t.request('PUT', '/api/v1/website/settings', ws.owner, { allowedOrigins: [SHOP] });
      const hit = (visitorId: string) =>
        t.request('POST', `/w/${key}/track`, undefined, { visitorId, url: `${SHOP}/` }, { origin: SHOP });
      for (let i = 0; i < 5; i++) expect((await hit('visitor-a-000')).status).toBe(200);
      const sixth = await hit('visitor-a-000');
      expect(sixth.status).toBe(429);
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await hit('visitor-b-000')).status).toBe(200);
      expect((await hit('visitor-b-000')).status).toBe(200);
      expect((await hit('visitor-b-000')).status).toBe(429); // the address's 9th request (refused ones count)
    } finally {
      await t.dispose();
    }
  });
});
