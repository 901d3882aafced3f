import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchChromium, newAdminContext, noChromiumReason } from '../helpers/browser';
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

  it('opens in Danish in a browser that never chose a language, and keeps English selectable', async () => {
    const context = await newAdminContext(browser, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${cms.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/register-admin/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Velkommen!');
    await page.getByRole('combobox', { name: 'Vælg sprog' }).click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Welcome to Strapi!');
    // The choice is kept: the next visit stays English.
    await page.reload();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 })
      .toBe('Welcome to Strapi!');
    await context.close();
  });
});
