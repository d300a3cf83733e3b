import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiPost, ensureOwner, launchBrowser, login, newContext, screenshotOnFailure, unique } from './helpers';
import type { User } from '../src/lib/types';

describe('account security in the settings', () => {
  let browser: Browser;
  let ownerCtx: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    ownerCtx = await newContext(browser);
    await ensureOwner(ownerCtx);
  });
  afterAll(async () => {
    await ownerCtx?.close();
    await browser?.close();
  });

  it('a rep changes their own password with the current one', async () => {
    const email = `pat${unique('')}@e2e.test`;
    await apiPost<User>(ownerCtx, '/api/v1/users', {
      name: 'Pat Password',
      email,
      role: 'rep',
      password: 'first-password',
    });
    const ctx = await newContext(browser);
    await login(ctx, email, 'first-password');
    const page = await ctx.newPage();
    try {
      await page.goto('/settings/account');
      await page.getByTestId('account-settings').waitFor();
      await page.getByTestId('current-password').fill('not-my-password');
      await page.getByTestId('new-password').fill('second-password');
      await page.getByTestId('repeat-password').fill('second-password');
      await page.getByTestId('change-password').click();
      await page.getByText('this is not your current password').waitFor();

      await page.getByTestId('current-password').fill('first-password');
      await page.getByTestId('change-password').click();
      await page.getByText('Password changed').waitFor();
      expect(await page.getByTestId('current-password').inputValue()).toBe('');
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/account-password.png` });
      // still signed in here; the new password works, the old one does not
      await page.goto('/contacts');
      await page.getByTestId('contacts-page').waitFor();
    } catch (e) {
      await screenshotOnFailure(page, 'account-password');
      throw e;
    }
    const fresh = await newContext(browser);
    await expect(login(fresh, email, 'first-password')).rejects.toThrow(/401/);
    await login(fresh, email, 'second-password');
    await fresh.close();
    await ctx.close();
  });

  it('an owner creates a workspace key, marked as such in the list', async () => {
    const page = await ownerCtx.newPage();
    try {
      await page.goto('/settings/api-keys');
      await page.getByTestId('create-api-key').click();
      const name = unique('Shop sync ');
      await page.getByTestId('api-key-name').fill(name);
      await page.getByTestId('api-key-role').selectOption('manager');
      await page.getByTestId('api-key-workspace').check();
      await page.getByTestId('api-key-submit').click();
      await page.getByTestId('api-key-secret').waitFor();
      await page.getByTestId('api-key-done').click();
      const row = page.getByTestId('api-key-row').filter({ hasText: name });
      await row.getByTestId('workspace-key').waitFor();
      expect(await row.getByTestId('workspace-key').textContent()).toContain('Workspace key');
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/api-keys-workspace.png` });
    } catch (e) {
      await screenshotOnFailure(page, 'workspace-key');
      throw e;
    } finally {
      await page.close();
    }
  });
});
