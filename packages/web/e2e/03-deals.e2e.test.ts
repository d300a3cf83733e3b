import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, apiPost, createPipeline, ensureOwner, launchBrowser, newContext, unique } from './helpers';
import type { Deal, Pipeline } from '../src/lib/types';

describe('deal board', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let pipeline: Pipeline;
  let deal: Deal;

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    pipeline = await createPipeline(ctx, 'E2E pipeline ');
    const first = [...pipeline.stages].sort((a, b) => a.position - b.position)[0]!;
    deal = await apiPost<Deal>(ctx, '/api/v1/deals', {
      name: unique('Espresso machine '),
      amount: 4200,
      pipelineId: pipeline.id,
      stageId: first.id,
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('moves a deal to another stage by drag and drop, and the move sticks', async () => {
    const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
    const [qualify, proposal] = [stages[0]!, stages[1]!];
    const page = await ctx.newPage();
    await page.goto('/deals');
    await page.getByTestId('deals-page').waitFor();
    await page.getByTestId('view-board').click();
    await page.getByTestId('pipeline-select').selectOption(pipeline.id);

    const from = page.locator(`[data-testid="board-column"][data-stage-id="${qualify.id}"]`);
    const to = page.locator(`[data-testid="board-column"][data-stage-id="${proposal.id}"]`);
    const card = from.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`);
    await card.waitFor();
    expect(await from.getByTestId('column-count').textContent()).toBe('1');

    await card.dragTo(to);
    await to.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`).waitFor();
    expect(await to.getByTestId('column-count').textContent()).toBe('1');
    expect(await from.getByTestId('column-count').textContent()).toBe('0');

    // The server recorded it: the API and a reload agree.
    await expect
      .poll(async () => (await apiGet<Deal>(ctx, `/api/v1/deals/${deal.id}`)).body.stageId, { timeout: 10_000 })
      .toBe(proposal.id);
    await page.reload();
    await page.getByTestId('pipeline-select').selectOption(pipeline.id);
    await to.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`).waitFor();
    await page.close();
  });

  it('puts the card back when the server refuses the move', async () => {
    const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
    const [proposal, won] = [stages[1]!, stages[2]!];
    const page = await ctx.newPage();
    await page.route('**/api/v1/deals/*/move', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'conflict', message: 'The deal changed meanwhile' } }),
      }),
    );
    await page.goto('/deals');
    await page.getByTestId('pipeline-select').selectOption(pipeline.id);
    const from = page.locator(`[data-testid="board-column"][data-stage-id="${proposal.id}"]`);
    const to = page.locator(`[data-testid="board-column"][data-stage-id="${won.id}"]`);
    const card = from.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`);
    await card.waitFor();
    await card.dragTo(to);
    await page.getByTestId('toast-error').waitFor();
    await from.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`).waitFor();
    expect(await to.locator(`[data-deal-id="${deal.id}"]`).count()).toBe(0);
    expect(await from.getByTestId('column-count').textContent()).toBe('1');
    expect((await apiGet<Deal>(ctx, `/api/v1/deals/${deal.id}`)).body.stageId).toBe(proposal.id);
    await page.close();
  });
});
