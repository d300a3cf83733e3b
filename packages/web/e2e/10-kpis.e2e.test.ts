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
import type { Deal } from '../src/lib/types';

type Kpis = { metrics: { metric: string; target: { period: string; target: number } | null }[] };

// KPIs & ROI: the owner sets a win-rate target on the page and sees it there (and in the API); the ROI report shows
// its formulas and says sequences and the chatbot are not there yet; the Scoring page has its trust panel.
describe('KPIs & ROI', () => {
  let browser: Browser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    const pipeline = await createPipeline(ctx, 'KPI pipeline ');
    const [, proposal, won, lost] = [...pipeline.stages].sort((a, b) => a.position - b.position);
    for (let i = 0; i < 6; i++) {
      const d = await apiPost<Deal>(ctx, '/api/v1/deals', {
        name: unique('KPI deal '),
        amount: 1000 + i * 250,
        pipelineId: pipeline.id,
        stageId: proposal!.id,
      });
      await apiPost(ctx, `/api/v1/deals/${d.id}/move`, { stageId: (i % 3 === 0 ? lost : won)!.id });
    }
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('sets a win-rate target and shows it against the figures', async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    try {
      await page.goto('/kpis');
      await page.getByTestId('kpis-page').waitFor();
      await page.getByTestId('kpi-win_rate').waitFor();
      expect(await page.getByTestId('kpi-target-win_rate').textContent()).toMatch(/No target/);
      await page.getByTestId('kpi-set-target-win_rate').click();
      const dialog = page.getByTestId('kpi-target-dialog');
      await dialog.getByLabel('Target (%)').fill('40');
      await page.getByTestId('kpi-target-save').click();
      await page.getByTestId('toast-success').first().waitFor();
      await expect
        .poll(async () => (await page.getByTestId('kpi-target-win_rate').textContent()) ?? '')
        .toMatch(/Target 40\.0% a month/);
      const api = (await apiGet<Kpis>(ctx, '/api/v1/kpis')).body;
      expect(api.metrics.find((m) => m.metric === 'win_rate')!.target).toMatchObject({ period: 'month', target: 0.4 });
      // The detail card draws the target line beside the series; the ROI report shows formulas and missing parts.
      await page.getByTestId('kpi-win_rate').locator('button').first().click();
      const detail = page.getByTestId('kpi-detail');
      await expect.poll(async () => (await detail.textContent()) ?? '').toMatch(/Win rate over time/);
      // Two lines: the series and the target.
      await expect.poll(async () => detail.locator('.recharts-line').count()).toBe(2);
      // The chatbot and sequences parts read those modules' own outcomes: other browser tests in this workspace may
      // already have had a chat or enrolled someone.
      const roi = (
        await apiGet<{
          chatbot: { available: boolean; conversations?: number };
          sequences: { available: boolean; enrolled?: number };
        }>(ctx, '/api/v1/kpis/roi')
      ).body;
      const chatText = (await page.getByTestId('roi-chatbot').textContent()) ?? '';
      if (roi.chatbot.available) expect(chatText).toMatch(new RegExp(`of ${roi.chatbot.conversations} conversations`));
      else expect(chatText).toMatch(/not set up yet/);
      const seqText = (await page.getByTestId('roi-sequences').textContent()) ?? '';
      if (roi.sequences.available) expect(seqText).toContain(String(roi.sequences.enrolled));
      else expect(seqText).toMatch(/No sequences yet/);
      expect(await page.getByTestId('roi-net').textContent()).toMatch(/value of time saved .* − costs .* =/);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/kpis.png`, fullPage: true });
    } catch (e) {
      await screenshotOnFailure(page, 'kpis');
      throw e;
    } finally {
      await page.close();
    }
  });

  it('explains scoring and when not to trust it, with the measured figures', async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    try {
      await page.goto('/scoring');
      const panel = page.getByTestId('trust-panel-scores');
      await panel.locator('summary').click();
      await expect
        .poll(async () => (await panel.getByTestId('trust-figures').textContent()) ?? '')
        .toMatch(/Lead scores: ranking \(AUC\)/);
      expect(await panel.textContent()).toMatch(/Do not rely on it/);
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/scoring-trust-panel.png` });
    } catch (e) {
      await screenshotOnFailure(page, 'scoring-trust-panel');
      throw e;
    } finally {
      await page.close();
    }
  });

  it('has the same panel on the Forecast and Segments pages', async () => {
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    try {
      for (const [path, area] of [
        ['/forecast', 'forecasts'],
        ['/segments', 'segments'],
      ] as const) {
        await page.goto(path);
        const panel = page.getByTestId(`trust-panel-${area}`);
        await panel.locator('summary').click();
        await expect
          .poll(async () => (await panel.getByTestId('trust-figures').textContent()) ?? '')
          .toMatch(area === 'forecasts' ? /forecast|MASE/i : /churn|flag/i);
        if (process.env.E2E_SCREENSHOTS)
          await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${area}-trust-panel.png` });
      }
    } catch (e) {
      await screenshotOnFailure(page, 'trust-panels');
      throw e;
    } finally {
      await page.close();
    }
  });
});
