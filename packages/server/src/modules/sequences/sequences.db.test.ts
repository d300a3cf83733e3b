import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { startSmtp } from '../../testing/smtp';

// Monday 1 June 2026, 15:00 UTC = 11:00 in New York (the zone of the US contacts): inside the default window.
const start = new Date('2026-06-01T15:00:00.000Z');
const clock = { at: start.getTime(), now: () => new Date(clock.at) };
const DAY = 86_400_000;

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let as: { token: string };
let mailboxId: string;
let n = 0;

async function contact(values: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/api/v1/contacts', as, {
    firstName: 'Ada',
    lastName: `Buyer${++n}`,
    email: `ada${n}@client.test`,
    country: 'US',
    consentMarketingEmail: 'granted',
    ...values,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
const email = (subject: string, body: string, extra: Record<string, unknown> = {}) => ({
  kind: 'email',
  email: {
    kind: 'marketing',
    variants: [
      {
        key: 'A',
        subject,
        bodyText: `${body}\n{{ postal_address }}\nUnsubscribe: {{ unsubscribe_url }}`,
        weight: 1,
      },
    ],
  },
  ...extra,
});
async function sequence(steps: unknown[], over: Record<string, unknown> = {}) {
  const created = await t.request('POST', '/api/v1/sequences', as, { name: `Seq ${++n}`, mailboxId, ...over });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const put = await t.request('PUT', `/api/v1/sequences/${id}/steps`, as, { steps });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  // All in the holdout: these tests are about the rules, not the send-time model (which aims at a learnt hour).
  const act = await t.request('PATCH', `/api/v1/sequences/${id}`, as, {
    status: 'active',
    settings: { holdoutShare: 1 },
  });
  expect(act.status, JSON.stringify(act.body)).toBe(200);
  return id;
}
const run = async () => {
  const steps = await t.services.sequences.run();
  const mail = await t.services.mail.drain();
  if (process.env.SEQ_DEBUG) console.log(JSON.stringify({ steps, mail }));
  return mail;
};
const sentTo = (address: string) => smtp.received.filter((r) => r.to.includes(address));

beforeAll(async () => {
  t = await createTestApp({
    clock,
    env: {
      PIPEWISE_SECRET: 'test-secret-0123456789abcdef',
      PIPEWISE_JOBS: 'off',
      PIPEWISE_PUBLIC_URL: 'https://crm.test',
    },
  });
  smtp = await startSmtp();
  ws = await t.workspace('Sequence shop');
  as = ws.owner;
  const mb = await t.request('POST', '/api/v1/mail/mailboxes', as, {
    name: 'Shop',
    fromName: 'The Shop',
    fromAddress: 'hello@shop.test',
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    dailyCap: 5000,
    perMinute: 5000,
  });
  expect(mb.status, JSON.stringify(mb.body)).toBe(201);
  mailboxId = mb.body.id;
  const s = await t.request('PUT', '/api/v1/mail/settings', as, {
    postalAddress: '1 Shop St, Springfield',
    marketingOptIn: 'eu',
  });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
});
afterAll(async () => {
  await smtp?.stop();
  await t?.dispose();
});

describe('sequences', () => {
  // Each test starts on the same Monday (sessions and earlier tests' clocks stay out of the way); contacts differ.
  beforeEach(() => {
    clock.at = start.getTime();
  });
  it('a new workspace approves every email; approve → sent, follow-up in the same thread', async () => {
    const id = await sequence([
      email('Hello {{ contact.first_name }}', 'Hi {{ contact.first_name }}, welcome.'),
      { kind: 'wait', wait: { amount: 3, unit: 'days' } },
      email('ignored', 'Just checking in, {{ contact.first_name }}.'),
    ]);
    const detail = await t.request('GET', `/api/v1/sequences/${id}`, as);
    expect(detail.body.approvalMode).toBe('every');
    const c = await contact();
    const enrol = await t.request('POST', `/api/v1/sequences/${id}/enrolments`, as, { contactIds: [c, c] });
    expect(enrol.body).toMatchObject({ enrolled: 1 });
    const again = await t.request('POST', `/api/v1/sequences/${id}/enrolments`, as, { contactIds: [c] });
    expect(again.body.skipped[0].reason).toMatch(/already/);
    await run();
    const address = `ada${n}@client.test`;
    expect(sentTo(address)).toHaveLength(0);
    const queue = await t.request('GET', '/api/v1/sequences/approvals', as);
    const mine = queue.body.items.filter((i: { contactId: string }) => i.contactId === c);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ reason: 'approval_mode', subject: 'Hello Ada', missingFields: [] });
    const ok = await t.request('POST', `/api/v1/sequences/approvals/${mine[0].id}/approve`, as, {});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    await run();
    expect(sentTo(address)).toHaveLength(1);
    const first = sentTo(address)[0]!.parsed;
    expect(first.subject).toBe('Hello Ada');
    // Three days later (the frequency cap's spacing) the follow-up waits for approval too, then goes out as a reply
    // in the same thread.
    clock.at += 3 * DAY + 60_000;
    await run();
    const q2 = (await t.request('GET', '/api/v1/sequences/approvals', as)).body.items.filter(
      (i: { contactId: string }) => i.contactId === c,
    );
    expect(q2).toHaveLength(1);
    await t.request('POST', '/api/v1/sequences/approvals/approve', as, { ids: [q2[0].id] });
    await run();
    expect(sentTo(address)).toHaveLength(2);
    const second = sentTo(address)[1]!.parsed;
    expect(second.subject).toBe('Re: Hello Ada');
    expect(second.inReplyTo).toBe(first.messageId);
    expect(second.references).toContain(first.messageId!);
    await run();
    const list = await t.request('GET', `/api/v1/sequences/${id}/enrolments`, as);
    expect(list.body.items[0]).toMatchObject({ status: 'completed', contactId: c });
    const a = await t.request('GET', `/api/v1/sequences/${id}/analytics`, as);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.totals).toMatchObject({ enrolled: 1, completed: 1 });
    expect(a.body.steps.map((s: { variants: { sent: number }[] }) => s.variants[0]?.sent)).toEqual([1, 1]);
  });

  it('a missing merge value waits for approval naming the field, never sends broken', async () => {
    // Only the owner may stop approving every email in a new workspace.
    const id = await sequence([email('Hi {{ contact.first_name }}', 'About {{ contact.company }}.')], {
      approvalMode: 'none',
    });
    const c = await contact({ firstName: 'Bo' });
    await t.request('POST', `/api/v1/sequences/${id}/enrolments`, as, { contactIds: [c] });
    await run();
    const item = (await t.request('GET', '/api/v1/sequences/approvals', as)).body.items.find(
      (i: { contactId: string }) => i.contactId === c,
    );
    expect(item).toMatchObject({ reason: 'missing_merge_value', missingFields: ['contact.company'] });
    expect(sentTo(`ada${n}@client.test`)).toHaveLength(0);
    const still = await t.request('POST', `/api/v1/sequences/approvals/${item.id}/approve`, as, {});
    expect(still.status).toBe(400);
    expect(still.body.error.message).toMatch(/contact\.company/);
    const fixed = await t.request('POST', `/api/v1/sequences/approvals/${item.id}/approve`, as, {
      bodyText: 'About {{ contact.company | default: "your shop" }}.\n{{ postal_address }} {{ unsubscribe_url }}',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    await run();
    expect(sentTo(`ada${n}@client.test`)[0]!.parsed.text).toContain('About your shop.');
  });

  it('a reply exits; an out-of-office pauses; a bounce exits; suppression skips and exits', async () => {
    const id = await sequence(
      [
        email('One {{ contact.first_name }}', 'First.'),
        { kind: 'wait', wait: { amount: 1, unit: 'business_days' } },
        email('Two', 'Second.'),
      ],
      { approvalMode: 'none' },
    );
    const replier = await contact();
    const ooo = await contact();
    const bouncer = await contact();
    const optedOut = await contact({ consentMarketingEmail: 'denied' });
    const enrol = await t.request('POST', `/api/v1/sequences/${id}/enrolments`, as, {
      contactIds: [replier, ooo, bouncer, optedOut],
    });
    expect(enrol.body.enrolled).toBe(3);
    expect(enrol.body.skipped).toEqual([{ contactId: optedOut, reason: expect.stringMatching(/not contactable/) }]);
    await run();
    const outbox = await t.services.mail.listOutbox(ws.actor, { states: ['sent'], limit: 500 });
    const sentRow = (contactId: string) => outbox.find((r) => r.contactId === contactId)!;
    const at = clock.now();
    await t.services.mail.notifyInbound({ kind: 'reply', outbox: sentRow(replier), from: 'x', at });
    await t.services.mail.notifyInbound({ kind: 'auto_reply', outbox: sentRow(ooo), from: 'x', at });
    await t.services.mail.notifyInbound({ kind: 'bounce', outbox: sentRow(bouncer), from: 'x', at });
    const status = async () =>
      Object.fromEntries(
        (await t.request('GET', `/api/v1/sequences/${id}/enrolments`, as)).body.items.map(
          (e: { contactId: string; status: string; exitReason: string | null }) => [
            e.contactId,
            `${e.status}:${e.exitReason}`,
          ],
        ),
      );
    expect(await status()).toEqual({
      [replier]: 'exited:replied',
      [ooo]: 'paused:out_of_office',
      [bouncer]: 'exited:hard_bounce',
    });
    // The next business day: nothing goes to the replier or the bouncer; the OOO contact still waits.
    const before = smtp.received.length;
    clock.at += 2 * DAY;
    await run();
    expect(smtp.received.length).toBe(before);
    // After the pause it goes on (within the caps: the second email waits for the 3-day spacing).
    clock.at += 5 * DAY;
    await run();
    expect(await status()).toMatchObject({ [ooo]: 'completed:null' });
    const ana = await t.request('GET', `/api/v1/sequences/${id}/analytics`, as);
    const first = ana.body.steps[0].variants[0];
    expect(first).toMatchObject({ sent: 3, replied: 1, bounced: 1, delivered: 2 });
  });

  it('a contact who withdraws consent leaves the sequence before the next email', async () => {
    const id = await sequence(
      [email('One', 'First.'), { kind: 'wait', wait: { amount: 3, unit: 'days' } }, email('Two', 'Second.')],
      { approvalMode: 'none' },
    );
    const c = await contact();
    await t.request('POST', `/api/v1/sequences/${id}/enrolments`, as, { contactIds: [c] });
    await run();
    const address = `ada${n}@client.test`;
    expect(sentTo(address)).toHaveLength(1);
    const withdrawn = await t.request('POST', `/api/v1/contacts/${c}/privacy/consent`, as, {
      purpose: 'marketing_email',
      state: 'denied',
      reason: 'asked on the phone',
    });
    expect([200, 201]).toContain(withdrawn.status);
    clock.at += 4 * DAY;
    await run();
    expect(sentTo(address)).toHaveLength(1);
    const e = (await t.request('GET', `/api/v1/sequences/${id}/enrolments`, as)).body.items[0];
    expect(e).toMatchObject({ status: 'exited', exitReason: 'consent_withdrawn' });
  });

  it('never more than the frequency cap across sequences', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await sequence([email(`S${i}`, 'Hello.')], { approvalMode: 'none' }));
    const c = await contact();
    for (const id of ids) await t.request('POST', `/api/v1/sequences/${id}/enrolments`, as, { contactIds: [c] });
    const address = `ada${n}@client.test`;
    await run();
    expect(sentTo(address)).toHaveLength(1);
    clock.at += DAY;
    await run();
    expect(sentTo(address)).toHaveLength(1);
    clock.at += 3 * DAY;
    await run();
    expect(sentTo(address).length).toBeLessThanOrEqual(2);
    const times = sentTo(address).map((r) => r.parsed.date!.getTime());
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(3 * DAY);
  });

  it('names bad input', async () => {
    const created = await t.request('POST', '/api/v1/sequences', as, { name: 'Bad' });
    const id = created.body.id;
    const bad = await t.request('PUT', `/api/v1/sequences/${id}/steps`, as, {
      steps: [
        { kind: 'email', email: { kind: 'marketing', variants: [{ key: 'A', subject: 'x', bodyText: 'no footer' }] } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/unsubscribe_url/);
    const noWait = await t.request('PUT', `/api/v1/sequences/${id}/steps`, as, { steps: [{ kind: 'wait' }] });
    expect(noWait.status).toBe(400);
    expect(noWait.body.error.details.field).toBe('steps.0.wait');
    const win = await t.request('PATCH', `/api/v1/sequences/${id}`, as, {
      settings: { sendWindow: { days: [1], start: '18:00', end: '08:00' } },
    });
    expect(win.status).toBe(400);
    const empty = await t.request('PATCH', `/api/v1/sequences/${id}`, as, { status: 'active' });
    expect(empty.status).toBe(400);
  });
});
