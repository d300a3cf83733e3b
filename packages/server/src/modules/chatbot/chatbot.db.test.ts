import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { AppError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let t: TestApp;
let ws: Ws;
// Monday 2026-06-01 12:00 UTC: inside Mon-Fri 09-17 London hours (13:00 BST).
let now = new Date('2026-06-01T12:00:00.000Z');
const clock: Clock = { now: () => now };

const ok = <T = any>(r: { status: number; body: T }) => {
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
};

const FAQ_CSV = `question,answer,variants
How long does delivery take?,Orders arrive in 2-4 working days.,when will my order arrive|shipping time|how long is shipping
Can I return an item?,You can return anything within 30 days for a full refund.,how do returns work|refund policy|send it back
Do you ship abroad?,We ship to the EU and the UK.,international shipping|do you deliver to france|ship overseas
Do you have gift cards?,Yes: gift cards from 10 to 200 pounds.,gift voucher|buy a gift card|present card
`;

const chat = () => t.services.chatbot;

async function waitForVersion(min: number) {
  for (let i = 0; i < 400; i++) {
    const e = chat().engines.peek(ws.id);
    if (e && e.version >= min) return e;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the engine did not reach version ${min}`);
}

beforeAll(async () => {
  t = await createTestApp({ clock, env: { PIPEWISE_CHAT_EMBEDDINGS: 'off' } });
  ws = await t.workspace('Kettle Shop');
  ok(
    await t.request('POST', '/api/v1/chatbot/kb/import', ws.owner, {
      format: 'csv',
      content: FAQ_CSV,
      fileName: 'faq.csv',
    }),
  );
  ok(
    await t.request('PUT', '/api/v1/chatbot/settings', ws.owner, {
      greeting: 'Hello from the Kettle Shop!',
      hours: {
        timeZone: 'Europe/London',
        weekly: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
        ),
        closedDates: ['2026-12-25'],
      },
    }),
  );
}, 60_000);
afterAll(async () => {
  chat()?.engines.stop();
  await t?.dispose();
});

describe('knowledge base', () => {
  it('imports CSV, JSON, Markdown and HTML, and a repeated import replaces instead of duplicating', async () => {
    const other = await t.workspace('Import Shop');
    const json = JSON.stringify({
      faqs: [{ question: 'Where are you?', answer: 'High Street 1.', variants: ['address'] }],
    });
    const md =
      '## Do you repair kettles?\nAlso: kettle repair | fix my kettle\nYes, bring it in. [Repairs](https://example.com/repairs)\n\n## Is parking free?\nYes, behind the shop.';
    const html = `<html><head><title>About</title><script>alert(1)</script></head><body><nav>Home</nav>
      <h1>Our story</h1><p>Founded in <b>1999</b> &amp; still family run.</p>
      <h2>Warranty</h2><p>Every kettle has a two year warranty.</p><footer>© us</footer></body></html>`;
    const r1 = ok(await t.request('POST', '/api/v1/chatbot/kb/import', other.owner, { format: 'json', content: json }));
    const r2 = ok(
      await t.request('POST', '/api/v1/chatbot/kb/import', other.owner, { format: 'markdown', content: md }),
    );
    const r3 = ok(
      await t.request('POST', '/api/v1/chatbot/kb/import', other.owner, {
        format: 'html',
        content: html,
        fileName: 'about.html',
      }),
    );
    ok(
      await t.request('POST', '/api/v1/chatbot/kb/import', other.owner, {
        format: 'csv',
        content: FAQ_CSV,
        fileName: 'faq.csv',
      }),
    );
    const again = ok(
      await t.request('POST', '/api/v1/chatbot/kb/import', other.owner, {
        format: 'csv',
        content: FAQ_CSV,
        fileName: 'faq.csv',
      }),
    );
    expect([r1.created, r2.created, r3.created, again.replaced]).toEqual([1, 2, 2, 4]);
    const list = ok(await t.request('GET', '/api/v1/chatbot/kb', other.owner)).data;
    expect(list).toHaveLength(9);
    const repair = list.find((e: any) => e.question === 'Do you repair kettles?');
    expect(repair.variants).toEqual(['kettle repair', 'fix my kettle']);
    expect(repair.links).toEqual([{ label: 'Repairs', url: 'https://example.com/repairs' }]);
    const story = list.find((e: any) => e.question === 'Our story');
    expect(story).toMatchObject({ kind: 'section', answer: 'Founded in 1999 & still family run.' });
    expect(JSON.stringify(list)).not.toMatch(/alert|<b>|Home|©/);
  });

  it('refuses a file without the columns, naming the field; a viewer may not edit', async () => {
    const bad = await t.request('POST', '/api/v1/chatbot/kb/import', ws.owner, { format: 'csv', content: 'a,b\n1,2' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('content');
    const badJson = await t.request('POST', '/api/v1/chatbot/kb/import', ws.owner, { format: 'json', content: '{' });
    expect(badJson.status).toBe(400);
    const viewer = await ws.member('viewer');
    expect((await t.request('POST', '/api/v1/chatbot/kb', viewer, { question: 'x', answer: 'y' })).status).toBe(403);
    const missing = await t.request('POST', '/api/v1/chatbot/kb', ws.owner, { question: '', answer: 'y' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('question');
  });

  it('retrains within seconds after an FAQ change, without a restart', async () => {
    const before = ok(
      await t.request('POST', '/api/v1/chatbot/ask', ws.owner, { text: 'do you sell descaling tablets' }),
    );
    expect(before.kind).not.toBe('answer');
    const version = ok(await t.request('GET', '/api/v1/chatbot/settings', ws.owner)).kbVersion;
    const started = Date.now();
    ok(
      await t.request('POST', '/api/v1/chatbot/kb', ws.owner, {
        question: 'Do you sell descaling tablets?',
        variants: ['descaler', 'limescale remover', 'descaling tablets'],
        answer: 'Yes: a pack of 12 descaling tablets is 4.99.',
      }),
    );
    const built = await waitForVersion(version + 1);
    const seconds = (Date.now() - started) / 1000;
    expect(built.engine?.report.intents).toBe(6); // 5 FAQs + opening hours
    console.log(
      `retrain after an FAQ change: ${seconds.toFixed(2)} s wall (training ${built.trainSeconds.toFixed(3)} s)`,
    );
    const after = ok(
      await t.request('POST', '/api/v1/chatbot/ask', ws.owner, { text: 'do you sell descaling tablets' }),
    );
    expect(after).toMatchObject({ kind: 'answer', text: 'Yes: a pack of 12 descaling tablets is 4.99.' });
    expect(after.confidence).toBeGreaterThan(0);
  });

  it('rebuilds the same engine deterministically after a restart (a second app on the same database)', async () => {
    const second = await createTestApp({ clock, database: t.database, env: { PIPEWISE_CHAT_EMBEDDINGS: 'off' } });
    const a = await chat().ask(ws.id, 'when will my order arrive');
    const b = await second.services.chatbot.ask(ws.id, 'when will my order arrive');
    expect(b.text).toBe(a.text);
    expect(b.confidence).toBe(a.confidence);
    second.services.chatbot.engines.stop();
  });
});

describe('conversations', () => {
  async function start(visitorId = `v-${Math.random()}`) {
    const s = await chat().startConversation(ws.id, { visitorId, pageUrl: 'https://kettles.example/' });
    return { ...s, visitorId };
  }

  it('greets, answers a FAQ with confidence, and offers a person below the threshold', async () => {
    const c = await start();
    expect(c.status).toBe('bot');
    expect(c.messages).toEqual([expect.objectContaining({ from: 'bot', seq: 1, text: 'Hello from the Kettle Shop!' })]);
    const r = await chat().visitorSays(ws.id, { ...c, text: 'how long is shipping?' });
    expect(r.messages.map((m) => m.from)).toEqual(['visitor', 'bot']);
    expect(r.messages[1]!.text).toBe('Orders arrive in 2-4 working days.');
    const unsure = await chat().visitorSays(ws.id, {
      ...c,
      text: 'zxqv blorf wibble quux',
    });
    expect(unsure.messages[1]).toMatchObject({ text: "I'm not sure, shall I get a person?", action: 'handoff_offer' });
    const hours = await chat().visitorSays(ws.id, { ...c, text: 'what are your opening hours' });
    expect(hours.messages[1]!.text).toContain('Mon-Fri 09:00-17:00 (Europe/London time)');
    const after = await chat().messagesAfter(ws.id, { ...c, afterSeq: 1 });
    expect(after.messages.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('answers other languages politely in English and offers a person', async () => {
    const c = await start();
    const r = await chat().visitorSays(ws.id, {
      ...c,
      text: 'Hallo, wann haben Sie geöffnet? Ich möchte bitte einen Wasserkocher',
    });
    expect(r.messages[1]).toMatchObject({ from: 'bot', action: 'handoff_offer' });
    expect(r.messages[1]!.text).toMatch(/only answer in English/);
    const yes = await chat().visitorSays(ws.id, { ...c, text: 'yes' });
    expect(yes.status).toBe('waiting');
  });

  it('refuses bad input with a validation error naming the field, and hides other visitors’ conversations', async () => {
    const c = await start();
    const long = 'x'.repeat(10_240);
    await expect(chat().visitorSays(ws.id, { ...c, text: long })).rejects.toMatchObject({
      code: 'validation',
      details: { field: 'text' },
    });
    await expect(chat().visitorSays(ws.id, { ...c, text: '   ' })).rejects.toMatchObject({
      details: { field: 'text' },
    });
    await expect(chat().visitorSays(ws.id, { ...c, visitorId: 'someone-else', text: 'hi' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      chat().messagesAfter(ws.id, { ...c, conversationId: 'not-a-uuid', afterSeq: 0 }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const other = await t.workspace('Elsewhere');
    await expect(chat().messagesAfter(other.id, { ...c, afterSeq: 0 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('never fails with a 500 on any visitor text, stores it as given, and never puts markup in its own replies', async () => {
    const c = await start();
    const texts = fc.oneof(
      fc.string({ maxLength: 300, unit: 'grapheme' }),
      fc.string({ maxLength: 50, unit: 'binary' }),
      fc.constantFrom(
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '"><svg onload=alert(1)>',
        '🙂🎉 kettle?',
        'ﷺ'.repeat(40),
      ),
    );
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        try {
          const r = await chat().visitorSays(ws.id, { ...c, text });
          expect(r.messages[0]!.text).toBe(text.trim());
          for (const m of r.messages.slice(1)) expect(m.text).not.toMatch(/<[a-z!/]/i);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).status).toBeLessThan(500);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('hands off within business hours: waiting, the inbox stream hears it, an agent reply reaches the visitor', async () => {
    const c = await start();
    const res = await t.app.request('/api/v1/chatbot/stream', {
      headers: { cookie: `pw_session=${ws.owner.token}`, origin: 'http://localhost', accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const readUntil = async (needle: string) => {
      for (let i = 0; i < 200 && !buffer.includes(needle); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value);
      }
      return buffer.includes(needle);
    };
    expect(await readUntil('event: ready')).toBe(true);

    const h = await chat().visitorSays(ws.id, { ...c, text: 'can I talk to a real person please' });
    expect(h.status).toBe('waiting');
    expect(h.messages[1]).toMatchObject({ from: 'system' });
    expect(await readUntil('"status":"waiting"')).toBe(true);

    ok(await t.request('POST', `/api/v1/chatbot/conversations/${c.conversationId}/take-over`, ws.owner));
    const silent = await chat().visitorSays(ws.id, { ...c, text: 'how long is shipping?' });
    expect(silent.status).toBe('human');
    expect(silent.messages.map((m) => m.from)).toEqual(['visitor']);
    const sent = ok(
      await t.request('POST', `/api/v1/chatbot/conversations/${c.conversationId}/reply`, ws.owner, {
        text: 'Hi, Anna here <b>!</b>',
      }),
    );
    expect(await readUntil('Anna here')).toBe(true);
    await reader.cancel();
    const seen = await chat().messagesAfter(ws.id, { ...c, afterSeq: sent.seq - 1 });
    expect(seen.messages[0]).toMatchObject({ from: 'agent', text: 'Hi, Anna here <b>!</b>' });

    const list = ok(await t.request('GET', '/api/v1/chatbot/conversations?status=human', ws.owner));
    expect(list.data.map((x: any) => x.id)).toContain(c.conversationId);
    expect((await t.request('GET', '/api/v1/chatbot/conversations?status=nope', ws.owner)).status).toBe(400);
    ok(await t.request('POST', `/api/v1/chatbot/conversations/${c.conversationId}/hand-back`, ws.owner));
    const back = await chat().visitorSays(ws.id, { ...c, text: 'how long is shipping?' });
    expect(back.messages[1]!.text).toBe('Orders arrive in 2-4 working days.');
  });

  it('outside business hours says when someone will answer, asks for an email and files the lead', async () => {
    now = new Date('2026-06-06T10:00:00.000Z'); // Saturday
    try {
      const c = await start();
      const h = await chat().requestHandoff(ws.id, c);
      expect(h.status).toBe('bot');
      expect(h.messages[0]).toMatchObject({ action: 'email_request' });
      expect(h.messages[0]!.text).toContain('Monday at 09:00 (Europe/London)');
      const r = await chat().visitorSays(ws.id, { ...c, text: 'sure, it is night.owl@example.com' });
      expect(r.messages[1]!.text).toContain('night.owl@example.com');
      const contacts = ok(
        await t.request('GET', '/api/v1/contacts?filter[email][eq]=night.owl@example.com', ws.owner),
      ).data;
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toMatchObject({ email: 'night.owl@example.com', source: 'chat' });
    } finally {
      now = new Date('2026-06-01T12:00:00.000Z');
    }
  });

  it('captures a lead: matches the existing contact, stores consent wording, logs the chat on the timeline, emits the event', async () => {
    const existing = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Maria',
        lastName: 'Lopez',
        email: 'maria@lopez.example',
        ownerId: ws.owner.id,
      }),
    );
    const heard: unknown[] = [];
    chat().onLeadCaptured((e) => void heard.push(e));
    const c = await start();
    await chat().visitorSays(ws.id, { ...c, text: 'do you ship abroad' });
    const wording = 'Send me news and offers by email.';
    const lead = await chat().captureLead(ws.id, {
      ...c,
      name: 'María López',
      email: 'Maria@Lopez.example',
      consents: [{ purpose: 'marketing_email', granted: true, wording }],
    });
    expect(lead.contactId).toBe(existing.id);
    expect(heard).toContainEqual({ workspaceId: ws.id, contactId: existing.id, source: 'chat' });
    const consent = ok(await t.request('GET', `/api/v1/contacts/${existing.id}/privacy/consent`, ws.owner));
    expect(consent.purposes.find((p: any) => p.purpose === 'marketing_email').state).toBe('granted');
    expect(consent.history[0]).toMatchObject({
      purpose: 'marketing_email',
      wording,
      source: `chat:${c.conversationId}`,
    });

    // A meeting request from a known contact: a task for the contact's owner.
    const m = await chat().visitorSays(ws.id, { ...c, text: 'can we book a call next week?' });
    expect(m.messages[1]!.text).toMatch(/arrange a meeting/);
    ok(await t.request('POST', `/api/v1/chatbot/conversations/${c.conversationId}/close`, ws.owner));
    const acts = ok(await t.request('GET', `/api/v1/activities?filter[contactId][eq]=${existing.id}`, ws.owner)).data;
    const chatAct = acts.find((a: any) => a.type === 'chat');
    expect(chatAct.body).toContain('Visitor: do you ship abroad');
    expect(chatAct.body).toContain('We ship to the EU and the UK.');
    expect(chatAct.subject).toContain('closed');
    const task = acts.find((a: any) => a.type === 'task');
    expect(task).toMatchObject({
      ownerId: ws.owner.id,
      metadata: expect.objectContaining({ kind: 'meeting_request' }),
    });

    await expect(
      chat().captureLead(ws.id, { ...c, consents: [{ purpose: 'marketing_email', granted: true, wording }] }),
    ).rejects.toMatchObject({ details: { field: 'email' } });
    await expect(
      chat().captureLead(ws.id, {
        ...c,
        email: 'a@b.example',
        consents: [{ purpose: 'telepathy', granted: true, wording }],
      }),
    ).rejects.toMatchObject({ code: 'validation' });
  });

  it('recommends two or three products after qualifying questions', async () => {
    for (const p of [
      { name: 'Steel kettle 1.7 l', category: 'Kettles', price: 39 },
      { name: 'Glass kettle with lights', category: 'Kettles', price: 49 },
      { name: 'Smart kettle', category: 'Kettles', price: 129 },
      { name: 'Toaster 2 slice', category: 'Toasters', price: 29 },
    ])
      ok(await t.request('POST', '/api/v1/products', ws.owner, { ...p, currency: 'GBP' }));
    chat().engines.forget(ws.id);
    const c = await start();
    const q1 = await chat().visitorSays(ws.id, { ...c, text: 'can you recommend something?' });
    expect(q1.messages[1]!.suggestions).toContain('Kettles');
    const q2 = await chat().visitorSays(ws.id, { ...c, text: 'a kettle' });
    expect(q2.messages[1]!.text).toMatch(/budget/);
    const r = await chat().visitorSays(ws.id, { ...c, text: 'under 60' });
    const names = r.messages[1]!.products!.map((p) => p.name);
    expect(names.sort()).toEqual(['Glass kettle with lights', 'Steel kettle 1.7 l']);
    expect(r.messages[1]!.products![0]!.reason).toMatch(/budget of 60/);
    const price = await chat().visitorSays(ws.id, { ...c, text: 'how much is the smart kettle?' });
    expect(price.messages[1]!.text).toBe('Smart kettle (Kettles): It costs 129.00 GBP.');
  });

  it('lists unanswered questions and adds one as a variant in one call (which retrains)', async () => {
    const c = await start();
    await chat().visitorSays(ws.id, { ...c, text: 'zorbleflax warranty thing' });
    const good = await chat().visitorSays(ws.id, { ...c, text: 'how do returns work' });
    await chat().rateAnswer(ws.id, { ...c, messageId: good.messages[1]!.id, helpful: false });
    const report = ok(await t.request('GET', '/api/v1/chatbot/unanswered', ws.owner)).data;
    const low = report.find((r: any) => r.question === 'zorbleflax warranty thing');
    expect(low.reason).toBe('low_confidence');
    expect(report.find((r: any) => r.question === 'how do returns work').reason).toBe('thumbs_down');
    const entry = ok(await t.request('GET', '/api/v1/chatbot/kb', ws.owner)).data.find(
      (e: any) => e.question === 'Can I return an item?',
    );
    const version = ok(await t.request('GET', '/api/v1/chatbot/settings', ws.owner)).kbVersion;
    ok(
      await t.request('POST', '/api/v1/chatbot/unanswered/add-variant', ws.owner, {
        entryId: entry.id,
        text: low.question,
        messageId: low.messageId,
      }),
    );
    await waitForVersion(version + 1);
    const after = ok(await t.request('GET', '/api/v1/chatbot/unanswered', ws.owner)).data;
    expect(after.find((r: any) => r.messageId === low.messageId)).toBeUndefined();
    const asked = await chat().ask(ws.id, 'zorbleflax warranty thing');
    expect(asked.intent).toBe(entry.id);
  });
});

describe('LLM phrasing (off by default)', () => {
  let server: Server;
  const calls: any[] = [];
  let mode: 'answer' | 'refuse' = 'answer';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls.push({ auth: req.headers.authorization, url: req.url, body: JSON.parse(body) });
        const content = mode === 'answer' ? 'Delivery takes 2 to 4 working days [1].' : 'NO_ANSWER';
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(41101, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('phrases answers from the retrieved entries with citations, refuses outside them, never returns the key', async () => {
    const off = await chat().ask(ws.id, 'when will my order arrive');
    expect(off.text).toBe('Orders arrive in 2-4 working days.');
    expect(calls).toHaveLength(0);
    const s = ok(
      await t.request('PUT', '/api/v1/chatbot/settings', ws.owner, {
        llm: { enabled: true, url: 'http://127.0.0.1:41101/v1', model: 'fake-1', apiKey: 'sk-test-123' },
      }),
    );
    expect(s.llm).toEqual({ enabled: true, url: 'http://127.0.0.1:41101/v1', model: 'fake-1', hasKey: true });
    expect(JSON.stringify(s)).not.toContain('sk-test-123');
    const on = await chat().ask(ws.id, 'when will my order arrive');
    expect(on.text).toBe('Delivery takes 2 to 4 working days [1].');
    expect(calls[0]).toMatchObject({ auth: 'Bearer sk-test-123', url: '/v1/chat/completions' });
    expect(calls[0].body.messages[0].content).toContain('Orders arrive in 2-4 working days.');
    mode = 'refuse';
    const refused = await chat().ask(ws.id, 'when will my order arrive');
    expect(refused).toMatchObject({ text: "I'm not sure, shall I get a person?", action: 'handoff_offer' });
    ok(
      await t.request('PUT', '/api/v1/chatbot/settings', ws.owner, { llm: { enabled: false, url: null, model: null } }),
    );
  });
});
