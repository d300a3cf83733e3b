import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure, unique } from './helpers';

describe('data quality', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let last = '';
  const ids: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    last = unique('Dupe');
    // The same person twice: a case-changed email and a reformatted phone.
    ids.push(
      (
        await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
          firstName: 'Quinn',
          lastName: last,
          email: `quinn.${last.toLowerCase()}@example.com`,
          phone: '+1 415 555 0134',
        })
      ).id,
    );
    ids.push(
      (
        await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
          firstName: 'QUINN',
          lastName: last,
          email: `Quinn.${last}@Example.com`,
          phone: '(415) 555-0134',
          title: 'Buyer',
        })
      ).id,
    );
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('shows the score and fixes, scans, merges a pair side by side and undoes the merge', async () => {
    const page = await ctx.newPage();
    try {
      await page.goto('/data-quality');
      await page.getByTestId('quality-score').waitFor();
      expect(await page.getByTestId('quality-fix').count()).toBeGreaterThan(0);
      await page.getByTestId('scan-duplicates').click();
      await page.getByTestId('toast-success').waitFor({ timeout: 60_000 });
      const pair = page.getByTestId('duplicate-pair').filter({ hasText: last });
      await pair.waitFor();
      expect(await pair.textContent()).toMatch(/Same email/);
      await pair.getByTestId('review-pair').click();
      await page.getByTestId('merge-dialog').waitFor();
      await page.getByTestId('confirm-merge').click();
      await page.getByTestId('merge-dialog').waitFor({ state: 'detached' });
      const merged = page.getByTestId('merge-row').filter({ hasText: last }).first();
      await merged.waitFor();
      const gone = await Promise.all(ids.map((id) => apiGet(ctx, `/api/v1/contacts/${id}`)));
      expect(gone.map((r) => r.status).sort()).toEqual([200, 404]);
      await merged.getByTestId('undo-merge').click();
      await merged.getByText('Undone').waitFor();
      const back = await Promise.all(ids.map((id) => apiGet(ctx, `/api/v1/contacts/${id}`)));
      expect(back.map((r) => r.status)).toEqual([200, 200]);
    } catch (e) {
      await screenshotOnFailure(page, 'data-quality');
      throw e;
    }
  });
});
