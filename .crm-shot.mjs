import { chromium } from 'playwright-core';
const base = 'http://localhost:41400';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await b.newContext({ viewport: { width: 1360, height: 900 } });
const page = await ctx.newPage(); page.setDefaultTimeout(90000);
page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
await page.goto(base + '/');
await page.getByTestId('login-email').fill('owner@demo.pipewise.local');
await page.getByTestId('login-password').fill('demo-password');
await page.getByTestId('login-submit').click();
await page.getByTestId('login-form').waitFor({ state: 'detached', timeout: 90000 });
const steps = process.argv.slice(2);
for (const step of steps) {
  const [name, path] = step.split('=');
  if (name === 'bulk') {
    await page.goto(base + '/contacts');
    await page.getByTestId('select-row').first().waitFor();
    await page.getByTestId('select-row').nth(0).check();
    await page.getByTestId('select-row').nth(1).check();
    await page.getByTestId('bulk-action').selectOption('tag-add');
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/work/shots/crm/contacts-bulk.png' });
    continue;
  }
  if (name === 'newdeal') {
    await page.goto(base + '/deals');
    await page.getByTestId('new-deal').click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: '/work/shots/crm/new-deal.png' });
    continue;
  }
  if (name === 'toggle') {
    await page.goto(base + '/deals');
    await page.getByTestId('view-table').click();
    await page.getByTestId('deals-table').waitFor();
    await page.waitForTimeout(800);
    await page.getByTestId('view-board').click();
    await page.waitForTimeout(1500);
    console.log('table visible after board:', await page.getByTestId('deals-table').count());
    await page.screenshot({ path: '/work/shots/crm/deals-toggle.png', fullPage: true });
    continue;
  }
  await page.goto(base + path);
  await page.waitForTimeout(name.startsWith('slow') ? 12000 : 2500);
  await page.screenshot({ path: `/work/shots/crm/${name}.png`, fullPage: true });
  console.log(name, 'width', await page.evaluate(() => document.documentElement.scrollWidth));
}
await b.close();
