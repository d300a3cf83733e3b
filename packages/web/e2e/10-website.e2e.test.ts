import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, apiPost, baseURL, ensureOwner, launchBrowser, newContext, unique } from './helpers';

const shots = process.env.E2E_SHOTS_DIR ?? '/work/shots/site';

/** Listens on the first free port of a range (E2E_SHOP_PORT, default 41210-41249): another origin than Pipewise. */
async function listen(server: Server): Promise<number> {
  const first = Number(process.env.E2E_SHOP_PORT ?? 41210);
  for (let port = first; port < first + 40; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return (server.address() as AddressInfo).port;
  }
  throw new Error(`no free port from ${first}`);
}

/**
 * The widget on a business's own page, served from ANOTHER loopback port than Pipewise: the origin check and CORS are
 * the real ones a browser applies.
 */
describe('website widget on another origin', () => {
  let browser: Browser;
  let staff: BrowserContext;
  let shop: Server;
  let shopOrigin: string;
  let siteKey = '';
  let formId = '';
  const faqAnswer = 'We roast on Mondays and ship every weekday before 3 pm.';

  beforeAll(async () => {
    browser = await launchBrowser();
    staff = await newContext(browser);
    await ensureOwner(staff);
    shop = createServer((req, res) => {
      const form = req.url?.startsWith('/contact');
      const page =
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bean Shop ${form ? 'contact' : 'home'}</title>` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
        `<body style="font-family:sans-serif;margin:2rem"><h1>Bean Shop</h1><p>Fresh coffee, roasted weekly.</p>` +
        (form ? `<div id="lead-form"></div>` : '') +
        `<script src="${baseURL}/widget.js" data-site="${siteKey}"` +
        (form ? ` data-form="${formId}" data-target="#lead-form"` : '') +
        ` async></script></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    });
    shopOrigin = `http://127.0.0.1:${await listen(shop)}`;
    expect(shopOrigin).not.toBe(new URL(baseURL).origin);

    const settings = await staff.request.put('/api/v1/website/settings', {
      data: { allowedOrigins: [shopOrigin], trackingEnabled: true, greeting: 'Questions about our coffee? Ask us!' },
      headers: { origin: new URL(baseURL).origin },
    });
    expect(settings.ok(), await settings.text()).toBe(true);
    siteKey = ((await settings.json()) as { siteKey: string }).siteKey;
    await apiPost(staff, '/api/v1/chatbot/kb', {
      question: 'When do you roast and ship?',
      variants: ['When do you ship orders?', 'What days do you roast?', 'shipping days'],
      answer: faqAnswer,
    });
    const form = await apiPost<{ id: string }>(staff, '/api/v1/website/forms', {
      name: unique('Wholesale'),
      title: 'Wholesale enquiry',
      fields: [
        { kind: 'name', key: 'name', label: 'Your name', required: true },
        { kind: 'email', key: 'email', label: 'Email', required: true },
        { kind: 'company', key: 'company', label: 'Café or company', required: false },
        { kind: 'message', key: 'message', label: 'What do you need?', required: false },
      ],
      consents: [{ purpose: 'marketing_email', wording: 'Email me the monthly roast list.', required: false }],
      submitLabel: 'Send enquiry',
      thankYou: 'Thanks! Our wholesale team replies within a day.',
    });
    formId = form.id;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => shop?.close(r));
  });

  it('answers a FAQ, hands over to a person whose reply the visitor sees, and tracks nothing without consent', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const tracked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/track')) tracked.push(r.url());
    });
    await page.goto(shopOrigin + '/');
    const launcher = page.locator('[data-pipewise=widget] .pw-launcher');
    await launcher.waitFor();
    const banner = page.locator('[data-pipewise=widget] .pw-banner');
    await expect(banner.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${shots}/widget-banner.png` });

    await launcher.click();
    const input = page.getByRole('textbox', { name: 'Your message' });
    await expect(input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).resolves.toBe(true);
    await input.fill('What days do you ship orders?');
    await input.press('Enter');
    const log = page.locator('[data-pipewise=widget] [role=log]');
    await log.getByText(faqAnswer).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${shots}/widget-answer.png` });

    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.getByText('Waiting for a person', { exact: false }).waitFor({ timeout: 15_000 });
    // Staff side: the inbox API finds the conversation and replies.
    const list = await apiGet<{ data: { id: string; status: string; pageUrl: string | null }[] }>(
      staff,
      '/api/v1/chatbot/conversations?status=waiting',
    );
    const conv = list.body.data.find((c) => c.pageUrl?.startsWith(shopOrigin));
    expect(conv, JSON.stringify(list.body)).toBeTruthy();
    await apiPost(staff, `/api/v1/chatbot/conversations/${conv!.id}/reply`, {
      text: 'Hi, this is Olivia from the roastery. How many bags do you need?',
    });
    await log.getByText('this is Olivia from the roastery').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${shots}/widget-agent-reply.png` });

    // Escape closes the panel and gives focus back to the launcher.
    await input.focus();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-pipewise=widget] .pw-panel').isHidden()).resolves.toBe(true);
    expect(tracked).toEqual([]); // no consent given: no page view sent
    await ctx.close();
  });

  it('sends no tracking under Global Privacy Control and shows no banner', async () => {
    const ctx = await browser.newContext();
    await ctx.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    );
    const page = await ctx.newPage();
    const tracked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/track') || r.url().includes('/consent')) tracked.push(r.url());
    });
    await page.goto(shopOrigin + '/');
    await page.locator('[data-pipewise=widget] .pw-launcher').waitFor();
    expect(await page.locator('[data-pipewise=widget] .pw-banner').count()).toBe(0);
    expect(tracked).toEqual([]);
    await ctx.close();
  });

  it('fills a phone screen and is driven by keyboard', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto(shopOrigin + '/');
    await page.getByRole('button', { name: 'No thanks' }).click();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const panel = page.locator('[data-pipewise=widget] .pw-panel');
    await panel.getByText('ask for a person', { exact: false }).waitFor();
    const box = await panel.boundingBox();
    expect(box?.width).toBe(390);
    await page.keyboard.type('<b>hi</b> <script>alert(1)</script>');
    await page.keyboard.press('Enter');
    // Shown as text, never as markup.
    await page
      .locator('[data-pipewise=widget] .pw-visitor')
      .getByText('<script>alert(1)</script>', { exact: false })
      .waitFor();
    expect(await page.locator('[data-pipewise=widget] .pw-log b').count()).toBe(0);
    await page.screenshot({ path: `${shots}/widget-mobile.png` });
    await ctx.close();
  });

  it('records a page view once the visitor allows tracking', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const tracked: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/track')) tracked.push(r.status());
    });
    await page.goto(shopOrigin + '/');
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => tracked.length, { timeout: 10_000 }).toBe(1);
    expect(tracked[0]).toBe(200);
    await ctx.close();
  });

  it('a form on the shop page creates a contact', async () => {
    const ctx = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(shopOrigin + '/contact');
    const email = `${unique('cafe')}@example.com`;
    await page.getByLabel('Your name').fill('Carla Barista');
    await page.getByLabel('Email *').fill(email);
    await page.getByLabel('Café or company').fill('Corner Café');
    await page.getByLabel('Email me the monthly roast list.').check();
    await page.screenshot({ path: `${shots}/widget-form.png` });
    await page.getByRole('button', { name: 'Send enquiry' }).click();
    await page.getByText('Our wholesale team replies within a day').waitFor();
    await page.screenshot({ path: `${shots}/widget-form-thanks.png` });
    const found = await apiGet<{ data: { email: string; consentMarketingEmail: string }[] }>(
      staff,
      `/api/v1/contacts?filter[email][eq]=${encodeURIComponent(email)}`,
    );
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]!.consentMarketingEmail).toBe('granted');
    await ctx.close();
  });

  it('a page on a site that is not allowed gets no widget', async () => {
    const other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html><body><p>Copycat</p><script src="${baseURL}/widget.js" data-site="${siteKey}" async></script></body></html>`,
      );
    });
    const otherPort = await listen(other);
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/w/')) calls.push(r.url());
    });
    await page.goto(`http://127.0.0.1:${otherPort}/`);
    await expect.poll(() => calls.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    // What the browser was refused (no CORS header for this origin), asked directly with that Origin.
    const direct = await fetch(calls[0]!, { headers: { origin: `http://127.0.0.1:${otherPort}` } });
    expect(direct.status).toBe(403);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    expect(await page.locator('[data-pipewise=widget]').count()).toBe(0);
    await ctx.close();
    await new Promise((r) => other.close(r));
  });

  it('staff pages: settings, forms, install', async () => {
    const page = await staff.newPage();
    for (const [path, name] of [
      ['/website', 'website-settings'],
      ['/website/forms', 'website-forms'],
      ['/website/install', 'website-install'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Website', level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
    }
    await expect(page.getByTestId('snippet').textContent()).resolves.toContain(siteKey);
    await page.goto('/website/forms');
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByText('Put this form on a page').waitFor();
    await page.screenshot({ path: `${shots}/website-form-builder.png`, fullPage: true });
    await page.close();
  });
});
