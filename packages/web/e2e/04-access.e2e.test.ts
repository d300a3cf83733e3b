import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiGet, apiPost, ensureOwner, launchBrowser, login, newContext, unique } from './helpers';
import type { Contact, User } from '../src/lib/types';

describe('record access', () => {
  let browser: Browser;
  let ownerCtx: BrowserContext;
  const password = 'rep-password-123';
  let repA: User;
  let repB: User;
  let contact: Contact;

  beforeAll(async () => {
    browser = await launchBrowser();
    ownerCtx = await newContext(browser);
    await ensureOwner(ownerCtx);
    const tag = unique('');
    repA = await apiPost<User>(ownerCtx, '/api/v1/users', {
      name: 'Rita Rep',
      email: `rita${tag}@e2e.test`,
      role: 'rep',
      password,
    });
    repB = await apiPost<User>(ownerCtx, '/api/v1/users', {
      name: 'Bob Rep',
      email: `bob${tag}@e2e.test`,
      role: 'rep',
      password,
    });
    contact = await apiPost<Contact>(ownerCtx, '/api/v1/contacts', {
      firstName: 'Private',
      lastName: unique('Prospect'),
      email: `private${tag}@example.com`,
      ownerId: repA.id,
    });
  });
  afterAll(async () => {
    await ownerCtx?.close();
    await browser?.close();
  });

  it('a rep cannot see a contact owned by another rep; its owner can', async () => {
    const b = await newContext(browser);
    await login(b, repB.email, password);
    const page = await b.newPage();

    await page.goto('/contacts');
    await page.getByTestId('contacts-page').waitFor();
    expect(await page.getByTestId('user-role').textContent()).toBe('Rep');
    await page.getByTestId('contacts-search').fill(contact.lastName!);
    await page.waitForResponse((r) => r.url().includes('/api/v1/contacts') && r.url().includes('q='));
    await page.getByText('No contacts match').waitFor();
    expect(await page.getByTestId('table-row').count()).toBe(0);

    await page.goto(`/contacts/${contact.id}`);
    await page.getByTestId('error-state').waitFor();
    expect(await page.getByTestId('contact-page').count()).toBe(0);

    const direct = await apiGet(b, `/api/v1/contacts/${contact.id}`);
    expect([403, 404]).toContain(direct.status);
    await b.close();

    const a = await newContext(browser);
    await login(a, repA.email, password);
    const pageA = await a.newPage();
    await pageA.goto(`/contacts/${contact.id}`);
    await pageA.getByTestId('contact-page').waitFor();
    expect(await pageA.getByTestId('contact-owner').textContent()).toContain('Rita Rep');
    await a.close();
  });

  it('a viewer sees no write controls', async () => {
    const email = `vera${unique('')}@e2e.test`;
    await apiPost<User>(ownerCtx, '/api/v1/users', { name: 'Vera Viewer', email, role: 'viewer', password });
    const v = await newContext(browser);
    await login(v, email, password);
    const page = await v.newPage();
    await page.goto('/contacts');
    await page.getByTestId('table-row').first().waitFor();
    expect(await page.getByTestId('new-contact').count()).toBe(0);
    await page.getByTestId('table-row').first().click();
    await page.getByTestId('contact-page').waitFor();
    expect(await page.getByTestId('details-edit').count()).toBe(0);
    await page.goto('/settings/users');
    await page.getByTestId('users-table').waitFor();
    expect(await page.getByTestId('invite-user').count()).toBe(0);
    expect(await page.getByTestId('settings-tab-api-keys').count()).toBe(0);
    await v.close();
  });
});
