import fs from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
} from 'playwright-core';

/** Debian's Chromium; CI installs it (.ci/run), locally: apt-get install -y chromium. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
export const noChromiumReason = `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); browser tests skipped`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * A browser context for Strapi's admin. Headless Chromium here can leave the admin's pages without
 * idle time for seconds (on the post form, after adding the SEO group: requestIdleCallback did not
 * fire within 3 s while requestAnimationFrame did), and Strapi redraws the edit view's side panels
 * (Udgiv, Gem, Udgivelse) from an idle callback, so they vanished or went stale until the next
 * scroll. A deadline makes such a callback run within 100 ms even then; nothing else changes.
 */
export async function newAdminContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    const request = window.requestIdleCallback.bind(window);
    window.requestIdleCallback = (callback, idleOptions) =>
      request(callback, { timeout: 100, ...idleOptions });
  });
  return context;
}
