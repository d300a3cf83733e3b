import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure, unique } from './helpers';

type Pipeline = { id: string; stages: { id: string; kind: string; probability: number }[] };

describe('forecast page', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    // 14 months of orders (one a month, growing) and two open deals, so every part of the page has data.
    const tag = unique('FC');
    const product = await apiPost<{ id: string }>(ctx, '/api/v1/products', {
      name: `${tag} Blend`,
      sku: `${tag}-1`,
      price: 10,
      category: 'Coffee',
    });
    for (let m = 14; m >= 0; m--) {
      const at = new Date();
      at.setUTCDate(5);
      at.setUTCMonth(at.getUTCMonth() - m);
      await apiPost(ctx, '/api/v1/orders', {
        orderedAt: at.toISOString(),
        lines: [{ productId: product.id, quantity: 20 + m, unitPrice: 10 }],
      });
    }
    const existing = await apiGet<{ data: Pipeline[] } | Pipeline[]>(ctx, '/api/v1/pipelines');
    const list = Array.isArray(existing.body) ? existing.body : existing.body.data;
    const pipeline =
      list[0] ??
      (await apiPost<Pipeline>(ctx, '/api/v1/pipelines', {
        name: 'Sales',
        stages: [
          { name: 'Qualified', probability: 0.3, kind: 'open' },
          { name: 'Won', probability: 1, kind: 'won' },
          { name: 'Lost', probability: 0, kind: 'lost' },
        ],
      }));
    const open = pipeline.stages.find((s) => s.kind === 'open')!;
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await apiPost(ctx, '/api/v1/deals', {
      name: `${tag} Big order`,
      stageId: open.id,
      amount: 90_000,
      expectedCloseDate: soon,
    });
    await apiPost(ctx, '/api/v1/deals', {
      name: `${tag} Small order`,
      stageId: open.id,
      amount: 1_000,
      expectedCloseDate: soon,
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('shows the chart with its explanation, the quarter, the pipeline with its deals, and accuracy after a recompute', async () => {
    const page = await ctx.newPage();
    try {
      await page.goto('/forecast');
      await page.getByTestId('forecast-page').waitFor();
      await page.getByTestId('series-forecast').locator('svg.recharts-surface').first().waitFor();
      const explanation = await page.getByTestId('forecast-explanation').textContent();
      expect(explanation).toMatch(/80% likely between/);
      expect(explanation).toMatch(/not over yet/);
      await page.getByTestId('quarter-view').waitFor();
      await page.getByTestId('pipeline-deals').getByText('Big order').first().waitFor();
      expect(await page.getByTestId('pipeline-best').textContent()).toMatch(/\$/);
      // A bad horizon names itself; a good one brings the chart back.
      await page.getByTestId('fc-horizon').fill('0');
      await page.getByTestId('fc-horizon').press('Enter');
      await page
        .getByText(/horizon must be a whole number/)
        .first()
        .waitFor();
      await page.getByTestId('fc-by').selectOption('week');
      // The explanation of the monthly view may still be on screen: wait for the weekly one.
      await page
        .getByTestId('series-forecast')
        .getByText(/by week/)
        .first()
        .waitFor();
      await page.getByTestId('forecast-explanation').waitFor();
      await page.getByTestId('forecast-recompute').click();
      await page.getByTestId('toast-success').waitFor({ timeout: 90_000 });
      await page.getByTestId('forecast-accuracy').getByText('backtest', { exact: true }).first().waitFor();
    } catch (e) {
      await screenshotOnFailure(page, 'forecast');
      throw e;
    }
  });
});
