import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  apiGet,
  apiPost,
  baseURL,
  ensureOwner,
  launchBrowser,
  newContext,
  screenshotOnFailure,
  unique,
} from './helpers';

describe('privacy', () => {
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

  it('changes consent with a reason, then erases a contact after typing its email; it cannot be re-created', async () => {
    const last = unique('Erasable');
    const email = `${last.toLowerCase()}@example.com`;
    const contact = await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
      firstName: 'Ezra',
      lastName: last,
      email,
      phone: '+1 415 555 0142',
    });
    await apiPost(ctx, '/api/v1/activities', {
      type: 'note',
      occurredAt: '2026-05-01T10:00:00Z',
      contactId: contact.id,
      body: `Ezra ${last} likes oolong`,
    });
    const page = await ctx.newPage();
    try {
      await page.goto(`/contacts/${contact.id}`);
      const card = page.getByTestId('privacy-card');
      await card.waitFor();
      await card.getByTestId('consent-change-marketing_email').click();
      await page.getByTestId('consent-dialog').waitFor();
      await page.getByTestId('consent-save').click();
      await page
        .getByTestId('error-consentReason')
        .or(page.getByText(/say why the consent changes/))
        .first()
        .waitFor();
      await page.getByTestId('consent-reason').fill('ticked the box at the shop');
      await page.getByTestId('consent-save').click();
      await page.getByTestId('consent-dialog').waitFor({ state: 'detached' });
      expect(await card.getByTestId('consent-marketing_email').textContent()).toContain('Granted');
      await card.getByTestId('consent-history-toggle').click();
      expect(await card.getByTestId('consent-history').textContent()).toContain('ticked the box at the shop');
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/privacy-contact.png`, fullPage: true });

      const exportHref = await card.getByTestId('privacy-export').getAttribute('href');
      const zip = await ctx.request.get(exportHref!);
      expect(zip.headers()['content-type']).toBe('application/zip');

      await card.getByTestId('privacy-erase').click();
      await page.getByTestId('erase-dialog').waitFor();
      expect(await page.getByTestId('erase-confirm').isDisabled()).toBe(true);
      await page.getByTestId('erase-input').fill(email);
      await page.getByTestId('erase-confirm').click();
      await page.waitForURL('**/contacts');
      await page.getByTestId('toast-success').waitFor();

      expect((await apiGet(ctx, `/api/v1/contacts/${contact.id}`)).status).toBe(404);
      const found = await apiGet<{ data: unknown[] }>(ctx, `/api/v1/contacts?q=${encodeURIComponent(last)}`);
      expect(found.body.data).toHaveLength(0);
      const again = await ctx.request.post('/api/v1/contacts', { data: { firstName: 'Ezra', email } });
      expect(again.status()).toBe(409);
    } catch (e) {
      await screenshotOnFailure(page, 'privacy-erase');
      throw e;
    }
  });

  it('shows retention with a dry run, the notice and the record of processing; the preference centre works without sign-in', async () => {
    const page = await ctx.newPage();
    await page.goto('/privacy');
    await page.getByTestId('retention-card').waitFor();
    await page.getByTestId('retention-months').fill('36');
    await page.getByTestId('retention-dry-run').click();
    expect(await page.getByTestId('retention-preview').textContent()).toMatch(/Dry run: \d+ contact/);
    await page.getByTestId('notice-preview').waitFor();
    expect(await page.getByTestId('notice-preview').textContent()).toContain('Product recommendations');
    await page.getByTestId('ropa-card').waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/privacy-page.png`, fullPage: true });

    const contact = await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
      firstName: 'Pia',
      email: `${unique('pia')}@example.com`,
    });
    const link = (await apiGet<{ path: string }>(ctx, `/api/v1/contacts/${contact.id}/privacy/preference-link`)).body;
    const anonymous = await browser.newContext({ baseURL, viewport: { width: 900, height: 800 } });
    try {
      const pub = await anonymous.newPage();
      await pub.goto(link.path);
      await pub.getByTestId('pref-toggle-marketing_email').click();
      await pub.getByTestId('pref-save').click();
      await pub.getByTestId('pref-saved').waitFor();
      if (process.env.E2E_SCREENSHOTS)
        await pub.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/privacy-preferences.png`, fullPage: true });
    } finally {
      await anonymous.close();
    }
    const consent = (
      await apiGet<{ purposes: { purpose: string; state: string }[]; history: { source: string }[] }>(
        ctx,
        `/api/v1/contacts/${contact.id}/privacy/consent`,
      )
    ).body;
    expect(consent.purposes.find((p) => p.purpose === 'marketing_email')?.state).toBe('granted');
    expect(consent.history.at(-1)?.source).toBe('preference_centre');
  });
});
