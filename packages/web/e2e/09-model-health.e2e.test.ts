import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  apiGet,
  apiPost,
  createPipeline,
  ensureOwner,
  launchBrowser,
  newContext,
  screenshotOnFailure,
  unique,
} from './helpers';
import type { Deal, Pipeline } from '../src/lib/types';

async function finished(ctx: BrowserContext, id: string) {
  for (let i = 0; i < 300; i++) {
    const job = (await apiGet<{ finishedAt: string | null; error: string | null }>(ctx, `/api/v1/jobs/${id}`)).body;
    if (job.finishedAt) {
      if (job.error) throw new Error(`job ${id} failed: ${job.error}`);
      return;
    }
    await new Promise((ok) => setTimeout(ok, 300));
  }
  throw new Error(`job ${id} did not finish`);
}

// Model health from a deal's score card: a deal model is trained and published, its scores are logged, one deal is
// won, and the page shows the outcome, the charts, the drift table; the Scoring page names a sensitive attribute.
describe('model health', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let pipeline: Pipeline;
  let open: Deal[];

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    pipeline = await createPipeline(ctx, 'Health pipeline ');
    const [qualify, proposal, won, lost] = [...pipeline.stages].sort((a, b) => a.position - b.position);
    for (let i = 0; i < 12; i++) {
      const big = i % 2 === 0;
      const d = await apiPost<Deal>(ctx, '/api/v1/deals', {
        name: unique(big ? 'Espresso bar ' : 'Beans '),
        amount: big ? 9000 + i * 100 : 150 + i * 10,
        pipelineId: pipeline.id,
        stageId: proposal!.id,
      });
      await apiPost(ctx, `/api/v1/deals/${d.id}/move`, { stageId: (big ? won : lost)!.id });
    }
    open = [];
    for (const amount of [9700, 200])
      open.push(
        await apiPost<Deal>(ctx, '/api/v1/deals', {
          name: unique('Open health deal '),
          amount,
          pipelineId: pipeline.id,
          stageId: qualify!.id,
        }),
      );
    const train = await apiPost<{ job: { id: string } }>(ctx, '/api/v1/scoring/train', { target: 'deal_won' });
    await finished(ctx, train.job.id);
    const status = (await apiGet<{ models: { id: string; target: string; state: string }[] }>(ctx, '/api/v1/scoring'))
      .body;
    const candidate = status.models.find((m) => m.target === 'deal_won' && m.state === 'candidate')!;
    const promoted = await apiPost<{ job: { id: string } }>(ctx, `/api/v1/scoring/models/${candidate.id}/promote`, {
      override: true,
      note: 'browser test',
      acknowledgeFairness: true,
      fairnessReason: 'browser test of model health',
    });
    await finished(ctx, promoted.job.id);
    await finished(ctx, (await apiPost<{ job: { id: string } }>(ctx, '/api/v1/monitoring/refresh', {})).job.id);
    await apiPost(ctx, `/api/v1/deals/${open[0]!.id}/move`, { stageId: won!.id });
  }, 240_000);
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('opens from a score card, checks now, and shows outcomes, charts and drift', async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    try {
      await page.goto('/deals');
      await page.getByTestId('deals-page').waitFor();
      await page.getByTestId('view-board').click();
      await page.getByTestId('pipeline-select').selectOption(pipeline.id);
      await page.locator(`[data-testid="deal-card"][data-deal-id="${open[1]!.id}"]`).click();
      await page.getByTestId('deal-drawer').getByTestId('score-health-link').click();
      await page.getByTestId('model-health-page').waitFor();
      expect(page.url()).toMatch(/\/model-health\?target=deal_won/);
      await page.getByTestId('health-refresh').click();
      await page.getByTestId('toast-success').waitFor({ timeout: 90_000 });
      const summary = page.getByTestId('health-summary');
      await expect
        .poll(async () => (await summary.textContent()) ?? '', { timeout: 20_000 })
        .toMatch(/[1-9]\d* with a known outcome/);
      expect(await summary.textContent()).toMatch(/version \d+ active/);
      await page.getByTestId('health-tiers').locator('.recharts-bar-rectangle').first().waitFor();
      // The version is v1 alone and later when 08-scoring trained the same workspace's deal model first.
      const legend = await page.getByTestId('health-over-time').locator('.recharts-legend-item').allTextContents();
      expect(legend).toHaveLength(2);
      expect(legend[0]).toMatch(/^AUC v\d+$/);
      expect(legend[1]).toMatch(/^Brier v\d+$/);
      expect(await page.getByTestId('drift-row').count()).toBeGreaterThan(3);
      expect(await page.getByTestId('health-drift').textContent()).toMatch(/inputs drifted/);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/model-health.png`, fullPage: true });

      await page.getByTestId('health-target-contact_conversion').click();
      await expect
        .poll(async () => (await page.getByTestId('health-summary').textContent()) ?? '')
        .toMatch(/Leads: becomes a customer/);
    } catch (e) {
      await screenshotOnFailure(page, 'model-health');
      throw e;
    } finally {
      await page.close();
    }
  });

  it('names a sensitive attribute on the Scoring page and shows the audit on the model card', async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    try {
      await page.goto('/scoring');
      const settings = page.getByTestId('fairness-settings');
      await settings.waitFor();
      await expect.poll(async () => page.getByTestId('fairness-pick').locator('option').count()).toBeGreaterThan(1);
      await page.getByTestId('fairness-pick').selectOption('amount');
      await page.getByTestId('fairness-add').click();
      await settings.getByTestId('fairness-bands').fill('1000, 5000');
      await page.getByTestId('fairness-save').click();
      await page.getByTestId('toast-success').first().waitFor();
      const saved = (await apiGet<{ attributes: { key: string; bands?: number[] }[] }>(ctx, '/api/v1/scoring/fairness'))
        .body.attributes;
      expect(saved).toEqual([{ key: 'amount', bands: [1000, 5000] }]);
      expect(await page.getByTestId('fairness-audit').textContent()).toMatch(/Fairness audit/);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/scoring-fairness.png`, fullPage: true });
    } catch (e) {
      await screenshotOnFailure(page, 'scoring-fairness');
      throw e;
    } finally {
      await page.close();
    }
  });

  it('blocks a model whose audit fails until an admin acknowledges it with a reason', async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    try {
      // Amount audited in bands; a custom field copies the band, so the audit finds a proxy of it among the inputs.
      const r = await ctx.request.put('/api/v1/scoring/fairness', {
        data: { attributes: [{ key: 'amount', bands: [1000, 5000], useAsInput: true }] },
      });
      expect(r.ok()).toBe(true);
      const [, proposal, won, lost] = [...pipeline.stages].sort((a, b) => a.position - b.position);
      for (let i = 0; i < 50; i++) {
        const big = i % 2 === 0;
        const d = await apiPost<Deal>(ctx, '/api/v1/deals', {
          name: unique('Audit deal '),
          amount: big ? 8000 + i * 50 : 100 + i * 5,
          pipelineId: pipeline.id,
          stageId: proposal!.id,
          customFields: { size_code: big ? 'T1' : 'T2' },
        });
        await apiPost(ctx, `/api/v1/deals/${d.id}/move`, {
          stageId: ((big ? i % 10 !== 0 : i % 10 === 1) ? won : lost)!.id,
        });
      }
      await finished(
        ctx,
        (await apiPost<{ job: { id: string } }>(ctx, '/api/v1/scoring/train', { target: 'deal_won' })).job.id,
      );
      await page.goto('/scoring');
      const row = page
        .getByTestId('model-row')
        .filter({ hasText: 'Deals (won)' })
        .filter({ hasText: 'candidate' })
        .first();
      await row.waitFor();
      expect(await row.textContent()).toMatch(/fairness audit failed/);
      await row.getByRole('button', { name: /^v\d+$/ }).click();
      const audit = page.getByTestId('fairness-audit');
      await expect
        .poll(async () => (await audit.textContent()) ?? '')
        .toMatch(/amount.*failed.*cf_size_code is a proxy of amount/);
      await row.getByTestId('promote-acknowledge').click();
      await page.getByTestId('acknowledge-dialog').waitFor();
      await page.getByTestId('acknowledge-reason').fill('short');
      expect(await page.getByTestId('acknowledge-confirm').isDisabled()).toBe(true);
      await page.getByTestId('acknowledge-reason').fill('Deal size is the point of deal scoring here');
      await page.getByTestId('acknowledge-confirm').click();
      await page.getByTestId('toast-success').first().waitFor({ timeout: 60_000 });
      await expect
        .poll(async () => (await page.getByTestId('fairness-audit').textContent()) ?? '', { timeout: 20_000 })
        .toMatch(/Promoted despite the failed audit by .*Deal size is the point/);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/scoring-acknowledged.png`, fullPage: true });
    } catch (e) {
      await screenshotOnFailure(page, 'scoring-acknowledge');
      throw e;
    } finally {
      await ctx.request.put('/api/v1/scoring/fairness', { data: { attributes: [] } });
      await page.close();
    }
  });
});
