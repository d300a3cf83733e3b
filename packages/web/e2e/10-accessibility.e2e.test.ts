import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiGet, apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure } from './helpers';

/**
 * axe-core over every main page of a workspace with data (the demo business when the workspace is empty, as on a
 * fresh server; otherwise what the earlier browser tests made): no serious or critical violation.
 */
// Evaluated through the DevTools protocol: the app's Content-Security-Policy (script-src 'self') refuses a <script>.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Violation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
};

async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> };
    };
    return (await w.axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  // E2E_AXE_DETAILS=file: every failing element with its HTML and axe's reason, for fixing them.
  if (process.env.E2E_AXE_DETAILS)
    appendFileSync(process.env.E2E_AXE_DETAILS, `${page.url()}\n${JSON.stringify(bad, null, 1)}\n`);
  return bad;
}

function describeViolations(where: string, vs: Violation[]): string[] {
  return vs.map(
    (v) =>
      `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`,
  );
}

async function loadDemoIfEmpty(ctx: BrowserContext): Promise<void> {
  const stats = await apiGet<{ contacts: number }>(ctx, '/api/v1/stats');
  if (stats.body.contacts > 0) return;
  const started = await apiPost<{ job: { id: string } }>(ctx, '/api/v1/demo', {});
  for (let i = 0; i < 240; i++) {
    const { body } = await apiGet<{ state: string; error: string | null }>(ctx, `/api/v1/jobs/${started.job.id}`);
    if (body.state === 'done') return;
    if (body.state === 'failed') throw new Error(`the demo data did not load: ${body.error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the demo data did not load within 2 minutes');
}

describe('accessibility (axe-core)', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let contactId: string | undefined;
  let companyId: string | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    await loadDemoIfEmpty(ctx);
    contactId = (await apiGet<{ data: { id: string }[] }>(ctx, '/api/v1/contacts?limit=1')).body.data[0]?.id;
    companyId = (await apiGet<{ data: { id: string }[] }>(ctx, '/api/v1/companies?limit=1')).body.data[0]?.id;
    page = await ctx.newPage();
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('finds no serious or critical violation on the main pages, the user menu and a dialog', async () => {
    const pages: [string, string, string][] = [
      ['dashboard', '/', 'dashboard'],
      ['today', '/today', 'today-page'],
      ['contacts', '/contacts', 'contacts-page'],
      ['companies', '/companies', 'companies-page'],
      ['deals', '/deals', 'deals-page'],
      ['outbox', '/outbox', 'outbox-page'],
      ['segments', '/segments', 'segments-page'],
      ['scoring', '/scoring', 'scoring-page'],
      ['model health', '/model-health', 'model-health-page'],
      ['forecast', '/forecast', 'forecast-page'],
      ['data quality', '/data-quality', 'data-quality-page'],
      ['imports', '/imports', 'imports-page'],
      ['privacy', '/privacy', 'privacy-page'],
      ['settings', '/settings', 'settings-page'],
    ];
    if (contactId) pages.push(['a contact', `/contacts/${contactId}`, 'contact-page']);
    if (companyId) pages.push(['a company', `/companies/${companyId}`, 'company-page']);
    const found: string[] = [];
    try {
      for (const [name, path, testId] of pages) {
        await page.goto(path);
        await page.getByTestId(testId).waitFor();
        await page.waitForLoadState('networkidle');
        found.push(...describeViolations(name, await axe(page)));
      }
      // The user menu, open.
      await page.goto('/');
      await page.getByTestId('dashboard').waitFor();
      await page.getByTestId('user-menu').click();
      await page.getByTestId('logout').waitFor();
      found.push(...describeViolations('user menu', await axe(page)));
      await page.keyboard.press('Escape');
      // A dialog, open (the lead-target dialog on the scoring page), and a form with its error shown.
      await page.goto('/scoring');
      await page.getByTestId('edit-horizon').click();
      await page.getByTestId('horizon-dialog').waitFor();
      found.push(...describeViolations('lead-target dialog', await axe(page)));
      await page.keyboard.press('Escape');
      await page.goto('/settings/mail');
      await page.waitForLoadState('networkidle');
      found.push(...describeViolations('mail settings', await axe(page)));
      // Signed out: the login page.
      const anon = await newContext(browser);
      const login = await anon.newPage();
      await login.goto('/');
      await login.getByTestId('login-form').waitFor();
      found.push(...describeViolations('login', await axe(login)));
      await anon.close();
    } catch (e) {
      await screenshotOnFailure(page, 'accessibility');
      throw e;
    }
    expect(found, found.join('\n')).toEqual([]);
  }, 180_000);
});
