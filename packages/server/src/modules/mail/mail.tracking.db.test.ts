import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../testing/harness';
import { startSmtp } from '../../testing/smtp';

const clock = { at: new Date('2026-06-01T12:00:00.000Z').getTime(), now: () => new Date(clock.at) };
const BASE = 'https://crm.shop.test';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let keySeq = 0;

async function contact(values: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/contacts', ws.owner, values);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
/** Composes an HTML email, sends it and answers what arrived at the SMTP server. */
async function sendHtml(contactId: string, bodyHtml: string) {
  const res = await t.request('POST', '/api/v1/mail/messages', ws.owner, {
    contactId,
    idempotencyKey: `tracking-${++keySeq}`,
    subject: 'Our new range',
    bodyText: 'See https://shop.test/range',
    bodyHtml,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.services.mail.drain();
  const got = smtp.received.find((r) => r.parsed.messageId === res.body.messageId);
  expect(got).toBeTruthy();
  return { outboxId: res.body.id as string, html: String(got!.parsed.html) };
}
const trackedLinks = (html: string) =>
  [...html.matchAll(/href="(https:\/\/crm\.shop\.test\/t\/c\/[^"]+)"/g)].map((m) => m[1]!);
const timeline = async (contactId: string) =>
  (await t.services.activities.forContact(ws.actor, contactId)) as unknown as {
    type: string;
    metadata: Record<string, unknown>;
  }[];

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: { PIPEWISE_SECRET: 'tracking-secret-0123456789', PIPEWISE_JOBS: 'off', PIPEWISE_PUBLIC_URL: BASE },
  });
  smtp = await startSmtp();
  ws = await t.workspace('Tracking shop');
  const box = await t.request('POST', '/api/v1/mail/mailboxes', ws.owner, {
    name: 'Shop',
    fromName: 'The Shop',
    fromAddress: 'hello@shop.test',
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    perMinute: 10_000,
  });
  expect(box.status, JSON.stringify(box.body)).toBe(201);
});
afterAll(async () => {
  await smtp?.stop();
  await t?.dispose();
});

describe('click tracking', () => {
  it('rewrites links to signed redirects that record the click and lead to the original address', async () => {
    const c = await contact({ firstName: 'Cleo', email: 'cleo@example.test', country: 'US' });
    const { outboxId, html } = await sendHtml(
      c,
      '<p>Hello</p><a href="https://shop.test/range?a=1&amp;b=2">Range</a> <a href="mailto:x@shop.test">Mail us</a>',
    );
    const links = trackedLinks(html);
    expect(links).toHaveLength(1);
    expect(html).toContain('href="mailto:x@shop.test"'); // not a web link: left alone
    expect(html).not.toContain('/t/o/'); // the open pixel is off by default
    // The stored message keeps the original link.
    expect((await t.request('GET', `/api/v1/mail/outbox/${outboxId}`, ws.owner)).body.bodyText).toContain(
      'https://shop.test/range',
    );

    const path = links[0]!.replace(BASE, '');
    const res = await t.request('GET', path); // no session: a reader's mail client
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.test/range?a=1&b=2');
    await t.request('GET', path);

    const events = await t.request('GET', `/api/v1/mail/outbox/${outboxId}/events`, ws.owner);
    expect(events.status).toBe(200);
    expect(events.body.data.map((e: { kind: string; url: string }) => [e.kind, e.url])).toEqual([
      ['click', 'https://shop.test/range?a=1&b=2'],
      ['click', 'https://shop.test/range?a=1&b=2'],
    ]);
    // The first click on a link goes on the contact's timeline once.
    const clicked = (await timeline(c)).filter((a) => a.type === 'email_clicked');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.metadata).toMatchObject({ outboxId, url: 'https://shop.test/range?a=1&b=2' });
  });

  it('never redirects where our email did not point: a forged or altered token is a 400', async () => {
    const c = await contact({ firstName: 'Fay', email: 'fay@example.test', country: 'US' });
    const { outboxId, html } = await sendHtml(c, '<a href="https://shop.test/a">A</a>');
    const token = trackedLinks(html)[0]!.split('/t/c/')[1]!;
    const [wsId, id, target, sig] = token.split('.');
    const evil = Buffer.from('https://evil.test/phish').toString('base64url');
    for (const bad of [
      `${wsId}.${id}.${evil}.${sig}`, // another target with the old signature
      `${wsId}.${id}.${target}.${sig!.slice(0, -2)}xx`, // an altered signature
      `${wsId}.${id}.${target}`, // no signature
      'not-a-token',
    ]) {
      const res = await t.request('GET', `/t/c/${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    expect((await t.request('GET', `/api/v1/mail/outbox/${outboxId}/events`, ws.owner)).body.data).toEqual([]);
    // Arbitrary tokens never redirect and never answer 500 ("." and ".." are other paths: 404).
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9._-]{1,200}$/), async (s) => {
        const res = await t.request('GET', `/t/c/${s}`);
        expect(res.headers.get('location'), s).toBeNull();
        expect([400, 404], s).toContain(res.status);
      }),
      { numRuns: 50 },
    );
  });

  it('a tracked link of one workspace cannot be read in another', async () => {
    const c = await contact({ firstName: 'Ola', email: 'ola@example.test', country: 'US' });
    const { outboxId } = await sendHtml(c, '<a href="https://shop.test/b">B</a>');
    const other = await t.workspace('Another shop');
    expect((await t.request('GET', `/api/v1/mail/outbox/${outboxId}/events`, other.owner)).status).toBe(404);
  });
});

describe('the open pixel', () => {
  it('is added only after the workspace turns it on, and records the first open on the timeline', async () => {
    const settings = await t.request('GET', '/api/v1/mail/settings', ws.owner);
    expect(settings.body.trackOpens).toBe(false);
    const on = await t.request('PUT', '/api/v1/mail/settings', ws.owner, {
      postalAddress: '',
      marketingOptIn: 'eu',
      trackOpens: true,
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body.trackOpens).toBe(true);

    const c = await contact({ firstName: 'Oscar', email: 'oscar@example.test', country: 'US' });
    const { outboxId, html } = await sendHtml(c, '<html><body><p>Hi</p></body></html>');
    const pixel = /src="https:\/\/crm\.shop\.test(\/t\/o\/[^"]+)"/.exec(html)?.[1];
    expect(pixel).toBeTruthy();
    expect(html.indexOf('/t/o/')).toBeLessThan(html.indexOf('</body>'));
    for (let i = 0; i < 3; i++) {
      const res = await t.request('GET', pixel!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
    }
    expect((await t.request('GET', `${pixel!.slice(0, -3)}abc`)).status).toBe(400);
    const events = await t.request('GET', `/api/v1/mail/outbox/${outboxId}/events`, ws.owner);
    expect(events.body.data.map((e: { kind: string }) => e.kind)).toEqual(['open', 'open', 'open']);
    expect((await timeline(c)).filter((a) => a.type === 'email_opened')).toHaveLength(1);

    // Leaving trackOpens out of a settings change keeps it; turning it off removes the pixel from the next email.
    await t.request('PUT', '/api/v1/mail/settings', ws.owner, { postalAddress: 'x', marketingOptIn: 'eu' });
    expect((await t.request('GET', '/api/v1/mail/settings', ws.owner)).body.trackOpens).toBe(true);
    await t.request('PUT', '/api/v1/mail/settings', ws.owner, {
      postalAddress: '',
      marketingOptIn: 'eu',
      trackOpens: false,
    });
    expect((await sendHtml(c, '<p>Again</p>')).html).not.toContain('/t/o/');
  });
});
