import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, noChromiumReason } from '../helpers/browser';
import { webDir } from '../helpers/paths';
import { freePort, startSiteServer, type RunningSiteServer } from '../helpers/site-server';
import { startTestCms, type TestCms } from '../helpers/test-cms';

if (!hasChromium) console.warn(noChromiumReason);

const PAGES = ['/', '/blog/ikke-flere-kunder-tak/', '/forfattere/kim-eksempel/', '/holdninger/', '/holdninger/sig-nej-tak/', '/emner/salg/', '/kontakt/'];

describe.skipIf(!hasChromium)('the live site in a real browser', () => {
  let cms: TestCms;
  let site: RunningSiteServer;
  let browser: Browser;
  const buildsDir = path.join(webDir, `.test-builds-${process.pid}`);

  beforeAll(async () => {
    const port = await freePort();
    Object.assign(process.env, { SITE_SERVER_URL: `http://127.0.0.1:${port}`, SITE_WEBHOOK_SECRET: 'e2e-webhook', PREVIEW_SECRET: 'e2e-preview' });
    cms = await startTestCms();
    site = await startSiteServer(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_WEBHOOK_SECRET: 'e2e-webhook', PREVIEW_SECRET: 'e2e-preview', SITE_BUILDS_DIR: buildsDir },
      port,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cms?.destroy();
    fs.rmSync(buildsDir, { recursive: true, force: true });
  });

  /** Opens a page and collects console errors (CSP violations among them) and failed requests. */
  async function visit(page: Page, urlPath: string) {
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`));
    const response = await page.goto(`${site.url}${urlPath}`);
    return { response: response!, problems };
  }

  it('walks home → post → author → opinions → an opinion → a tag → contact with no errors, blocked resources or scripts', async () => {
    const context = await browser.newContext();
    for (const urlPath of PAGES) {
      const page = await context.newPage();
      const { response, problems } = await visit(page, urlPath);
      expect(response.status(), urlPath).toBe(200);
      expect(problems, urlPath).toEqual([]);
      expect(await page.locator('script:not([type="application/ld+json"])').count(), `${urlPath} has no JavaScript`).toBe(0);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
      await page.close();
    }
    await context.close();
  });

  it('serves every page with a Content-Security-Policy its pages satisfy, and the other security headers', async () => {
    const response = await fetch(`${site.url}/blog/ikke-flere-kunder-tak/`);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('shows a feed opened in the browser as a readable Danish page', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => response.status() >= 400 && failed.push(`HTTP ${response.status()}: ${response.url()}`));
    await page.goto(`${site.url}/rss.xml`);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('Salg med holdning');
    expect(await page.locator('.feed-note').textContent()).toContain('Dette er et RSS-feed');
    expect(await page.locator('li a').first().textContent()).toBe('Ikke flere kunder tak.');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(253, 252, 250)'); // feed.css applied
    // Chromium's own XML viewer runs inline code that the CSP blocks (and reports on the console);
    // the page the stylesheet makes has none.
    expect(await page.locator('main [style], main [onclick], main script').count()).toBe(0);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('follows the post’s "Kontakt mig" and "her" links to the contact page and the opinions index', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/blog/ikke-flere-kunder-tak/`);
    await page.locator('.prose a', { hasText: 'Kontakt mig' }).click();
    await page.waitForURL(`${site.url}/kontakt/`);
    await page.goBack();
    await page.locator('.prose a', { hasText: 'her' }).click();
    await page.waitForURL(`${site.url}/holdninger/`);
    expect(await page.locator('.opinion-list li').count()).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
