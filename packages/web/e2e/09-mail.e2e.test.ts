import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiGet, apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure, unique } from './helpers';
import { startDroppingSmtp, startSmtp } from '../../server/src/testing/smtp';

type OutboxMessage = { id: string; state: string; messageId: string };

const shot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true });
};

describe('mail: mailboxes, compose, outbox', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let dropper: Awaited<ReturnType<typeof startDroppingSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    dropper = await startDroppingSmtp();
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await smtp?.stop();
    await dropper?.stop();
  });

  it('adds a mailbox and sends a test, composes from a contact, and settles an unknown message on the Outbox page', async () => {
    const page = await ctx.newPage();
    const tag = unique('Mail');
    try {
      await page.goto('/settings/mailboxes');
      await page.getByTestId('add-mailbox').click();
      await page.getByTestId('mb-name').fill(`${tag} shop`);
      await page.getByTestId('mb-from-name').fill('Olivia at E2E Coffee');
      await page.getByTestId('mb-from').fill('olivia@e2e-coffee.test');
      await page.getByTestId('mb-host').fill('127.0.0.1');
      await page.getByTestId('mb-port').fill(String(smtp.port));
      await page.getByTestId('mb-security').selectOption('none');
      await shot(page, 'mail-mailbox-dialog');
      await page.getByTestId('save-mailbox').click();
      const row = page.getByTestId('mailbox-row').filter({ hasText: `${tag} shop` });
      await row.waitFor();
      await row.getByTestId('test-mailbox').click();
      await page.getByTestId('test-to').fill('olivia@e2e-coffee.test');
      await page.getByTestId('send-test').click();
      await expect
        .poll(() => page.getByTestId('test-result').textContent(), { timeout: 20_000 })
        .toMatch(/^Sent to olivia@e2e-coffee\.test/);
      expect(smtp.received.some((r) => r.parsed.subject === 'Pipewise test message')).toBe(true);
      await page.keyboard.press('Escape');

      // A template with an unknown merge field is refused with the field named; fixed, it saves.
      await page.getByTestId('add-template').click();
      await page.getByTestId('tpl-name').fill(`${tag} thanks`);
      await page.getByTestId('tpl-subject').fill('Thanks, {{ contact.first_name | default: "friend" }}');
      await page.getByTestId('tpl-text').fill('Hi {{ contact.nickname }}, thanks for your order.');
      await page.getByTestId('save-template').click();
      await page.getByTestId('template-dialog').getByText('unknown merge field "contact.nickname"').first().waitFor();
      await shot(page, 'mail-template-error');
      await page.getByTestId('tpl-text').fill('Hi {{ contact.first_name | default: "there" }}, thanks for your order.');
      await page.getByTestId('save-template').click();
      await page
        .getByTestId('template-row')
        .filter({ hasText: `${tag} thanks` })
        .waitFor();
      await shot(page, 'mail-settings');

      const contact = await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
        firstName: 'Grace',
        lastName: `${tag}`,
        email: `grace.${tag.toLowerCase()}@example.test`,
      });
      await page.goto(`/contacts/${contact.id}`);
      await page.getByTestId('compose-email').click();
      await page.getByTestId('compose-subject').fill('Your coffee order, {{ contact.first_name }}');
      await page.getByTestId('compose-preview').click();
      await expect
        .poll(() => page.getByTestId('compose-preview-box').textContent())
        .toContain('Your coffee order, Grace');
      await shot(page, 'mail-compose');
      await page.getByTestId('compose-send').click();
      await expect
        .poll(() => smtp.received.some((r) => r.parsed.subject === 'Your coffee order, Grace'), { timeout: 30_000 })
        .toBe(true);

      // A message whose SMTP conversation broke after the message was handed over: nobody knows if it arrived.
      const drop = await apiPost<{ id: string }>(ctx, '/api/v1/mail/mailboxes', {
        name: `${tag} flaky`,
        fromName: 'Flaky',
        fromAddress: 'flaky@e2e-coffee.test',
        smtp: { host: '127.0.0.1', port: dropper.port, security: 'none', user: null },
        perMinute: 100,
      });
      const queued = await apiPost<OutboxMessage>(ctx, '/api/v1/mail/messages', {
        contactId: contact.id,
        mailboxId: drop.id,
        idempotencyKey: `${tag}-flaky`,
        subject: 'Invoice',
        bodyText: 'Your invoice is attached.',
      });
      await expect
        .poll(async () => (await apiGet<OutboxMessage>(ctx, `/api/v1/mail/outbox/${queued.id}`)).body.state, {
          timeout: 30_000,
        })
        .toBe('unknown');

      await page.goto('/outbox');
      await page.getByTestId('unknown-banner').waitFor();
      const unknownRow = page
        .locator(`[data-testid="outbox-row"][data-state="unknown"]`)
        .filter({ hasText: 'Invoice' });
      await unknownRow.waitFor();
      await shot(page, 'mail-outbox');
      await unknownRow.getByTestId('mark-sent').click();
      await expect
        .poll(async () => (await apiGet<OutboxMessage>(ctx, `/api/v1/mail/outbox/${queued.id}`)).body.state)
        .toBe('sent');
      expect(dropper.state.received).toBe(1);
      await page.getByTestId('outbox-filter-sent').click();
      await page.getByTestId('outbox-table').waitFor();
      await shot(page, 'mail-outbox-sent');

      await page.goto(`/contacts/${contact.id}`);
      await page.getByText('Your coffee order, Grace').first().waitFor({ timeout: 20_000 });
      await page.getByText('Invoice').first().waitFor(); // confirmed by a person: on the timeline too

      // Tasks: activities of type task, with a due date, done and snooze.
      await page.getByTestId('add-task').click();
      await page.getByTestId('task-subject').fill('Call Grace about the invoice');
      await page.getByTestId('save-task').click();
      await page.getByTestId('task-row').filter({ hasText: 'Call Grace about the invoice' }).waitFor();
      await page.getByTestId('add-task').click();
      await page.getByTestId('task-subject').fill('Send the price list');
      await page.getByTestId('save-task').click();
      await page.getByTestId('task-row').filter({ hasText: 'Send the price list' }).waitFor();
      await shot(page, 'mail-contact-timeline');
      await page.getByTestId('task-row').filter({ hasText: 'Send the price list' }).getByTestId('task-done').click();
      await expect.poll(() => page.getByTestId('task-row').count()).toBe(1);
      const tasks = await apiGet<{ data: { subject: string; metadata: { done?: boolean; dueAt?: string } }[] }>(
        ctx,
        `/api/v1/activities?filter[contactId][eq]=${contact.id}&filter[type][eq]=task`,
      );
      expect(tasks.body.data.find((t) => t.subject === 'Send the price list')?.metadata.done).toBe(true);
      expect(tasks.body.data.find((t) => t.subject === 'Call Grace about the invoice')?.metadata.dueAt).toBeTruthy();
    } catch (e) {
      await screenshotOnFailure(page, 'mail');
      throw e;
    } finally {
      await page.close();
    }
  });
});
