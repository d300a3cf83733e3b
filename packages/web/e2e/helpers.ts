import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Pipeline } from '../src/lib/types';

export const baseURL = process.env.PIPEWISE_E2E_URL ?? 'http://127.0.0.1:3000';

/** The owner created by 01-setup; other files log in with it. */
export const owner = {
  workspaceName: 'E2E Coffee Roasters',
  name: 'Olivia Owner',
  // Overridable to run single files against an existing server (PIPEWISE_E2E_URL=… npx vitest run --config …).
  email: process.env.E2E_OWNER_EMAIL ?? 'owner@e2e.test',
  password: process.env.E2E_OWNER_PASSWORD ?? 'correct-horse-battery',
};

/**
 * Playwright's API requests send no Origin, unlike a page's fetch: the server refuses cookie writes without one
 * (CSRF, docs/security.md), so the helpers send the page's own origin.
 */
const sameOrigin = { origin: new URL(baseURL).origin };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  // Every request of the context sends the page's origin, so a test's own API calls (ctx.request) pass the CSRF
  // check as the app's fetches do.
  return browser.newContext({ baseURL, viewport: { width: 1440, height: 900 }, extraHTTPHeaders: sameOrigin });
}

/** Makes sure the workspace exists (creating it through the API if 01-setup did not run) and logs in. */
export async function ensureOwner(ctx: BrowserContext): Promise<void> {
  const setup = await ctx.request.get('/api/auth/setup');
  if (((await setup.json()) as { needsSetup: boolean }).needsSetup) {
    const r = await ctx.request.post('/api/auth/setup', { data: owner, headers: sameOrigin });
    if (!r.ok()) throw new Error(`setup failed: ${r.status()} ${await r.text()}`);
  }
  await login(ctx, owner.email, owner.password);
}

/** Logs the context in through the API: the session cookie is shared with its pages. */
export async function login(ctx: BrowserContext, email: string, password: string): Promise<void> {
  const r = await ctx.request.post('/api/auth/login', { data: { email, password }, headers: sameOrigin });
  if (!r.ok()) throw new Error(`login as ${email} failed: ${r.status()} ${await r.text()}`);
}

export async function apiPost<T>(ctx: BrowserContext, path: string, data: unknown): Promise<T> {
  const r = await ctx.request.post(path, { data, headers: sameOrigin });
  if (!r.ok()) throw new Error(`POST ${path}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

export async function apiGet<T>(ctx: BrowserContext, path: string): Promise<{ status: number; body: T }> {
  const r = await ctx.request.get(path);
  return { status: r.status(), body: (await r.json().catch(() => null)) as T };
}

/** A pipeline of its own for a test file: two open stages, then Won and Lost. */
export async function createPipeline(ctx: BrowserContext, prefix: string): Promise<Pipeline> {
  const created = await apiPost<Pipeline | { pipeline: Pipeline }>(ctx, '/api/v1/pipelines', {
    name: unique(prefix),
    stages: [
      { name: 'Qualify', probability: 0.1, kind: 'open' },
      { name: 'Proposal', probability: 0.5, kind: 'open' },
      { name: 'Won', probability: 1, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  return 'pipeline' in created ? created.pipeline : created;
}

export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

export async function screenshotOnFailure(page: Page, name: string): Promise<void> {
  if (process.env.E2E_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true });
}
