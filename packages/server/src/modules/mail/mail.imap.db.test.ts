import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { createTestApp, type TestApp } from '../../testing/harness';
import { startSmtp } from '../../testing/smtp';
import { startDovecot } from '../../testing/dovecot';

const clock = { at: new Date('2026-06-01T12:00:00.000Z').getTime(), now: () => new Date(clock.at) };
const IMAP_USER = 'hello@shop.test';
const IMAP_PASSWORD = 'imap-secret';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let imap: Awaited<ReturnType<typeof startDovecot>>;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let mailboxId: string;

/** Puts a message into the mailbox's INBOX, as a mail server delivering it would. */
async function deliverToInbox(raw: string) {
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: false,
    auth: { user: IMAP_USER, pass: IMAP_PASSWORD },
    logger: false,
  });
  await client.connect();
  await client.append('INBOX', raw.replace(/\r?\n/g, '\r\n'));
  await client.logout();
}

type TimelineEntry = { type: string; body: string; metadata: Record<string, unknown> };
const timelineOf = async (contactId: string) =>
  (await t.services.activities.forContact(ws.actor, contactId)) as unknown as TimelineEntry[];

async function sendTo(email: string, firstName: string) {
  const c = await t.request('POST', '/api/v1/contacts', ws.owner, { firstName, email });
  const sent = await t.request('POST', '/api/v1/mail/messages', ws.owner, {
    contactId: c.body.id,
    idempotencyKey: `imap-${email}`,
    subject: 'Our offer',
    bodyText: 'Hello {{ contact.first_name }}',
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  await t.services.mail.drain();
  return { contactId: c.body.id as string, messageId: sent.body.messageId as string, outboxId: sent.body.id as string };
}

beforeAll(async () => {
  t = await createTestApp({ clock, env: { PIPEWISE_SECRET: 'test-secret-0123456789abcdef', PIPEWISE_JOBS: 'off' } });
  smtp = await startSmtp();
  imap = await startDovecot([{ user: IMAP_USER, password: IMAP_PASSWORD }]);
  ws = await t.workspace('Imap shop');
  const res = await t.request('POST', '/api/v1/mail/mailboxes', ws.owner, {
    name: 'Shop',
    fromName: 'The Shop',
    fromAddress: IMAP_USER,
    smtp: { host: smtp.host, port: smtp.port, security: 'none', user: null },
    imap: { host: imap.host, port: imap.port, tls: false, user: IMAP_USER, password: IMAP_PASSWORD },
    perMinute: 1000,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  mailboxId = res.body.id;
}, 30_000);
afterAll(async () => {
  await imap?.stop();
  await smtp?.stop();
  await t?.dispose();
});

describe('replies over IMAP (a real dovecot)', () => {
  it('files a reply in the thread on the contact timeline, recognises an auto-reply, and suppresses a hard bounce', async () => {
    const ada = await sendTo('ada@example.test', 'Ada');
    const bob = await sendTo('bob@example.test', 'Bob');
    const cyd = await sendTo('cyd@example.test', 'Cyd');

    await deliverToInbox(`From: Ada <ada@example.test>
To: hello@shop.test
Subject: Re: Our offer
Message-ID: <reply-1@example.test>
In-Reply-To: ${ada.messageId}
References: ${ada.messageId}
Date: Mon, 01 Jun 2026 13:00:00 +0000

Yes please, call me tomorrow.
`);
    await deliverToInbox(`From: Bob <bob@example.test>
To: hello@shop.test
Subject: Out of office: Our offer
Auto-Submitted: auto-replied
Message-ID: <ooo-1@example.test>
In-Reply-To: ${bob.messageId}
Date: Mon, 01 Jun 2026 13:01:00 +0000

I am away until Monday.
`);
    await deliverToInbox(`From: Mail Delivery System <MAILER-DAEMON@mx.example.test>
To: hello@shop.test
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn-1@mx.example.test>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"
Date: Mon, 01 Jun 2026 13:02:00 +0000

--b1
Content-Type: text/plain

Your message could not be delivered.
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.test

Final-Recipient: rfc822; cyd@example.test
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--b1
Content-Type: text/rfc822-headers

From: The Shop <hello@shop.test>
To: cyd@example.test
Subject: Our offer
Message-ID: ${cyd.messageId}
--b1--
`);
    await deliverToInbox(`From: someone@else.test
To: hello@shop.test
Subject: Unrelated
Message-ID: <unrelated@else.test>

Not about anything we sent.
`);

    const events: string[] = [];
    t.services.mail.onInbound(async (e) => void events.push(`${e.kind}:${e.outbox.toAddress}`));
    const polled = await t.request('POST', `/api/v1/mail/mailboxes/${mailboxId}/poll`, ws.owner);
    expect(polled.status, JSON.stringify(polled.body)).toBe(200);
    expect(events.sort()).toEqual(['auto_reply:bob@example.test', 'bounce:cyd@example.test', 'reply:ada@example.test']);
    expect(polled.body).toEqual({ read: 4, filed: 3 });

    const adaTimeline = await timelineOf(ada.contactId);
    const reply = adaTimeline.find((a) => a.type === 'email_replied')!;
    expect(reply.body).toContain('call me tomorrow');
    expect(reply.metadata.threadId).toBe(ada.messageId);
    expect(reply.metadata.autoReply).toBe(false);
    const sent = adaTimeline.find((a) => a.type === 'email_sent')!;
    expect(sent.metadata.threadId).toBe(reply.metadata.threadId);

    const bobReply = (await timelineOf(bob.contactId)).find((a) => a.type === 'email_replied')!;
    expect(bobReply.metadata.autoReply).toBe(true);

    const inbound = await t.request('GET', '/api/v1/mail/inbound', ws.owner);
    expect(inbound.body.data.map((r: { kind: string }) => r.kind).sort()).toEqual(['auto_reply', 'bounce', 'reply']);
    const sup = await t.request('GET', '/api/v1/mail/suppressions', ws.owner);
    expect(sup.body.data.find((s: { address: string }) => s.address === 'cyd@example.test')?.reason).toBe(
      'hard_bounce',
    );

    // The next poll starts after the last UID read: nothing is filed twice.
    const again = await t.request('POST', `/api/v1/mail/mailboxes/${mailboxId}/poll`, ws.owner);
    expect(again.body).toEqual({ read: 0, filed: 0 });
  }, 60_000);

  it('says clearly when the IMAP server refuses the login', async () => {
    const res = await t.request('POST', '/api/v1/mail/mailboxes', ws.owner, {
      name: 'Bad IMAP',
      fromName: 'x',
      fromAddress: 'x@shop.test',
      smtp: { host: smtp.host, port: smtp.port, security: 'none', user: null },
      imap: { host: imap.host, port: imap.port, tls: false, user: IMAP_USER, password: 'wrong' },
    });
    const polled = await t.request('POST', `/api/v1/mail/mailboxes/${res.body.id}/poll`, ws.owner);
    expect(polled.status).toBe(400);
    expect(polled.body.error.message).toMatch(/refused the login for hello@shop\.test/);
  }, 30_000);
});
