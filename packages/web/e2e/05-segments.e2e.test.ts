import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure, unique } from './helpers';

describe('segments, recommendations and today', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let contactId = '';
  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    // A few customers with repeat orders over two products, so segments, clusters and recommendations have data.
    const tag = unique('SEG');
    const a = await apiPost<{ id: string }>(ctx, '/api/v1/products', {
      name: `${tag} Beans`,
      sku: `${tag}-B`,
      price: 20,
    });
    const b = await apiPost<{ id: string }>(ctx, '/api/v1/products', {
      name: `${tag} Grinder`,
      sku: `${tag}-G`,
      price: 200,
    });
    for (let i = 0; i < 6; i++) {
      const c = await apiPost<{ id: string }>(ctx, '/api/v1/contacts', {
        firstName: `Seg${i}`,
        lastName: tag,
        lifecycleStage: 'customer',
      });
      if (i === 5) contactId = c.id;
      for (let k = 0; k <= i % 4; k++) {
        const lines =
          i === 5
            ? [{ productId: a.id, quantity: 1, unitPrice: 20 }]
            : [
                { productId: a.id, quantity: 1, unitPrice: 20 },
                { productId: b.id, quantity: 1, unitPrice: 200 },
              ];
        await apiPost(ctx, '/api/v1/orders', {
          contactId: c.id,
          orderedAt: new Date(Date.now() - (5 + k * 30 + i * 7) * 86_400_000).toISOString(),
          lines,
        });
      }
    }
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('computes segments as a job with progress and shows the grid, cards and members', async () => {
    const page = await ctx.newPage();
    try {
      await page.goto('/segments');
      await page.getByTestId('segments-page').waitFor();
      await page.getByTestId('compute-segments').click();
      await page.getByTestId('compute-dialog').waitFor();
      await page.getByTestId('compute-run').click();
      await page.getByTestId('compute-dialog').waitFor({ state: 'detached', timeout: 60_000 });
      await page.getByTestId('rfm-grid').waitFor();
      await page.getByTestId('segment-cards').waitFor();
      const champions = page.getByTestId('segment-card-Champions');
      expect(await champions.textContent()).toMatch(/Bought very recently/);
      await page.getByTestId('churn-list').click();
      await page.getByTestId('segment-members').waitFor();
      expect(await page.getByTestId('export-csv').getAttribute('href')).toMatch(/format=csv/);
      await page.getByTestId('segments-tab-clusters').click();
      await page.getByTestId('k-sweep').waitFor();
      await page.getByTestId('segments-tab-recommendations').click();
      await page.getByTestId('recommendation-evaluation').waitFor();
    } catch (e) {
      await screenshotOnFailure(page, 'segments');
      throw e;
    }
  });

  it('shows recommendations on the contact page and the Today page', async () => {
    const page = await ctx.newPage();
    await page.goto(`/contacts/${contactId}`);
    await page.getByTestId('recommendations-card').waitFor();
    await page.getByTestId('recommendation').first().waitFor();
    expect(await page.getByTestId('recommendations-card').textContent()).toMatch(/Grinder/);
    await page.goto('/today');
    await page.getByTestId('today-page').waitFor();
    await page.getByTestId('worklist').waitFor();
    await page.getByTestId('team-load').waitFor();
  });
});
