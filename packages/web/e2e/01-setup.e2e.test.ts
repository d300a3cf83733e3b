import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseURL, launchBrowser, newContext, owner } from './helpers';

describe('first run', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates the workspace and owner, logs out and logs back in', async () => {
    const setup = (await (await fetch(`${baseURL}/api/auth/setup`)).json()) as { needsSetup: boolean };
    expect(setup.needsSetup, 'the e2e server must start with an empty data directory').toBe(true);

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByTestId('setup-form').waitFor();
    await page.getByTestId('setup-workspace').fill(owner.workspaceName);
    await page.getByTestId('setup-name').fill(owner.name);
    await page.getByTestId('setup-email').fill(owner.email);
    await page.getByTestId('setup-password').fill(owner.password);
    await page.getByTestId('setup-submit').click();

    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('workspace-name').textContent()).toBe(owner.workspaceName);
    expect(await page.getByTestId('user-name').textContent()).toBe(owner.name);
    expect(await page.getByTestId('user-role').textContent()).toBe('Owner');
    // A fresh workspace offers the demo data.
    await page.getByTestId('empty-workspace').waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();

    // A wrong password is refused with a message, the right one gets in.
    await page.getByTestId('login-email').fill(owner.email);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByTestId('login-form').isVisible()).toBe(true);

    await page.getByTestId('login-password').fill(owner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dashboard').waitFor();

    // The nav links route client-side.
    for (const id of ['contacts', 'companies', 'deals', 'settings']) {
      await page.getByTestId(`nav-${id}`).click();
      await page.getByTestId(`${id}-page`).waitFor();
    }
    await ctx.close();
  });
});
