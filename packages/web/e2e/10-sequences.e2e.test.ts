import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiGet, apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure, unique } from './helpers';
import { startSmtp } from '../../server/src/testing/smtp';
import { startDovecot } from '../../server/src/testing/dovecot';

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true });
};
const IMAP_PASSWORD = 'imap-e2e-secret';
type Approval = { id: string; contactId: string; subject: string };
type Enrolment = { contactId: string; status: string; exitReason: string | null };

describe('sequences: build, enrol, approve, deliver, exit on reply', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let imap: Awaited<ReturnType<typeof startDovecot>>;
  const tag = unique('Seq');
  const from = `${tag.toLowerCase()}@e2e-coffee.test`;

  /** Puts a message into the mailbox's INBOX, as the contact's mail server answering would. */
  async function deliverToInbox(raw: string) {
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: false,
      auth: { user: from, pass: IMAP_PASSWORD },
      logger: false,
    });
    await client.connect();
    await client.append('INBOX', raw.replace(/\r?\n/g, '\r\n'));
    await client.logout();
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    imap = await startDovecot([{ user: from, password: IMAP_PASSWORD }]);
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await smtp?.stop();
    await imap?.stop();
  });

  it('a sequence built in the browser emails an enrolled contact after approval, and a reply ends the enrolment', async () => {
    const page = await ctx.newPage();
    try {
      const mailbox = await apiPost<{ id: string }>(ctx, '/api/v1/mail/mailboxes', {
        name: `${tag} sales`,
        fromName: 'Olivia at E2E Coffee',
        fromAddress: from,
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: null },
        imap: { host: imap.host, port: imap.port, tls: false, user: from, password: IMAP_PASSWORD },
        perMinute: 100,
      });
      const email = `ada.${tag.toLowerCase()}@example.test`;
      const contact = await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
        firstName: 'Ada',
        lastName: tag,
        email,
        country: 'US',
      });

      // The list, then a new sequence: the builder opens on the Steps tab.
      await page.goto('/sequences');
      await page.getByTestId('sequences-page').waitFor();
      await shot(page, 'seq-list-before');
      await page.getByTestId('new-sequence').click();
      await page.getByTestId('sequence-name').fill(`${tag} welcome`);
      await shot(page, 'seq-new-dialog');
      await page.getByTestId('create-sequence').click();
      await page.getByTestId('sequence-page').waitFor();
      await page.getByTestId('steps-editor').waitFor();

      // An email (with a B version), a wait, and a follow-up email.
      await page.getByTestId('add-email').click();
      await page.getByLabel('Kind of email').selectOption('transactional');
      await page.getByTestId('email-subject').fill(`Welcome, {{ contact.first_name | default: "there" }} ${tag}`);
      await page
        .getByTestId('email-body')
        .fill(
          'Hi {{ contact.first_name | default: "there" }},\n\nThanks for your interest in our coffee.\n\n{{ sender.name }}',
        );
      await page.getByText('Show the fields you can use').click();
      await page.getByTestId('merge-help').waitFor();
      await shot(page, 'seq-builder-email');
      await page.getByTestId('add-variant').click();
      await page.getByTestId('email-subject').fill(`Hello {{ contact.first_name | default: "there" }} ${tag}`);
      await page.getByTestId('add-wait').click();
      await page.getByTestId('add-email').click();
      await page.getByLabel('Kind of email').last().selectOption('transactional');
      await page.getByTestId('email-subject').last().fill('Any questions?');
      await page
        .getByTestId('email-body')
        .last()
        .fill('Just checking in, {{ contact.first_name | default: "there" }}.');
      await page.getByTestId('save-steps').click();
      await expect.poll(() => page.getByTestId('save-steps').isDisabled(), { timeout: 10_000 }).toBe(true);
      await shot(page, 'seq-builder');
      const seqId = new URL(page.url()).pathname.split('/').pop()!;
      const detail = await apiGet<{ stepCount: number; steps: { kind: string; email?: { variants: unknown[] } }[] }>(
        ctx,
        `/api/v1/sequences/${seqId}`,
      );
      expect(detail.body.steps.map((s) => s.kind)).toEqual(['email', 'wait', 'email']);
      expect(detail.body.steps[0]!.email!.variants).toHaveLength(2);

      // Settings in the browser (approve every email, our mailbox); the window is opened to every hour of every day
      // and every enrolment is in the fixed-time group, so the first email is due now whenever the test runs.
      await page.getByTestId('sequence-tab-settings').click();
      await page.getByTestId('seq-approval').selectOption('every');
      await page.locator('#seq-mailbox').selectOption(mailbox.id);
      await page.getByTestId('save-sequence-settings').click();
      await expect
        .poll(async () => (await apiGet<{ mailboxId: string }>(ctx, `/api/v1/sequences/${seqId}`)).body.mailboxId)
        .toBe(mailbox.id);
      await shot(page, 'seq-settings');
      const patched = await ctx.request.patch(`/api/v1/sequences/${seqId}`, {
        data: {
          settings: { sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }, holdoutShare: 1 },
        },
        headers: { origin: new URL(page.url()).origin },
      });
      expect(patched.status(), await patched.text()).toBe(200);
      await page.reload();
      await page.getByTestId('activate-sequence').click();
      await page.getByText('Running').first().waitFor();

      // Enrol the contact from the contact page.
      await page.goto(`/contacts/${contact.id}`);
      await page.getByTestId('enrol-contact-button').click();
      await page.getByTestId('enrol-sequence').selectOption(seqId);
      await shot(page, 'seq-enrol-contact');
      await page.getByTestId('enrol-confirm').click();
      await expect.poll(() => page.getByTestId('enrol-result').textContent()).toContain('1 added');
      await page.keyboard.press('Escape');

      // The sequences job (every minute) prepares the email; approval mode "every" puts it in the queue.
      let approval: Approval | undefined;
      await expect
        .poll(
          async () => {
            const r = await apiGet<{ items: Approval[] }>(ctx, '/api/v1/sequences/approvals');
            approval = r.body.items.find((i) => i.contactId === contact.id);
            return Boolean(approval);
          },
          { timeout: 150_000, interval: 3_000 },
        )
        .toBe(true);
      expect(smtp.received.some((r) => r.to.includes(email))).toBe(false); // nothing before a person approves

      await page.goto('/sequences/approvals');
      await page
        .getByTestId('approval-row')
        .filter({ hasText: `Ada ${tag}` })
        .click();
      await page.getByTestId('approval-editor').waitFor();
      await expect.poll(() => page.getByTestId('approval-subject').inputValue()).toContain(tag);
      await shot(page, 'seq-approvals');
      await page.getByTestId('approve').click();

      // The email arrives at the SMTP server.
      await expect
        .poll(() => smtp.received.some((r) => r.to.includes(email)), { timeout: 60_000, interval: 1_000 })
        .toBe(true);
      const got = smtp.received.find((r) => r.to.includes(email))!;
      expect(got.parsed.subject).toMatch(new RegExp(`^(Welcome,|Hello) Ada ${tag}$`));
      const messageId = got.parsed.messageId!;

      // The contact replies; the mailbox is read (IMAP), and the enrolment ends.
      await deliverToInbox(`From: Ada <${email}>
To: ${from}
Subject: Re: ${got.parsed.subject}
Message-ID: <reply-${tag}@example.test>
In-Reply-To: ${messageId}
References: ${messageId}
Date: ${new Date().toUTCString()}

Sounds good, send me the price list please.
`);
      await apiPost(ctx, `/api/v1/mail/mailboxes/${mailbox.id}/poll`, {});
      await expect
        .poll(
          async () =>
            (await apiGet<{ items: Enrolment[] }>(ctx, `/api/v1/sequences/${seqId}/enrolments`)).body.items.find(
              (e) => e.contactId === contact.id,
            ),
          { timeout: 30_000, interval: 1_000 },
        )
        .toMatchObject({ status: 'exited', exitReason: 'replied' });

      await page.goto(`/sequences/${seqId}?tab=people`);
      await page.getByTestId('enrolment-row').filter({ hasText: 'Left' }).waitFor();
      await shot(page, 'seq-people');
      await page.goto(`/sequences/${seqId}?tab=results`);
      await page.getByTestId('sequence-results').waitFor();
      await shot(page, 'seq-results');
      await page.goto('/sequences');
      await page.getByTestId('sequence-row').first().waitFor();
      await shot(page, 'seq-list');
    } catch (e) {
      await screenshotOnFailure(page, 'sequences');
      throw e;
    } finally {
      await page.close();
    }
  }, 300_000);
});
