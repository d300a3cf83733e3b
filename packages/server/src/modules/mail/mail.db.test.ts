import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { startDroppingSmtp, startSmtp } from '../../testing/smtp';

const start = new Date('2026-06-01T12:00:00.000Z');
const clock = { at: start.getTime(), now: () => new Date(clock.at) };
const SMTP_USER = 'sender@shop.test';
const SMTP_PASSWORD = 'correct horse battery staple';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let as: { token: string };
let mailboxId: string;
let keySeq = 0;
const key = () => `test-key-${++keySeq}-${Date.now()}`;

async function contact(values: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/contacts', as, values);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const mailbox = (port: number, over: Record<string, unknown> = {}) => ({
  name: 'Shop',
  fromName: 'The Shop',
  fromAddress: 'hello@shop.test',
  smtp: { host: '127.0.0.1', port, security: 'none', user: SMTP_USER, password: SMTP_PASSWORD },
  dailyCap: 300,
  perMinute: 10_000,
  ...over,
});
type TimelineEntry = { type: string; subject: string; body: string; metadata: Record<string, unknown> };
const timelineOf = async (contactId: string) =>
  (await t.services.activities.forContact(ws.actor, contactId)) as unknown as TimelineEntry[];
const compose = (contactId: string, over: Record<string, unknown> = {}) =>
  t.request('POST', '/api/v1/mail/messages', as, {
    contactId,
    idempotencyKey: key(),
    subject: 'Hello {{ contact.first_name | default: "there" }}',
    bodyText: 'Hi {{ contact.first_name | default: "there" }}, thanks.',
    ...over,
  });

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: {
      PIPEWISE_SECRET: 'test-secret-0123456789abcdef',
      PIPEWISE_JOBS: 'off',
      PIPEWISE_PUBLIC_URL: 'https://crm.shop.test',
    },
  });
  smtp = await startSmtp({
    auth: { user: SMTP_USER, password: SMTP_PASSWORD },
    reject: (to) =>
      to.startsWith('nobody@')
        ? { code: 550, message: '5.1.1 No such user' }
        : to.startsWith('busy@')
          ? { code: 451, message: '4.3.0 Try later' }
          : null,
  });
  ws = await t.workspace('Mail shop');
  as = ws.owner;
  const res = await t.request('POST', '/api/v1/mail/mailboxes', as, mailbox(smtp.port));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  mailboxId = res.body.id;
});
afterAll(async () => {
  await smtp?.stop();
  await t?.dispose();
});

describe('mailboxes', () => {
  it('stores the password encrypted and never returns it', async () => {
    const res = await t.request('GET', '/api/v1/mail/mailboxes', as);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(SMTP_PASSWORD);
    expect(res.body.data[0].smtp.hasPassword).toBe(true);
    const row = await t.services.mail.repo.getMailbox(ws.id, mailboxId);
    expect(row!.smtpPasswordEnc).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row!.smtpPasswordEnc).not.toContain(SMTP_PASSWORD);
  });

  it('sends a test message through the real SMTP server', async () => {
    const before = smtp.received.length;
    const res = await t.request('POST', `/api/v1/mail/mailboxes/${mailboxId}/test`, as, { to: 'owner@shop.test' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(smtp.received.length).toBe(before + 1);
    expect(smtp.received.at(-1)!.parsed.subject).toBe('Pipewise test message');
  });

  it('says clearly when the server refuses the login', async () => {
    const bad = await t.request(
      'POST',
      '/api/v1/mail/mailboxes',
      as,
      mailbox(smtp.port, {
        name: 'Wrong password',
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: SMTP_USER, password: 'wrong' },
      }),
    );
    expect(bad.status).toBe(201);
    const res = await t.request('POST', `/api/v1/mail/mailboxes/${bad.body.id}/test`, as, { to: 'owner@shop.test' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/refused the login for sender@shop\.test/);
    expect(res.body.error.details.field).toBe('smtp.password');
    await t.request('DELETE', `/api/v1/mail/mailboxes/${bad.body.id}`, as);
  });

  it('names a bad field', async () => {
    const res = await t.request(
      'POST',
      '/api/v1/mail/mailboxes',
      as,
      mailbox(smtp.port, { fromAddress: 'not-an-address' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.field).toBe('fromAddress');
  });

  it('a rep cannot add a mailbox', async () => {
    const rep = await ws.member('rep');
    const res = await t.request('POST', '/api/v1/mail/mailboxes', rep, mailbox(smtp.port));
    expect(res.status).toBe(403);
  });
});

describe('compose and delivery', () => {
  it('delivers once with the Message-ID fixed before sending, and logs it on the timeline', async () => {
    const id = await contact({ firstName: 'Ada', lastName: 'Byron', email: 'ada@example.test' });
    const idempotencyKey = key();
    const first = await compose(id, { idempotencyKey });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.subject).toBe('Hello Ada');
    const again = await compose(id, { idempotencyKey, subject: 'Something else' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const before = smtp.received.length;
    const tally = await t.services.mail.drain();
    expect(tally.sent).toBe(1);
    expect(smtp.received.length).toBe(before + 1);
    const got = smtp.received.at(-1)!;
    expect(got.parsed.messageId).toBe(first.body.messageId);
    expect(got.parsed.text).toContain('Hi Ada, thanks.');
    expect(got.to).toEqual(['ada@example.test']);

    const row = await t.request('GET', `/api/v1/mail/outbox/${first.body.id}`, as);
    expect(row.body.state).toBe('sent');
    const email = (await timelineOf(id)).find((a) => a.type === 'email_sent')!;
    expect(email.subject).toBe('Hello Ada');
    expect(email.metadata.messageId).toBe(first.body.messageId);
  });

  it('two drainers at once deliver each of 40 messages exactly once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const c = await contact({ firstName: `P${i}`, email: `p${i}@example.test` });
      const res = await compose(c);
      expect(res.status).toBe(201);
      ids.push(res.body.messageId);
    }
    const before = smtp.received.length;
    const [a, b] = await Promise.all([
      t.services.mail.drain({ worker: 'a', batch: 7 }),
      t.services.mail.drain({ worker: 'b', batch: 7 }),
    ]);
    expect(a.sent + b.sent).toBe(40);
    const got = smtp.received.slice(before).map((r) => r.parsed.messageId);
    expect(got.length).toBe(40);
    expect(new Set(got).size).toBe(40);
    expect(new Set(got)).toEqual(new Set(ids));
  });

  it('a message left `sending` by a crashed sender becomes unknown, is not resent, and a person resolves it', async () => {
    const c = await contact({ firstName: 'Crash', email: 'crash@example.test' });
    const res = await compose(c);
    // The drainer claims it and dies before the SMTP conversation ends.
    const claimed = await t.services.mail.repo.claim(mailboxId, clock.now(), 'dead-worker', 10);
    expect(claimed.rows.map((r) => r.id)).toEqual([res.body.id]);
    const before = smtp.received.length;
    expect((await t.services.mail.drain()).swept).toBe(0); // inside its lease: still someone's
    clock.at += 6 * 60_000;
    const tally = await t.services.mail.drain();
    expect(tally.swept).toBe(1);
    expect(smtp.received.length).toBe(before);
    const row = await t.request('GET', `/api/v1/mail/outbox/${res.body.id}`, as);
    expect(row.body.state).toBe('unknown');
    await t.services.mail.drain();
    expect(smtp.received.length).toBe(before);

    const list = await t.request('GET', '/api/v1/mail/outbox?state=unknown', as);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(res.body.id);
    const rep = await ws.member('rep');
    expect(
      (await t.request('POST', `/api/v1/mail/outbox/${res.body.id}/resolve`, rep, { action: 'mark_sent' })).status,
    ).toBe(403);
    const resolved = await t.request('POST', `/api/v1/mail/outbox/${res.body.id}/resolve`, as, {
      action: 'mark_sent',
      note: 'checked: it arrived',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.state).toBe('sent');
    expect(
      (await t.request('POST', `/api/v1/mail/outbox/${res.body.id}/resolve`, as, { action: 'resend' })).status,
    ).toBe(409);
  });

  it('a connection dropped after the message was handed over is unknown; one that never opened is retried', async () => {
    const dropper = await startDroppingSmtp();
    const drop = await t.request(
      'POST',
      '/api/v1/mail/mailboxes',
      as,
      mailbox(dropper.port, {
        name: 'Dropper',
        smtp: { host: '127.0.0.1', port: dropper.port, security: 'none', user: null },
      }),
    );
    const closed = await t.request(
      'POST',
      '/api/v1/mail/mailboxes',
      as,
      mailbox(1, { name: 'Closed port', smtp: { host: '127.0.0.1', port: 1, security: 'none', user: null } }),
    );
    const a = await compose(await contact({ firstName: 'Dee', email: 'dee@example.test' }), {
      mailboxId: drop.body.id,
    });
    const b = await compose(await contact({ firstName: 'Cee', email: 'cee@example.test' }), {
      mailboxId: closed.body.id,
    });
    const tally = await t.services.mail.drain();
    expect(dropper.state.received).toBe(1);
    expect(tally.unknown).toBe(1);
    expect((await t.request('GET', `/api/v1/mail/outbox/${a.body.id}`, as)).body.state).toBe('unknown');
    const retried = (await t.request('GET', `/api/v1/mail/outbox/${b.body.id}`, as)).body;
    expect(retried.state).toBe('queued');
    expect(retried.lastError).toMatch(/Could not connect to 127\.0\.0\.1:1/);
    clock.at += 2 * 3_600_000;
    await t.services.mail.drain();
    expect(dropper.state.received).toBe(1); // never resent on its own
    await t.request('DELETE', `/api/v1/mail/mailboxes/${drop.body.id}`, as);
    await t.request('DELETE', `/api/v1/mail/mailboxes/${closed.body.id}`, as);
    await dropper.stop();
  });

  it('never mails a suppressed or do-not-contact contact', async () => {
    const dnc = await contact({ firstName: 'No', email: 'no@example.test', doNotContact: true });
    const refused = await compose(dnc);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/do-not-contact/);

    // Suppressed after it was queued: checked again just before sending.
    const later = await contact({ firstName: 'Later', email: 'later@example.test' });
    const queued = await compose(later);
    expect(queued.status).toBe(201);
    await t.request('PATCH', `/api/v1/contacts/${later}`, as, { doNotContact: true });
    const before = smtp.received.length;
    const tally = await t.services.mail.drain();
    expect(tally.cancelled).toBe(1);
    expect(smtp.received.length).toBe(before);
    expect((await t.request('GET', `/api/v1/mail/outbox/${queued.body.id}`, as)).body.state).toBe('cancelled');
  });

  it('retries a 4xx later and records a 5xx recipient refusal as failed and suppressed', async () => {
    const busy = await compose(await contact({ email: 'busy@example.test', firstName: 'Busy' }));
    const nobody = await compose(await contact({ email: 'nobody@example.test', firstName: 'Nobody' }));
    const tally = await t.services.mail.drain();
    expect(tally.retried).toBe(1);
    expect(tally.failed).toBe(1);
    const b = (await t.request('GET', `/api/v1/mail/outbox/${busy.body.id}`, as)).body;
    expect(b.state).toBe('queued');
    expect(new Date(b.sendAfter).getTime()).toBeGreaterThan(clock.now().getTime());
    const n = (await t.request('GET', `/api/v1/mail/outbox/${nobody.body.id}`, as)).body;
    expect(n.state).toBe('failed');
    expect(n.lastError).toMatch(/550/);
    const sup = await t.request('GET', '/api/v1/mail/suppressions', as);
    expect(sup.body.data.find((s: { address: string }) => s.address === 'nobody@example.test')?.reason).toBe(
      'hard_bounce',
    );
  });

  it('keeps to the rolling 24 h cap', async () => {
    const small = await t.request(
      'POST',
      '/api/v1/mail/mailboxes',
      as,
      mailbox(smtp.port, { name: 'Small', dailyCap: 2 }),
    );
    for (let i = 0; i < 3; i++)
      await compose(await contact({ email: `cap${i}@example.test`, firstName: 'Cap' }), { mailboxId: small.body.id });
    const tally = await t.services.mail.drain();
    expect(tally.sent).toBe(2);
    const left = await t.services.mail.repo.listOutbox(ws.id, { states: ['queued'], limit: 50 });
    expect(left.filter((r) => r.mailboxId === small.body.id).length).toBe(1);
    clock.at += 24 * 3_600_000 + 60_000;
    expect((await t.services.mail.drain()).sent).toBeGreaterThanOrEqual(1);
    await t.request('DELETE', `/api/v1/mail/mailboxes/${small.body.id}`, as);
  });
});

describe('for the modules that queue mail (sequences)', () => {
  it("queues by dedupe key in the caller's transaction, re-checks the source's own rule before sending, and cancels", async () => {
    const c = await contact({ firstName: 'Seq', email: 'seq@example.test' });
    const mail = t.services.mail;
    const queue = (step: number) =>
      t.database.db.transaction((tx) =>
        mail.enqueue(tx, ws.actor, {
          workspaceId: ws.id,
          mailboxId,
          contactId: c,
          dedupeKey: `seq:enrolment-1:${step}:A`,
          kind: 'transactional',
          source: 'sequence',
          sourceRef: { enrolmentId: 'enrolment-1', step, variant: 'A' },
          toAddress: 'seq@example.test',
          rendered: { subject: `Step ${step}`, html: '', text: 'x' },
          sendAfter: clock.now(),
        }),
      );
    const first = await queue(1);
    expect((await queue(1)).row.id).toBe(first.row.id); // a re-run step finds its message
    const second = await queue(2);
    const third = await queue(3);
    mail.registerSendCheck('sequence', async (row) =>
      row.sourceRef.step === 2 ? 'the enrolment ended (replied)' : null,
    );
    expect(
      await t.database.db.transaction((tx) => mail.cancelQueued(tx, ws.actor, [third.row.id], 'enrolment exited')),
    ).toBe(1);
    const before = smtp.received.length;
    await mail.drain();
    expect(smtp.received.slice(before).map((r) => r.parsed.subject)).toEqual(['Step 1']);
    const states = await Promise.all(
      [first, second, third].map(async (q) => (await t.request('GET', `/api/v1/mail/outbox/${q.row.id}`, as)).body),
    );
    expect(states.map((s) => s.state)).toEqual(['sent', 'cancelled', 'cancelled']);
    expect(states[1].lastError).toMatch(/the enrolment ended/);
    mail.registerSendCheck('sequence', async () => null);
  });
});

describe('workspace isolation and roles', () => {
  it("another workspace sees none of this workspace's mailboxes or messages, and a viewer sends nothing", async () => {
    const c = await contact({ firstName: 'Iso', email: 'iso@example.test' });
    const queued = await compose(c);
    const other = await t.workspace('Other shop');
    expect((await t.request('GET', '/api/v1/mail/mailboxes', other.owner)).body.data).toEqual([]);
    expect((await t.request('GET', `/api/v1/mail/outbox/${queued.body.id}`, other.owner)).status).toBe(404);
    expect((await t.request('GET', '/api/v1/mail/outbox', other.owner)).body.data).toEqual([]);
    expect(
      (await t.request('POST', `/api/v1/mail/mailboxes/${mailboxId}/test`, other.owner, { to: 'x@example.test' }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.request('POST', '/api/v1/mail/messages', other.owner, {
          contactId: c,
          idempotencyKey: key(),
          subject: 'x',
          bodyText: 'x',
        })
      ).status,
    ).toBe(404);
    const viewer = await ws.member('viewer');
    expect(
      (
        await t.request('POST', '/api/v1/mail/messages', viewer, {
          contactId: c,
          idempotencyKey: key(),
          subject: 'x',
          bodyText: 'x',
        })
      ).status,
    ).toBe(403);
    await t.services.mail.drain();
  });
});

describe('templates', () => {
  it('refuses unknown fields and broken syntax with a 400 naming the problem', async () => {
    const c = await contact({ firstName: 'Tem', email: 'tem@example.test' });
    const unknown = await compose(c, { bodyText: 'Hi {{ contact.favourite_colour }}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/unknown merge field "contact\.favourite_colour"/);
    expect(unknown.body.error.details.field).toBe('bodyText');
    const broken = await compose(c, { subject: 'Hi {{ contact.first_name ', bodyText: 'x' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.field).toBe('subject');
    const saved = await t.request('POST', '/api/v1/mail/templates', as, {
      name: 'Bad',
      kind: 'transactional',
      subject: 'x',
      bodyHtml: '',
      bodyText: '{% if %}',
    });
    expect(saved.status).toBe(400);
  });

  it('never sends with a missing merge value', async () => {
    const c = await contact({ email: 'noname@example.test' });
    const res = await compose(c, { bodyText: 'Dear {{ contact.first_name }}' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/\{\{ contact\.first_name \}\} has no value/);
    const ok = await compose(c, { bodyText: 'Dear {{ contact.first_name | default: "there" }}' });
    expect(ok.status).toBe(201);
    expect(ok.body.bodyText).toBe('Dear there');
  });

  it('a marketing template needs the unsubscribe link and the postal address; marketing mail carries RFC 8058 headers', async () => {
    const missing = await t.request('POST', '/api/v1/mail/templates', as, {
      name: 'Promo',
      kind: 'marketing',
      subject: 'Sale',
      bodyHtml: '<p>Sale</p>',
      bodyText: 'Sale',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/unsubscribe_url/);
    const body = {
      name: 'Promo',
      kind: 'marketing',
      subject: 'Sale for {{ contact.first_name | default: "you" }}',
      bodyHtml: '<p>Sale</p><a href="{{ unsubscribe_url }}">Unsubscribe</a> {{ postal_address }}',
      bodyText: 'Sale\nUnsubscribe: {{ unsubscribe_url }}\n{{ postal_address }}',
    };
    const tpl = await t.request('POST', '/api/v1/mail/templates', as, body);
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);

    const c = await contact({
      firstName: 'Mark',
      email: 'mark@example.test',
      country: 'US',
      consentMarketingEmail: 'granted',
    });
    const noAddress = await compose(c, { templateId: tpl.body.id, subject: undefined, bodyText: undefined });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.message).toMatch(/postal address/);
    expect(
      (
        await t.request('PUT', '/api/v1/mail/settings', as, {
          postalAddress: '1 High Street, Springfield',
          marketingOptIn: 'eu',
        })
      ).status,
    ).toBe(200);

    const eu = await contact({ firstName: 'Eva', email: 'eva@example.test', country: 'DE' });
    const noOptIn = await compose(eu, { templateId: tpl.body.id, subject: undefined, bodyText: undefined });
    expect(noOptIn.status).toBe(400);
    expect(noOptIn.body.error.message).toMatch(/opt-in/);

    const queued = await compose(c, { templateId: tpl.body.id, subject: undefined, bodyText: undefined });
    expect(queued.status, JSON.stringify(queued.body)).toBe(201);
    await t.services.mail.drain();
    const got = smtp.received.find((r) => r.parsed.messageId === queued.body.messageId)!;
    expect(got.parsed.text).toContain('1 High Street, Springfield');
    expect(got.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    const link = /<(https:\/\/crm\.shop\.test[^>]+)>/.exec(got.raw.replace(/\r\n\s+/g, ''))![1]!;
    const path = link.replace('https://crm.shop.test', '');

    // One-click (RFC 8058), no session: the address goes on the suppression list.
    expect((await t.request('POST', path.replace(/.$/, 'x'))).status).toBe(400);
    const unsub = await t.request('POST', path);
    expect(unsub.status).toBe(200);
    const again = await compose(c, { templateId: tpl.body.id, subject: undefined, bodyText: undefined });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/suppression list \(unsubscribed\)/);
    // One-to-one business email still reaches someone who left the marketing list.
    expect((await compose(c)).status).toBe(201);
  });
});
