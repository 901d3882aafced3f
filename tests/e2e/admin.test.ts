import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium, noChromiumReason } from '../helpers/browser';
import { startTestCms, type TestCms } from '../helpers/test-cms';

if (!hasChromium) console.warn(noChromiumReason);

describe.skipIf(!hasChromium)('the Strapi admin in a real browser', () => {
  let cms: TestCms;
  let browser: Browser;

  beforeAll(async () => {
    cms = await startTestCms({ serveAdminPanel: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await cms?.destroy();
  });

  it('offers Danish as the interface language, from the first-administrator form on', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${cms.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/register-admin/);
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 20_000 }).toBe('Welcome to Strapi!');
    await page.getByRole('combobox').first().click();
    await page.getByRole('option', { name: 'Dansk' }).click();
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 20_000 }).toBe('Velkommen!');
    await context.close();
  });
});
