import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, apiPost, createPipeline, ensureOwner, launchBrowser, newContext, unique } from './helpers';
import type { Deal, Pipeline } from '../src/lib/types';

type Stage = Pipeline['stages'][number] & { deals: number };

describe('daily CRM work: pipelines, new deal, board/table', () => {
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

  it('switching the deals page from Table to Board removes the table', async () => {
    const pipeline = await createPipeline(ctx, 'Toggle ');
    await apiPost(ctx, '/api/v1/deals', { name: unique('Toggle deal '), stageId: pipeline.stages[0]!.id });
    const page = await ctx.newPage();
    await page.goto('/deals');
    await page.getByTestId('pipeline-select').selectOption(pipeline.id);
    await page.getByTestId('view-table').click();
    await page.getByTestId('deals-table').waitFor();
    await page.getByTestId('view-board').click();
    await page.getByTestId('deal-board').waitFor();
    expect(await page.getByTestId('deals-table').count()).toBe(0);
    await page.getByTestId('view-table').click();
    await page.getByTestId('deals-table').waitFor();
    expect(await page.getByTestId('deals-table').count()).toBe(1);
    expect(await page.getByTestId('deal-board').count()).toBe(0);
    await page.close();
  });

  it('Settings → Pipelines: create a pipeline, rename and reorder a stage, archive a stage with its deal moved', async () => {
    const name = unique('Wholesale ');
    const page = await ctx.newPage();
    await page.goto('/settings/pipelines');
    await page.getByTestId('new-pipeline').click();
    await page.getByTestId('new-pipeline-name').fill(name);
    await page.getByTestId('new-pipeline-submit').click();
    const card = page.getByTestId(`pipeline-${name}`);
    await card.waitFor();

    // Rename the first stage and move it below the second.
    await card.getByTestId('stage-name').first().fill('First call');
    await card.getByTestId('stage-probability').first().fill('15');
    await card.getByTestId('stage-down').first().click();
    await card.getByTestId('save-pipeline').click();
    const saved = async () =>
      (await apiGet<{ data: (Pipeline & { stages: Stage[] })[] }>(ctx, '/api/v1/pipelines')).body.data.find(
        (p) => p.name === name,
      );
    await expect.poll(async () => (await saved())?.stages[1]?.name, { timeout: 10_000 }).toBe('First call');
    const p = (await saved())!;
    expect(p.stages[1]).toMatchObject({ name: 'First call', probability: 0.15, kind: 'open' });

    // A deal in "First call": archiving the stage moves it to the stage picked in the dialog.
    const deal = await apiPost<Deal>(ctx, '/api/v1/deals', { name: unique('Moved deal '), stageId: p.stages[1]!.id });
    await page.reload();
    await card.waitFor();
    await card.getByTestId('archive-stage').nth(1).click();
    const dialog = page.getByTestId('archive-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('archive-target').selectOption(p.stages[0]!.id);
    await dialog.getByTestId('archive-confirm').click();
    await expect
      .poll(async () => (await saved())?.stages.map((s) => s.name), { timeout: 10_000 })
      .not.toContain('First call');
    const moved = (await apiGet<Deal>(ctx, `/api/v1/deals/${deal.id}`)).body;
    expect(moved.stageId).toBe(p.stages[0]!.id);
    await page.close();
  });

  it('New deal: contact, company and owner are saved with the deal', async () => {
    const pipeline = await createPipeline(ctx, 'New deal ');
    const company = await apiPost<{ id: string; name: string }>(ctx, '/api/v1/companies', { name: unique('Acme ') });
    const last = unique('Zed');
    const contact = await apiPost<{ id: string }>(ctx, '/api/v1/contacts', { firstName: 'Ann', lastName: last });
    const me = (await apiGet<{ user: { id: string } }>(ctx, '/api/auth/me')).body.user;
    const page = await ctx.newPage();
    await page.goto('/deals');
    await page.getByTestId('pipeline-select').selectOption(pipeline.id);
    await page.getByTestId('new-deal').click();
    const dialog = page.getByTestId('new-deal-dialog');
    const dealName = unique('Grinder ');
    await dialog.getByTestId('deal-name-input').fill(dealName);
    await dialog.getByTestId('deal-amount').fill('1200');
    await dialog.getByTestId('deal-company').fill(company.name);
    await dialog.getByRole('button', { name: new RegExp(company.name) }).click();
    await dialog.getByTestId('deal-contact').fill(last);
    await dialog.getByRole('button', { name: new RegExp(last) }).click();
    expect(await dialog.getByTestId('deal-owner').inputValue()).toBe(me.id);
    await dialog.getByTestId('new-deal-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const found = (
      await apiGet<{ data: Deal[] }>(ctx, `/api/v1/deals?q=${encodeURIComponent(dealName)}`)
    ).body.data.find((d) => d.name === dealName)!;
    expect(found).toMatchObject({ companyId: company.id, contactId: contact.id, ownerId: me.id, amount: 1200 });
    await page.close();
  });
});
