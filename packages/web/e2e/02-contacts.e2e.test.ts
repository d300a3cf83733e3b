import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, ensureOwner, launchBrowser, newContext, unique } from './helpers';

describe('contacts', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('creates a contact through the dialog and shows it in the list', async () => {
    const page = await ctx.newPage();
    await page.goto('/contacts');
    await page.getByTestId('contacts-page').waitFor();
    const last = unique('Testerson');

    await page.getByTestId('new-contact').click();
    const dialog = page.getByTestId('new-contact-dialog');
    await dialog.waitFor();

    // The API's field error lands under the email field.
    await page.getByTestId('contact-firstName').fill('Ada');
    await page.getByTestId('contact-lastName').fill(last);
    await page.getByTestId('contact-email').fill('not-an-email');
    await page.getByTestId('new-contact-submit').click();
    await page.getByTestId('error-contact-email').waitFor();
    expect(await dialog.isVisible()).toBe(true);

    const email = `${last.toLowerCase()}@example.com`;
    await page.getByTestId('contact-email').fill(email);
    await page.getByTestId('new-contact-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const row = page
      .getByTestId('contacts-table')
      .getByTestId('table-row')
      .filter({ hasText: `Ada ${last}` });
    await row.waitFor();
    expect(await row.textContent()).toContain(email);

    // Search finds it; the row opens the contact page.
    await page.getByTestId('contacts-search').fill(last);
    await page.waitForResponse((r) => r.url().includes('/api/v1/contacts') && r.url().includes(`q=${last}`));
    await row.click();
    await page.getByTestId('contact-page').waitFor();
    expect(await page.getByTestId('contact-name').textContent()).toBe(`Ada ${last}`);

    const list = await apiGet<{ data: { email: string }[] }>(ctx, `/api/v1/contacts?q=${last}`);
    expect(list.body.data.map((c) => c.email)).toEqual([email]);
    await page.close();
  });
});
