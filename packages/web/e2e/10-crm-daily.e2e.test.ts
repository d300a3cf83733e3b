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

  it('contacts list: select rows, tag them in bulk, delete with Undo restores them', async () => {
    const last = unique('Bulk');
    const made: { id: string }[] = [];
    for (const first of ['Ada', 'Bea'])
      made.push(await apiPost<{ id: string }>(ctx, '/api/v1/contacts', { firstName: first, lastName: last }));
    const page = await ctx.newPage();
    await page.goto('/contacts');
    await page.getByTestId('contacts-search').fill(last);
    await expect.poll(() => page.getByTestId('table-row').count(), { timeout: 15_000 }).toBe(2);
    await page.getByTestId('select-all').check();
    await page.getByTestId('bulk-action').selectOption('tag-add');
    await page.getByTestId('bulk-value').fill('wholesale');
    await page.getByTestId('bulk-apply').click();
    await expect
      .poll(async () => (await apiGet<{ tags: string[] }>(ctx, `/api/v1/contacts/${made[0]!.id}`)).body.tags, {
        timeout: 10_000,
      })
      .toContain('wholesale');

    await expect.poll(() => page.getByTestId('select-row').count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('select-all').check();
    await page.getByTestId('bulk-delete').click();
    await expect.poll(() => page.getByTestId('table-row').count()).toBe(0);
    await page.getByTestId('toast-action').click();
    await expect.poll(() => page.getByTestId('table-row').count()).toBe(2);
    // Past the undo window nothing was deleted.
    await page.waitForTimeout(9000);
    expect((await apiGet(ctx, `/api/v1/contacts/${made[1]!.id}`)).status).toBe(200);
    await page.close();
  });

  it('custom fields: defined in Settings, required in the new deal dialog, shown on the deal', async () => {
    const label = unique('Channel ');
    const page = await ctx.newPage();
    await page.goto('/settings/custom-fields');
    await page.getByTestId('cf-entity').selectOption('deal');
    await page.getByTestId('cf-label').fill(label);
    await page.getByTestId('cf-type').selectOption('select');
    await page.getByTestId('cf-options').fill('Web, Shop');
    await page.getByTestId('cf-required').click();
    await page.getByTestId('cf-add').click();
    await page.getByTestId('custom-fields-deal').getByText(label).waitFor();
    const def = (
      await apiGet<{ data: { id: string; key: string; label: string }[] }>(ctx, '/api/v1/custom-fields?entity=deal')
    ).body.data.find((f) => f.label === label)!;

    const pipeline = await createPipeline(ctx, 'Custom ');
    const noValue = await ctx.request.post('/api/v1/deals', {
      data: { name: 'x', stageId: pipeline.stages[0]!.id },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(noValue.status()).toBe(400);
    expect(((await noValue.json()) as { error: { message: string } }).error.message).toBe(`${label} is required`);

    await page.goto('/deals');
    await page.getByTestId('pipeline-select').selectOption(pipeline.id);
    await page.getByTestId('new-deal').click();
    const dialog = page.getByTestId('new-deal-dialog');
    const name = unique('Custom deal ');
    await dialog.getByTestId('deal-name-input').fill(name);
    await dialog.getByTestId(`cf-${def.key}`).selectOption('Shop');
    await dialog.getByTestId('new-deal-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const deal = (await apiGet<{ data: Deal[] }>(ctx, `/api/v1/deals?q=${encodeURIComponent(name)}`)).body.data[0]!;
    expect((deal as Deal & { customFields: Record<string, unknown> }).customFields[def.key]).toBe('Shop');
    await ctx.request.delete(`/api/v1/custom-fields/${def.id}`, { headers: { origin: new URL(page.url()).origin } });
    await page.close();
  });

  it("Today: the owner switches between their own list and the team's, where each item says whose it is", async () => {
    const page = await ctx.newPage();
    await page.goto('/today');
    await page.getByTestId('today-team').click();
    await page.getByText("Today: your team's list").waitFor();
    await page.getByText('Everyone on the team', { exact: false }).waitFor();
    const rows = await page.getByTestId('item-assignee').count();
    const team = (await apiGet<{ items: unknown[] }>(ctx, '/api/v1/worklist?team=true')).body.items.length;
    expect(rows).toBe(team);
    await page.getByTestId('today-mine').click();
    expect(await page.getByTestId('today-mine').getAttribute('aria-selected')).toBe('true');
    await page.close();
  });
});
