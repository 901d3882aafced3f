import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, noChromiumReason } from '../helpers/browser';
import { createRequire } from 'node:module';
import { testsDir, webDir } from '../helpers/paths';
import {
  freePort,
  inquiryQueueDir,
  startSiteServer,
  waitFor,
  type RunningSiteServer,
} from '../helpers/site-server';
import { found, registerFirstAdmin, startTestCms, type TestCms } from '../helpers/test-cms';

const require = createRequire(import.meta.url);
if (!hasChromium) console.warn(noChromiumReason);

const PAGES = [
  '/',
  '/blog/ikke-flere-kunder-tak/',
  '/forfattere/kim-eksempel/',
  '/holdninger/',
  '/holdninger/sig-nej-tak/',
  '/emner/salg/',
  '/emner/',
  '/forfattere/',
  '/kontakt/',
];
/** One page of each type, for the accessibility, layout and screenshot checks. */
const PAGE_TYPES: Array<[type: string, path: string]> = [
  ['home', '/'],
  ['blog-page', '/side/1/'],
  ['post', '/blog/ikke-flere-kunder-tak/'],
  ['author', '/forfattere/kim-eksempel/'],
  ['opinions', '/holdninger/'],
  ['opinion', '/holdninger/sig-nej-tak/'],
  ['tag', '/emner/salg/'],
  ['tags', '/emner/'],
  ['authors', '/forfattere/'],
  ['contact', '/kontakt/'],
  ['contact-sent', '/kontakt/tak/'],
  ['newsletter', '/nyhedsbrev/'],
  ['newsletter-sent', '/nyhedsbrev/tak/'],
  ['newsletter-unsubscribe', '/nyhedsbrev/afmeld/?t=et-link-fra-en-mail'],
  ['archive', '/arkiv/'],
  ['archive-year', '/arkiv/2014/'],
  ['search', '/soeg/'],
  ['not-found', '/findes-ikke/'],
];
const SCREENSHOTS = path.join(testsDir, 'artifacts', 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA violations on the page as it is now (axe-core, injected: CSP bypassed). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    );
  });
}

describe.skipIf(!hasChromium)('the live site in a real browser', () => {
  let cms: TestCms;
  let site: RunningSiteServer;
  let browser: Browser;
  const buildsDir = path.join(webDir, `.test-builds-${process.pid}`);

  beforeAll(async () => {
    const port = await freePort();
    Object.assign(process.env, {
      SITE_SERVER_URL: `http://127.0.0.1:${port}`,
      SITE_WEBHOOK_SECRET: 'e2e-webhook',
      PREVIEW_SECRET: 'e2e-preview',
      SUBSCRIBER_SECRET: 'e2e-subscriber-secret-7f3b',
    });
    cms = await startTestCms();
    site = await startSiteServer(
      {
        CMS_URL: cms.url,
        CMS_TOKEN: cms.token,
        SITE_WEBHOOK_SECRET: 'e2e-webhook',
        PREVIEW_SECRET: 'e2e-preview',
        SITE_BUILDS_DIR: buildsDir,
        CMS_INQUIRY_TOKEN: cms.inquiryToken,
        SITE_INQUIRY_DIR: inquiryQueueDir(buildsDir),
        // Every page in a search shard of its own, so the searches below only succeed if the
        // search page merges the shards (a large site's index comes in shards; search-index.ts).
        SITE_SEARCH_SHARD_MB: '0.001',
      },
      port,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cms?.destroy();
    fs.rmSync(buildsDir, { recursive: true, force: true });
    fs.rmSync(inquiryQueueDir(buildsDir), { recursive: true, force: true });
  });

  /** Opens one page of a type; the search page with results showing, so they are checked too. */
  async function openPageType(page: Page, type: string, urlPath: string) {
    await page.goto(`${site.url}${urlPath}`);
    if (type !== 'search') return;
    await page.locator('#soegning input').fill('kunder');
    await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
  }

  /** Opens a page and collects console errors (CSP violations among them) and failed requests. */
  async function visit(page: Page, urlPath: string) {
    const problems: string[] = [];
    page.on(
      'console',
      (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`),
    );
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) =>
      problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
    );
    page.on(
      'response',
      (response) =>
        response.status() >= 400 && problems.push(`HTTP ${response.status()}: ${response.url()}`),
    );
    const response = await page.goto(`${site.url}${urlPath}`);
    return { response: response!, problems };
  }

  it('walks home → post → author → opinions → an opinion → a tag → all tags → all authors → contact → search with no errors, blocked resources or scripts', async () => {
    const context = await browser.newContext();
    for (const urlPath of PAGES) {
      const page = await context.newPage();
      const { response, problems } = await visit(page, urlPath);
      expect(response.status(), urlPath).toBe(200);
      expect(problems, urlPath).toEqual([]);
      // No JavaScript, but a form's own (a file of the site's): the contact form's checks, and
      // the newsletter form's stamp under a post.
      const hasForm = urlPath === '/kontakt/' || urlPath.startsWith('/blog/');
      expect(
        await page
          .locator('script:not([type="application/ld+json"])')
          .evaluateAll((scripts) => scripts.map((script) => script.getAttribute('src'))),
        `${urlPath}'s scripts`,
      ).toEqual(hasForm ? [expect.stringMatching(/^\/_astro\/[\w.-]+\.js$/)] : []);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
      await page.close();
    }

    // A shortened address leads on instead of ending on "not found".
    for (const shortened of ['/blog/', '/side/', '/blog']) {
      const page = await context.newPage();
      const { response, problems } = await visit(page, shortened);
      expect([response.status(), new URL(page.url()).pathname], shortened).toEqual([200, '/']);
      expect(problems, shortened).toEqual([]);
      await page.close();
    }

    // Search: the header links to it; Pagefind finds the post by a Danish word form and links to it.
    const page = await context.newPage();
    const { problems } = await visit(page, '/kontakt/');
    await page.locator('.site-header a', { hasText: 'Søg' }).click();
    await page.waitForURL(`${site.url}/soeg/`);
    await page.locator('#soegning input').fill('kunderne');
    const result = page.locator('.pagefind-ui__result-link', { hasText: 'Ikke flere kunder tak.' });
    await result.first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.pagefind-ui__result-link').allTextContents()).not.toContain(
      'Mine holdninger',
    );
    const shards = (await (await fetch(`${site.url}/pagefind/shards.json`)).json()) as {
      bundles: string[];
    };
    expect(shards.bundles.length, 'search shards besides the main one').toBeGreaterThan(1);
    await result.first().click();
    await page.waitForURL(`${site.url}/blog/ikke-flere-kunder-tak/`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('searches straight away from ?q= and says so in Danish when nothing matches', async () => {
    const page = await browser.newPage();
    const { problems } = await visit(page, '/soeg/?q=salgstr%C3%A6ning');
    await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
    // Opinions sort after posts, so they are in shards of their own: found only through the merge.
    await expect
      .poll(() =>
        page
          .locator('.pagefind-ui__result-link')
          .evaluateAll((links) =>
            links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
          ),
      )
      .toContainEqual(expect.stringMatching(/^\/holdninger\/[a-z0-9-]+\/$/));
    await page.locator('#soegning input').fill('xyzzyqwerty');
    await expect
      .poll(() => page.locator('.pagefind-ui__message').textContent(), { timeout: 10_000 })
      .toMatch(/Ingen resultater/i);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('has zero WCAG 2.1 AA violations (axe-core) on every page type, search results included', async () => {
    // axe is injected by the test, so this context lets it past the site's CSP.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const report: string[] = [];
    for (const [type, urlPath] of PAGE_TYPES) {
      await openPageType(page, type, urlPath);
      const violations = await axeViolations(page);
      report.push(...violations.map((violation) => `${type} ${urlPath}: ${violation}`));
    }
    await context.close();
    expect(report).toEqual([]);
  });

  it('fits a 320 px wide screen without sideways scrolling, and keeps screenshots of each page type', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const overflowing: string[] = [];
    for (const width of [320, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      for (const [type, urlPath] of PAGE_TYPES) {
        await openPageType(page, type, urlPath);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width)
          overflowing.push(`${type} ${urlPath} is ${scrollWidth} px wide at ${width} px`);
        await page.screenshot({
          path: path.join(SCREENSHOTS, `${type}-${width}.png`),
          fullPage: true,
        });
      }
      await context.close();
    }
    expect(overflowing).toEqual([]);
    expect(
      fs.readdirSync(SCREENSHOTS).filter((name) => name.endsWith('.png')).length,
    ).toBeGreaterThanOrEqual(PAGE_TYPES.length * 2);
  });

  it('shows the skip link and a visible focus outline to keyboard users', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/blog/ikke-flere-kunder-tak/`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const box = element.getBoundingClientRect();
      return {
        text: element.textContent,
        left: box.left,
        outline: getComputedStyle(element).outlineStyle,
      };
    });
    expect(skip.text).toBe('Spring til indholdet');
    expect(skip.left).toBeGreaterThanOrEqual(0); // on screen once focused
    expect(skip.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#indhold');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle),
    ).not.toBe('none');
    await page.close();
  });

  it('allows WebAssembly on the search page only (Pagefind), never inline code', async () => {
    const search = (await fetch(`${site.url}/soeg/`)).headers.get('content-security-policy')!;
    expect(search).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(search).not.toContain('unsafe-inline');
    expect((await fetch(`${site.url}/`)).headers.get('content-security-policy')).not.toContain(
      'wasm',
    );
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
    // No inline code: the one script is a file of the site's (the newsletter form's).
    expect(html).not.toMatch(
      /<script(?![^>]*\ssrc="\/_astro\/)(?![^>]*type="application\/ld\+json")/,
    );
    expect(html).toMatch(/<script type="module" src="\/_astro\/[\w.-]+\.js"><\/script>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('shows a feed opened in the browser as a readable Danish page', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on(
      'response',
      (response) =>
        response.status() >= 400 && failed.push(`HTTP ${response.status()}: ${response.url()}`),
    );
    await page.goto(`${site.url}/rss.xml`);
    await expect
      .poll(() => page.locator('h1').textContent(), { timeout: 10_000 })
      .toBe('Salg med holdning');
    expect(await page.locator('.feed-note').textContent()).toContain('Dette er et RSS-feed');
    expect(await page.locator('li a').first().textContent()).toBe('Ikke flere kunder tak.');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(253, 252, 250)',
    ); // feed.css applied
    // Chromium's own XML viewer runs inline code that the CSP blocks (and reports on the console);
    // the page the stylesheet makes has none.
    expect(await page.locator('main [style], main [onclick], main script').count()).toBe(0);
    expect(failed).toEqual([]);
    await page.close();
  });

  describe('the contact form', () => {
    let adminToken: string;
    /** The inquiries of that name, as the admin's own API lists them to the consultant. */
    const inquiries = async (name: string) => {
      adminToken ??= await registerFirstAdmin(cms.url);
      const query = new URLSearchParams({ 'filters[name][$eq]': name });
      const response = await fetch(
        `${cms.url}/content-manager/collection-types/api::inquiry.inquiry?${query}`,
        { headers: { Authorization: `Bearer ${adminToken}` } },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { results: Array<Record<string, string>> }).results;
    };
    /** The mail the CMS wrote for an inquiry (no SMTP here: an .eml file linking to it). */
    const mailFor = async (documentId: string) => {
      if (!fs.existsSync(cms.mailDir)) return false;
      for (const name of fs.readdirSync(cms.mailDir).filter((file) => file.endsWith('.eml'))) {
        const mail = await simpleParser(fs.readFileSync(path.join(cms.mailDir, name)));
        if (mail.text?.includes(documentId)) return true;
      }
      return false;
    };
    /** A person takes longer than the form's minimum time; so does the test. */
    const likeAPerson = (page: Page) => page.waitForTimeout(3_100);

    it('with JavaScript: errors at their fields first, keeping what was typed, then sent by keyboard alone', async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      const { problems } = await visit(page, '/kontakt/');
      // From the top of the page to the form by keyboard only.
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement?.id === 'kontakt-name')) break;
      }
      const order: string[] = [];
      const typeThenTab = async (text: string) => {
        order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
        if (text) await page.keyboard.type(text);
        await page.keyboard.press('Tab');
      };
      await typeThenTab('Mette Sørensen');
      await typeThenTab('mette@');
      await typeThenTab('');
      await typeThenTab('');
      await typeThenTab('Kan vi tale om salgstræning?');
      expect(order).toEqual([
        'kontakt-name',
        'kontakt-email',
        'kontakt-company',
        'kontakt-phone',
        'kontakt-message',
      ]);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send beskeden');
      await page.keyboard.press('Enter');
      // Checked in the page: the error at the field, the summary announced and focused.
      await page.locator('#kontakt-email-fejl').waitFor();
      expect(await page.locator('#kontakt-email-fejl').textContent()).toMatch(
        /gyldig e-mailadresse/,
      );
      expect(await page.locator('#kontakt-email').getAttribute('aria-describedby')).toBe(
        'kontakt-email-fejl',
      );
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('kontakt-fejl');
      expect(await page.locator('#kontakt-fejl').getAttribute('role')).toBe('alert');
      expect(await page.locator('#kontakt-name').inputValue()).toBe('Mette Sørensen');
      expect(new URL(page.url()).pathname).toBe('/kontakt/');
      // The summary's link leads to the field; the reader corrects it and sends again.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('kontakt-email');
      await page.keyboard.type('firma.example');
      await likeAPerson(page);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${site.url}/kontakt/tak/`);
      expect(await page.locator('h1').textContent()).toBe('Tak for din besked');
      expect(problems).toEqual([]);
      await waitFor(
        'the inquiry in the CMS',
        async () => (await inquiries('Mette Sørensen')).length === 1,
      );
      const stored = found((await inquiries('Mette Sørensen'))[0], 'the inquiry');
      expect(stored).toMatchObject({ email: 'mette@firma.example', state: 'ny' });
      await waitFor('the mail', async () => mailFor(stored.documentId!));
      await context.close();
    });

    it('without JavaScript: the site server shows the errors and keeps the text; sent once, reloading sends nothing', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${site.url}/kontakt/`);
      await page.getByLabel('Navn').fill('Uden Script');
      // The browser's own check lets this through (no dot is needed there); the site's does not.
      await page.getByLabel('E-mail').fill('uden@script');
      await page.getByLabel('Besked').fill('Linje et\nLinje to <b>fed?</b>');
      await likeAPerson(page);
      await page.getByRole('button', { name: 'Send beskeden' }).click();
      await page.locator('#kontakt-email-fejl').waitFor();
      expect(await page.title()).toMatch(/^Fejl: /);
      expect(await page.locator('#kontakt-fejl').textContent()).toContain('E-mail:');
      expect(await page.getByLabel('Navn').inputValue()).toBe('Uden Script');
      expect(await page.getByLabel('Besked').inputValue()).toBe('Linje et\nLinje to <b>fed?</b>');
      await page.getByLabel('E-mail').fill('uden@script.example');
      await likeAPerson(page);
      await page.getByRole('button', { name: 'Send beskeden' }).click();
      await page.waitForURL(`${site.url}/kontakt/tak/`);
      await page.reload(); // a GET of the thank-you page: nothing is sent again
      expect(await page.locator('h1').textContent()).toBe('Tak for din besked');
      await waitFor('the inquiry', async () => (await inquiries('Uden Script')).length > 0);
      await page.waitForTimeout(1_000);
      expect(await inquiries('Uden Script'), 'kept once').toHaveLength(1);
      expect((await inquiries('Uden Script'))[0]?.message).toBe('Linje et\nLinje to <b>fed?</b>');
      await context.close();
    });

    it('has zero axe violations while it shows errors', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${site.url}/kontakt/`);
      await page.getByRole('button', { name: 'Send beskeden' }).click();
      await page.locator('#kontakt-fejl').waitFor();
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
      await context.close();
    });
  });

  describe('the newsletter', () => {
    /** The confirm link in the CMS's mail to `address` (no SMTP here: its .eml files). */
    const confirmLink = async (address: string) => {
      if (!fs.existsSync(cms.mailDir)) return null;
      for (const name of fs.readdirSync(cms.mailDir).filter((file) => file.endsWith('.eml'))) {
        const mail = await simpleParser(fs.readFileSync(path.join(cms.mailDir, name)));
        const to = [mail.to ?? []].flat().flatMap((each) => each.value.map((a) => a.address));
        if (to.includes(address))
          return /http\S+\/nyhedsbrev\/bekraeft\/\?t=\S+/.exec(mail.text ?? '')?.[0] ?? null;
      }
      return null;
    };

    it('signs a reader up from under a post (pressed at once, held until a person could have read it) and confirms by the button in the mail’s page', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const { problems } = await visit(page, '/blog/ikke-flere-kunder-tak/');
      const form = page.locator('form.subscribe-form');
      const stamped = page.waitForResponse((answer) =>
        answer.url().endsWith('/nyhedsbrev/stempel'),
      );
      await form.scrollIntoViewIfNeeded();
      expect((await stamped).status()).toBe(200);
      await page.getByLabel('Din e-mailadresse').fill('laeser@kunde.example');
      await page.getByRole('button', { name: 'Tilmeld' }).click();
      await page.waitForURL(`${site.url}/nyhedsbrev/tak/`, { timeout: 15_000 });
      expect(await page.locator('h1').textContent()).toBe('Tjek din indbakke');

      let link: string | null = null;
      await waitFor(
        'the confirm mail',
        async () => (link = await confirmLink('laeser@kunde.example')) !== null,
      );
      await page.goto(link!);
      expect(await page.locator('h1').textContent()).toBe('Bekræft din tilmelding');
      await page.getByRole('button', { name: 'Ja, tilmeld mig' }).click();
      await page.locator('h1', { hasText: 'Du er tilmeldt' }).waitFor();
      expect(problems).toEqual([]);
      await context.close();
    });

    it('without JavaScript: a press under a post leads to the newsletter page, and one more press signs up', async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${site.url}/blog/ikke-flere-kunder-tak/`);
      await page.getByLabel('Din e-mailadresse').fill('uden-script@kunde.example');
      await page.getByRole('button', { name: 'Tilmeld' }).click();
      await page.locator('.form-notice').waitFor();
      expect(await page.getByLabel('Din e-mailadresse').inputValue()).toBe(
        'uden-script@kunde.example',
      );
      await page.waitForTimeout(3_100); // a person reads the notice
      await page.getByRole('button', { name: 'Tilmeld' }).click();
      await page.waitForURL(`${site.url}/nyhedsbrev/tak/`);
      await waitFor(
        'the confirm mail',
        async () => (await confirmLink('uden-script@kunde.example')) !== null,
      );
      await context.close();
    });
  });

  it('follows the post’s "Kontakt mig" and "her" links to the contact page and the opinions index', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/blog/ikke-flere-kunder-tak/`);
    await page.locator('.prose a', { hasText: 'Kontakt mig' }).click();
    await page.waitForURL(`${site.url}/kontakt/`);
    await page.goBack();
    // The call to action under the post leads to the form itself.
    await page.locator('.contact-cta a', { hasText: 'Skriv til mig' }).click();
    await page.waitForURL(`${site.url}/kontakt/#skriv-til-mig`);
    await page.goBack();
    await page.locator('.prose a', { hasText: 'her' }).click();
    await page.waitForURL(`${site.url}/holdninger/`);
    expect(await page.locator('.opinion-list li').count()).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
