import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { simpleParser } from 'mailparser';
import { parse } from 'node-html-parser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatDanishDate, formatDanishDateTime, slugify } from '@blog/shared';
import { seoView } from '../../cms/src/editor-views/components';
import { pageView } from '../../cms/src/editor-views/page';
import { postView } from '../../cms/src/editor-views/post';
import {
  EDITOR_TIME_ZONE,
  createEntry,
  form,
  guideScreenshot,
  notifications,
  openEntry,
  openList,
  pickRelation,
  publish,
  save,
  typeDateTime,
} from '../helpers/admin-ui';
import { hasChromium, launchChromium, newAdminContext, noChromiumReason } from '../helpers/browser';
import { testsDir, webDir } from '../helpers/paths';
import { freePort, startSiteServer, waitFor, type RunningSiteServer } from '../helpers/site-server';
import { startTestCms, type TestCms } from '../helpers/test-cms';
import { uploadsMadeFromNow } from '../helpers/test-media';

if (!hasChromium) console.warn(noChromiumReason);

const WEBHOOK_SECRET = 'editor-e2e-webhook';
const PREVIEW_SECRET = 'editor-e2e-preview';
const CONSULTANT = { firstname: 'Kim', email: 'kim@example.dk', password: 'Hemmelig123' };
const CO_WRITER = { firstname: 'Sam', email: 'sam@example.dk', password: 'Skribent123' };
const TITLE = 'Sådan finder du de rigtige kunder';
const SLUG = slugify(TITLE);

/**
 * The editor's day, in the real admin in Chromium against a real CMS and the real site server:
 * typing, clicking and reading the form, with every check made on what the editor or a reader
 * would see. The tests run in order and build on each other, as an editor's day does.
 */
describe.skipIf(!hasChromium)("the editor's day in the admin", () => {
  let cms: TestCms;
  let site: RunningSiteServer;
  let browser: Browser;
  let context: BrowserContext;
  let coWriter: BrowserContext | undefined;
  let page: Page;
  /** The page a failure is pictured from (the co-writer's while that test runs). */
  let watched: () => Page = () => page;
  const buildsDir = path.join(webDir, `.test-builds-editor-${process.pid}`);
  const coverFile = path.join(buildsDir, 'strand.jpg');
  const removeUploads = uploadsMadeFromNow();

  const get = (urlPath: string) => fetch(`${site.url}${urlPath}`, { redirect: 'manual' });
  const pageHtml = async (urlPath: string) => {
    const response = await get(urlPath);
    return response.status === 200 ? response.text() : null;
  };
  const feedTitles = async () => {
    const feed = new XMLParser().parse(await (await get('/rss.xml')).text());
    return [feed.rss.channel.item].flat().map((item: { title: string }) => String(item.title));
  };

  beforeAll(async () => {
    const port = await freePort();
    Object.assign(process.env, {
      SITE_SERVER_URL: `http://127.0.0.1:${port}`,
      SITE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PREVIEW_SECRET,
      SUBSCRIBER_SECRET: 'e2e-editor-subscriber-secret',
    });
    cms = await startTestCms({ serveAdminPanel: true });
    site = await startSiteServer(
      {
        CMS_URL: cms.url,
        CMS_TOKEN: cms.token,
        SITE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PREVIEW_SECRET,
        SITE_BUILDS_DIR: buildsDir,
      },
      port,
    );
    fs.mkdirSync(buildsDir, { recursive: true });
    await sharp({
      create: { width: 1600, height: 900, channels: 3, background: { r: 30, g: 110, b: 170 } },
    })
      .jpeg()
      .toFile(coverFile);
    browser = await launchChromium();
    // The consultant's browser: Danish, in Copenhagen; the one login of this file (the admin's
    // login is rate-limited), kept for every test.
    context = await newAdminContext(browser, {
      viewport: { width: 1400, height: 1000 },
      locale: 'da-DK',
      timezoneId: EDITOR_TIME_ZONE,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cms.url });
    page = await context.newPage();
  });

  afterAll(async () => {
    await coWriter?.close();
    await browser?.close();
    await site?.stop();
    await cms?.destroy();
    fs.rmSync(buildsDir, { recursive: true, force: true });
    // What the admin uploaded went into the app's own uploads folder.
    removeUploads();
  });

  beforeEach(() => {
    watched = () => page;
  });

  // A failed step leaves a picture of what the editor saw.
  afterEach(async ({ task }) => {
    const page = watched();
    if (task.result?.state === 'fail' && page) {
      const dir = path.join(testsDir, 'artifacts', 'failures');
      fs.mkdirSync(dir, { recursive: true });
      await page
        .screenshot({ path: path.join(dir, `${slugify(task.name)}.png`), fullPage: true })
        .catch(() => {});
      fs.writeFileSync(
        path.join(dir, `${slugify(task.name)}.txt`),
        await page
          .locator('body')
          .ariaSnapshot()
          .catch(() => ''),
      );
    }
  });

  it('opens in Danish for the first administrator, who creates the account there', async () => {
    await page.goto(`${cms.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/register-admin/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Velkommen!');
    expect(await page.getByRole('combobox', { name: 'Vælg sprog' }).textContent()).toContain(
      'Dansk',
    );
    await guideScreenshot(page, '01-foerste-gang');
    await page.getByRole('textbox', { name: 'Fornavn' }).fill(CONSULTANT.firstname);
    await page.getByRole('textbox', { name: 'E-mail' }).fill(CONSULTANT.email);
    await page.getByRole('textbox', { name: 'Kodeord', exact: true }).fill(CONSULTANT.password);
    await page.getByRole('textbox', { name: 'Bekræft kodeord' }).fill(CONSULTANT.password);
    await page.getByRole('button', { name: /kom i gang/i }).click();
    await page.getByRole('heading', { level: 1, name: `Hej ${CONSULTANT.firstname}` }).waitFor();
  });

  it('shows the post form in Danish: a label and a hint for every field, no internal field', async () => {
    await createEntry(page, 'Indlæg');
    const labels = await form(page).locator('label').allTextContents();
    const expected = Object.values(postView.fields).map((field) => field.label);
    expect(
      labels
        .map((label) => label.replace(/\*$/, '').trim())
        .filter((label) => expected.includes(label)),
    ).toEqual(expected);
    // Strapi shows no hint for a group of fields (SEO) itself, only for the fields in it.
    await form(page).getByRole('button', { name: 'Tomt endnu. Klik for at tilføje.' }).click();
    const shown = (await form(page).textContent()) ?? '';
    const fields = [
      ...Object.entries(postView.fields).filter(([name]) => name !== 'seo'),
      ...Object.entries(seoView.fields),
    ];
    expect(
      fields.filter(([, field]) => !shown.includes(field.hint!)).map(([name]) => name),
    ).toEqual([]);
    const allLabels = (await form(page).locator('label').allTextContents()).map((label) =>
      label.replace(/\*$/, '').trim(),
    );
    for (const field of Object.values(seoView.fields)) expect(allLabels).toContain(field.label);
    const text = (await form(page).textContent()) ?? '';
    for (const internal of ['previousSlugs', 'excerpt', 'slug', 'cover', 'opinions'])
      expect(text).not.toContain(internal);
    await expect
      .poll(() => page.getByRole('button', { name: 'Udgiv', exact: true }).count())
      .toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Gem', exact: true }).count()).toBe(1);
    await guideScreenshot(page, '02-nyt-indlaeg');
    // Leaving a form with changes asks first; the editor confirms.
    await page.getByRole('link', { name: 'Tilbage' }).click();
    await page
      .getByRole('alertdialog', { name: 'Bekræftelse' })
      .getByRole('button', { name: 'Bekræft' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Indlæg' }).waitFor();
  });

  it(
    'writes and publishes a post with a heading, a list, a link, bold text, relations and a cover',
    { timeout: 180_000 },
    async () => {
      await createEntry(page, 'Indlæg');
      await form(page).getByRole('textbox', { name: 'Titel' }).pressSequentially(TITLE);
      // The slug follows the title while it is typed (Danish letters transliterated).
      await expect
        .poll(() => form(page).getByRole('textbox', { name: 'Adresse' }).inputValue())
        .toBe(SLUG);

      // The body, typed as an editor types it: the block menu, Ctrl+B, the link button, the list button.
      const editor = form(page).getByRole('textbox').and(page.locator('[contenteditable="true"]'));
      await editor.click();
      await form(page).getByRole('combobox', { name: 'Tekst' }).click();
      await page.getByRole('option', { name: 'Overskrift 2' }).click();
      await page.keyboard.type('Hvem er dine kunder?');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Start med dem, der har ');
      await page.keyboard.press('ControlOrMeta+b');
      await page.keyboard.type('indset deres behov');
      await page.keyboard.press('ControlOrMeta+b');
      await page.keyboard.type('.');
      await page.keyboard.press('Enter');
      await form(page).getByRole('radio', { name: 'Punktliste' }).click();
      await page.keyboard.type('Lyt mere, end du taler');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Sig nej til de forkerte kunder');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter'); // an empty item ends the list
      await page.keyboard.type('Læs mere i ');
      await form(page).getByRole('button', { name: 'Link' }).click();
      const linkForm = page
        .getByRole('dialog')
        .filter({ has: page.getByRole('textbox', { name: 'Link' }) });
      await linkForm.getByRole('textbox', { name: 'Tekst' }).fill('guiden');
      await linkForm.getByRole('textbox', { name: 'Link' }).fill('https://example.dk/guide');
      await linkForm.getByRole('button', { name: 'Gem', exact: true }).click();
      await expect
        .poll(() => editor.getByRole('listitem').allTextContents())
        .toEqual(['Lyt mere, end du taler', 'Sig nej til de forkerte kunder']);
      expect(await editor.getByRole('link', { name: 'guiden' }).count()).toBe(1);

      await pickRelation(page, 'Forfatter', 'Kim Eksempel');
      await pickRelation(page, 'Emner', 'Salg');
      await pickRelation(page, 'Holdninger', 'Sig nej tak');

      await form(page)
        .getByRole('button', { name: /Klik for at vælge et medie/ })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('tabpanel').getByRole('button', { name: 'Tilføj filer' }).click();
      const chooser = page.waitForEvent('filechooser');
      await dialog.getByRole('button', { name: /Drag & Drop/ }).click();
      await (await chooser).setFiles(coverFile);
      await dialog.getByRole('button', { name: 'Redigér' }).click();
      await dialog
        .getByRole('textbox', { name: 'Alternativ tekst' })
        .fill('Havet ved Skagen en klar morgen');
      await guideScreenshot(page, '04-alternativ-tekst');
      await dialog.getByRole('button', { name: 'Færdig' }).click();
      await dialog.getByRole('button', { name: 'Læg 1 fil i biblioteket' }).click();
      await dialog.getByRole('button', { name: 'Færdig' }).click();
      await form(page)
        .getByRole('region', { name: 'Forsidebillede' })
        .getByRole('img', { name: 'Havet ved Skagen en klar morgen' })
        .waitFor();
      await form(page).getByText('Forsidebillede', { exact: true }).scrollIntoViewIfNeeded();
      await guideScreenshot(page, '03-indlaeg-udfyldt');

      await publish(page);
      await expect
        .poll(() => page.getByRole('complementary').filter({ hasText: 'Udgivelse' }).textContent())
        .toContain(`På sitet, dateret ${formatDanishDate(new Date())}`);

      const waited = await waitFor(
        'the new post on the site',
        async () => (await get(`/blog/${SLUG}/`)).status === 200,
        60_000,
      );
      console.log(`Published in the admin → live on the site in ${waited} ms`);
      const html = parse((await pageHtml(`/blog/${SLUG}/`))!);
      expect(html.querySelector('h1')?.text).toBe(TITLE);
      expect(html.querySelector('time')?.text).toBe(formatDanishDate(new Date()));
      const body = html.querySelector('article .prose')!;
      expect(body.querySelector('h2')?.text).toBe('Hvem er dine kunder?');
      expect(body.querySelector('strong')?.text).toBe('indset deres behov');
      expect(body.querySelector('a[href="https://example.dk/guide"]')?.text).toBe('guiden');
      expect(body.querySelectorAll('ul li').map((item) => item.text)).toEqual([
        'Lyt mere, end du taler',
        'Sig nej til de forkerte kunder',
      ]);
      expect(html.querySelector('img[alt="Havet ved Skagen en klar morgen"]')).not.toBeNull();
      expect(html.querySelector('a[href="/emner/salg/"]')).not.toBeNull();
      expect(await feedTitles()).toContain(TITLE);
    },
  );

  it(
    "writes a page for the menu, told in Danish when its address is one of the site's own",
    { timeout: 120_000 },
    async () => {
      await createEntry(page, 'Side');
      const labels = (await form(page).locator('label').allTextContents()).map((label) =>
        label.replace(/\*$/, '').trim(),
      );
      for (const field of Object.values(pageView.fields)) expect(labels).toContain(field.label);
      const title = form(page).getByRole('textbox', { name: 'Titel' });
      const address = form(page).getByRole('textbox', { name: 'Adresse' });
      await title.pressSequentially('Kontakt');
      await expect.poll(() => address.inputValue()).toBe('kontakt');
      await page.getByRole('button', { name: 'Gem', exact: true }).click();
      await notifications(page)
        .getByText(/Adressen \/kontakt\/ bruges af sitet selv/)
        .first()
        .waitFor();

      // The editor takes another title and address, writes the text and puts it in the menu.
      await title.fill('Ydelser');
      await address.fill('ydelser');
      const editor = form(page).getByRole('textbox').and(page.locator('[contenteditable="true"]'));
      await editor.click();
      await page.keyboard.type('Salgstræning for hele teamet.');
      const inMenu = form(page).getByRole('checkbox', { name: 'Vis i menuen' });
      await inMenu.click();
      await inMenu.scrollIntoViewIfNeeded();
      await guideScreenshot(page, '12-side');
      await publish(page);

      await waitFor(
        'the page on the site',
        async () =>
          (await pageHtml('/ydelser/'))?.includes('Salgstræning for hele teamet.') ?? false,
        60_000,
      );
      const home = parse((await pageHtml('/'))!);
      expect(
        home.querySelectorAll('nav[aria-label="Hovedmenu"] a').map((link) => link.text),
      ).toContain('Ydelser');
      expect(await pageHtml('/kontakt/')).toContain('Skriv til mig');
    },
  );

  it(
    'gives a second post with the same title its own working address',
    { timeout: 120_000 },
    async () => {
      await createEntry(page, 'Indlæg');
      await form(page).getByRole('textbox', { name: 'Titel' }).pressSequentially(TITLE);
      await expect
        .poll(() => form(page).getByRole('textbox', { name: 'Adresse' }).inputValue())
        .toBe(`${SLUG}-2`);
      await pickRelation(page, 'Forfatter', 'Kim Eksempel');
      await publish(page);
      await waitFor(
        'the second post on the site',
        async () => (await get(`/blog/${SLUG}-2/`)).status === 200,
        60_000,
      );
      expect(parse((await pageHtml(`/blog/${SLUG}/`))!).querySelector('h2')?.text).toBe(
        'Hvem er dine kunder?',
      ); // the first is untouched
    },
  );

  // Scheduled a couple of minutes ahead. That the site server then builds by itself at the time it
  // reports is proven in integration/editor-workflow.test.ts ("scheduled publishing"); waiting
  // here for the minute to come would add only idle time.
  let scheduledAt: Date;
  const SCHEDULED = 'Nyt om salgstræning i det nye år';

  it(
    'schedules a post: nothing of it is public before its time, and the admin says when it comes',
    { timeout: 120_000 },
    async () => {
      scheduledAt = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000); // whole minutes, as the admin's picker; ahead until the checks below are done
      await createEntry(page, 'Indlæg');
      await form(page).getByRole('textbox', { name: 'Titel' }).pressSequentially(SCHEDULED);
      await typeDateTime(page, scheduledAt);
      await publish(page);
      const panel = page.getByRole('complementary').filter({ hasText: 'Udgivelse' });
      await expect
        .poll(() => panel.textContent())
        .toContain(`Planlagt: kommer på sitet ${formatDanishDateTime(scheduledAt)}.`);
      await guideScreenshot(page, '05-planlagt', panel);

      await openList(page, 'Indlæg');
      const row = page.getByRole('row').filter({ hasText: SCHEDULED });
      await expect
        .poll(() => row.textContent())
        .toContain(`Planlagt ${formatDanishDateTime(scheduledAt)}`);
      await guideScreenshot(page, '06-liste');

      // The publish was a rebuild; it went live without the scheduled post and knows when it is due.
      const slug = slugify(SCHEDULED);
      await waitFor(
        'the site server to know the scheduled time',
        async () => (await site.status()).nextScheduledAt === scheduledAt.toISOString(),
      );
      expect((await get(`/blog/${slug}/`)).status).toBe(404);
      expect(await feedTitles()).not.toContain(SCHEDULED);
      expect(await (await get('/')).text()).not.toContain(SCHEDULED);
      expect(await (await get('/sitemap-0.xml')).text()).not.toContain(slug);
    },
  );

  it(
    'keeps the old address working when the editor renames a published post',
    { timeout: 120_000 },
    async () => {
      await openEntry(page, 'Indlæg', TITLE, 'first');
      const address = form(page).getByRole('textbox', { name: 'Adresse' });
      await expect.poll(() => address.inputValue()).toBe(`${SLUG}-2`);
      await address.fill('de-rigtige-kunder-igen');
      await page.getByRole('button', { name: 'Udgiv', exact: true }).waitFor();
      await guideScreenshot(page, '10-adresse');
      await publish(page);
      await waitFor(
        'the post at its new address',
        async () => (await get('/blog/de-rigtige-kunder-igen/')).status === 200,
        60_000,
      );
      const old = await get(`/blog/${SLUG}-2/`);
      expect(old.status).toBe(301);
      expect(old.headers.get('location')).toBe('/blog/de-rigtige-kunder-igen/');
    },
  );

  it(
    'previews a draft change in the preview panel, and the published page stays as it was',
    { timeout: 120_000 },
    async () => {
      await openEntry(page, 'Indlæg', TITLE, 'last');
      await expect
        .poll(() => form(page).getByRole('textbox', { name: 'Adresse' }).inputValue())
        .toBe(SLUG);
      await form(page).getByRole('textbox', { name: 'Titel' }).fill(`${TITLE} (kladde)`);
      await save(page);
      await page
        .getByRole('link', { name: 'Åbn forhåndsvisning' })
        .or(page.getByRole('button', { name: 'Åbn forhåndsvisning' }))
        .click();
      const preview = page.frameLocator('iframe').first();
      await expect
        .poll(() => preview.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
        .toBe(`${TITLE} (kladde)`);
      // The cover shows in the preview too (a build resizes images; a preview links the CMS's own).
      const cover = preview.getByRole('img', { name: 'Havet ved Skagen en klar morgen' });
      await expect
        .poll(() =>
          cover.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth),
        )
        .toBeGreaterThan(0);
      await guideScreenshot(page, '07-forhaandsvisning');
      expect(parse((await pageHtml(`/blog/${SLUG}/`))!).querySelector('h1')?.text).toBe(TITLE);
      await page
        .getByRole('link', { name: 'Luk forhåndsvisning' })
        .or(page.getByRole('button', { name: 'Luk forhåndsvisning' }))
        .click();
      await page.getByRole('heading', { level: 1, name: `${TITLE} (kladde)` }).waitFor();
    },
  );

  it("lists the contact form's inquiries newest first, readable, and the consultant marks one answered", async () => {
    const send = (name: string, receivedAt: Date) =>
      fetch(`${cms.url}/api/inquiries`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${cms.inquiryToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          data: {
            name,
            email: 'laeser@firma.example',
            company: 'Firma A/S',
            phone: '',
            message: `Hej Kim\n\n<b>Ring</b> gerne til mig, ${name}.`,
            receivedAt: receivedAt.toISOString(),
            page: '/kontakt/',
          },
        }),
      });
    expect((await send('Ældre Læser', new Date(Date.now() - 3_600_000))).status).toBe(201);
    expect((await send('Nyeste Læser', new Date())).status).toBe(201);

    await openList(page, 'Henvendelse');
    const rows = page.getByRole('row').filter({ hasText: 'Læser' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Nyeste Læser');
    expect(await rows.first().textContent(), 'the status column').toMatch(/Firma A\/S\s*ny/);
    await guideScreenshot(page, '11-henvendelser');

    // The row's link is its first column, the time it came in.
    await rows.first().getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Nyeste Læser' }).waitFor();
    // No drafts here, so the form's tab has no name.
    const inquiry = page.getByRole('tabpanel');
    // What the reader wrote, as text (the markup stays characters), with the admin's own labels.
    await expect
      .poll(() => inquiry.getByRole('textbox', { name: 'Besked' }).inputValue())
      .toBe('Hej Kim\n\n<b>Ring</b> gerne til mig, Nyeste Læser.');
    expect(await inquiry.getByRole('textbox', { name: 'E-mail' }).inputValue()).toBe(
      'laeser@firma.example',
    );
    expect(await inquiry.getByRole('textbox', { name: 'Sendt fra' }).inputValue()).toBe(
      '/kontakt/',
    );
    // When the mail went is shown, and only the CMS sets it.
    expect(await inquiry.textContent()).toContain('Mail sendt');
    expect(await inquiry.getByRole('combobox', { name: 'Dato' }).last().isDisabled()).toBe(true);

    await inquiry.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'besvaret' }).click();
    await save(page);
    await waitFor('the status to be saved', async () => {
      const [stored] = await cms.strapi.db
        .query('api::inquiry.inquiry')
        .findMany({ where: { name: 'Nyeste Læser' } });
      return stored?.state === 'besvaret';
    });
  });

  it("lists the newsletter's subscribers (after the content, not first under Indhold), with when they consented, and deletes one", async () => {
    const subscribers = cms.strapi.documents('api::subscriber.subscriber');
    const consentAt = new Date(Date.now() - 86_400_000);
    for (const email of ['anna@firma.example', 'bo@firma.example'])
      await subscribers.create({
        data: {
          email,
          state: 'tilmeldt',
          signedUpAt: consentAt,
          consentAt,
          source: '/blog/et-indlaeg/',
        } as never,
      });
    // Indhold opens on the content, not on readers' addresses (Strapi opens the first name it lists).
    await page.getByRole('navigation').getByRole('link', { name: 'Indhold' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toBe('Emne');
    await openList(page, 'Nyhedsbrevets abonnenter');
    const rows = page.getByRole('row').filter({ hasText: '@firma.example' });
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toMatch(/tilmeldt/);
    // The export: every subscriber in a file Excel opens in Danish.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Eksportér (CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^abonnenter-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('E-mail;Status;Tilmeldt den;Bekræftet den;Fra siden');
    expect(lines.slice(1).map((line) => line.split(';').slice(0, 2))).toEqual([
      ['anna@firma.example', 'Tilmeldt'],
      ['bo@firma.example', 'Tilmeldt'],
    ]);
    expect(lines[1]).toContain(`;${formatDanishDateTime(consentAt)};`);
    await page
      .getByRole('row')
      .filter({ hasText: 'bo@firma.example' })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'bo@firma.example' }).waitFor();
    const form = page.getByRole('tabpanel');
    await expect
      .poll(() => form.getByRole('textbox', { name: 'Tilmeldt fra' }).inputValue())
      .toBe('/blog/et-indlaeg/');
    // When they consented is shown, and only the CMS sets it.
    expect(await form.textContent()).toContain('Bekræftet');
    expect(await form.getByRole('combobox', { name: 'Dato' }).first().isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Flere handlinger' }).first().click();
    await page.getByRole('menuitem', { name: 'Slet element' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Bekræft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nyhedsbrevets abonnenter' }).waitFor();
    await waitFor(
      'the subscriber to be deleted',
      async () =>
        (await cms.strapi.db
          .query('api::subscriber.subscriber')
          .count({ where: { email: 'bo@firma.example' } })) === 0,
    );
    expect(
      await cms.strapi.db
        .query('api::subscriber.subscriber')
        .count({ where: { email: 'anna@firma.example' } }),
    ).toBe(1);
  });

  it(
    'mails a new post to the subscribers: on by default, a test to the editor first, and the panel says how it went',
    { timeout: 120_000 },
    async () => {
      const NEWS = 'Tre spørgsmål før prisen';
      await cms.strapi.documents('api::subscriber.subscriber').create({
        data: {
          email: 'carl@firma.example',
          state: 'tilmeldt',
          signedUpAt: new Date(),
          consentAt: new Date(),
        } as never,
      });
      const subscribed = await cms.strapi.db
        .query('api::subscriber.subscriber')
        .count({ where: { state: 'tilmeldt' } });
      const mailsAbout = async (subject: string) => {
        if (!fs.existsSync(cms.mailDir)) return [];
        const mails = await Promise.all(
          fs
            .readdirSync(cms.mailDir)
            .filter((name) => name.endsWith('.eml'))
            .map((name) => simpleParser(fs.readFileSync(path.join(cms.mailDir, name)))),
        );
        return mails
          .filter((mail) => mail.subject === subject)
          .flatMap((mail) => [mail.to ?? []].flat().flatMap((to) => to.value))
          .map((to) => to.address);
      };

      await createEntry(page, 'Indlæg');
      await form(page).getByRole('textbox', { name: 'Titel' }).pressSequentially(NEWS);
      expect(await form(page).getByLabel('Send som nyhedsbrev').isChecked()).toBe(true);
      await save(page);
      const panel = page.getByRole('complementary').filter({ hasText: 'Nyhedsbrev' });
      await expect
        .poll(() => panel.textContent())
        .toContain(`Sendes til ${subscribed} abonnenter, første gang indlægget er på sitet.`);
      await panel.getByRole('button', { name: 'Send en prøve til mig' }).click();
      await notifications(page).getByText(`Prøven er sendt til ${CONSULTANT.email}`).waitFor();
      await expect.poll(() => mailsAbout(`[Prøve] ${NEWS}`)).toEqual([CONSULTANT.email]);
      expect(await mailsAbout(NEWS)).toEqual([]);

      await publish(page);
      await expect
        .poll(() => panel.textContent(), { timeout: 30_000 })
        .toContain(`Sendt til ${subscribed} abonnenter`);
      expect((await mailsAbout(NEWS)).sort()).toHaveLength(subscribed);
      expect(await mailsAbout(NEWS)).toContain('carl@firma.example');
    },
  );

  it(
    'lets the consultant invite a co-writer who can write and publish but not open settings, users, roles or API tokens',
    { timeout: 180_000 },
    async () => {
      // The consultant invites: Indstillinger → Brugere → Opret ny bruger, with the role "Skribent".
      await page.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
      await page.getByRole('link', { name: 'Brugere', exact: true }).click();
      await page.getByRole('button', { name: 'Opret ny bruger' }).click();
      const invite = page.getByRole('dialog');
      await invite.getByRole('textbox', { name: 'Fornavn' }).fill(CO_WRITER.firstname);
      await invite.getByRole('textbox', { name: 'E-mail' }).fill(CO_WRITER.email);
      await invite.getByRole('combobox', { name: 'Brugerens roller' }).click();
      await page.getByRole('option', { name: 'Skribent' }).click();
      await page.keyboard.press('Escape');
      await invite.getByRole('button', { name: 'Opret bruger' }).click();
      await invite.getByRole('button', { name: 'Kopiér til klippebord' }).click();
      await guideScreenshot(page, '08-invitation', invite);
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toMatch(new RegExp(`^${cms.url}/admin/auth/register\\?registrationToken=`));
      await invite.getByRole('button', { name: 'Færdig' }).click();

      // The co-writer opens the link in a browser of their own, sets a password and lands in Danish.
      coWriter = await newAdminContext(browser, {
        viewport: { width: 1400, height: 1000 },
        locale: 'da-DK',
        timezoneId: EDITOR_TIME_ZONE,
      });
      const sam = await coWriter.newPage();
      watched = () => sam;
      await sam.goto(link);
      await sam.getByRole('textbox', { name: 'Kodeord', exact: true }).fill(CO_WRITER.password);
      await sam.getByRole('textbox', { name: 'Bekræft kodeord' }).fill(CO_WRITER.password);
      await guideScreenshot(sam, '09-skribent-registrering');
      await sam.getByRole('button', { name: /kom i gang/i }).click();
      await sam.getByRole('heading', { level: 1, name: `Hej ${CO_WRITER.firstname}` }).waitFor();
      // Settings hold only Strapi's read-only overview for the role; users, roles, tokens and webhooks
      // are not listed, and opened by address they refuse.
      await sam.getByRole('navigation').getByRole('link', { name: 'Indstillinger' }).click();
      const settingsMenu = sam.getByRole('navigation', { name: 'Indstillinger' });
      await settingsMenu.getByRole('link', { name: 'Applikation' }).waitFor();
      expect(await settingsMenu.getByRole('link').allTextContents()).toEqual(['Applikation']);
      for (const settingsPage of ['users', 'roles', 'api-tokens', 'webhooks']) {
        await sam.goto(`${cms.url}/admin/settings/${settingsPage}`);
        await sam.getByText('Du har ikke tilladelse til at tilgå indholdet').waitFor();
      }
      // …nor through the admin's API.
      const login = await fetch(`${cms.url}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: CO_WRITER.email, password: CO_WRITER.password }),
      });
      const { data } = (await login.json()) as { data: { token: string } };
      const asSam = (urlPath: string, init: RequestInit = {}) =>
        fetch(`${cms.url}${urlPath}`, {
          ...init,
          headers: { Authorization: `Bearer ${data.token}`, 'Content-Type': 'application/json' },
        });
      for (const adminPath of [
        '/admin/users',
        '/admin/roles',
        '/admin/api-tokens',
        '/admin/webhooks',
        // Readers' messages are for the consultant alone.
        '/content-manager/collection-types/api::inquiry.inquiry',
      ])
        expect((await asSam(adminPath)).status, adminPath).toBe(403);
      expect(
        (
          await asSam('/content-manager/single-types/api::site.site', {
            method: 'PUT',
            body: JSON.stringify({ siteTitle: 'Overtaget' }),
          })
        ).status,
      ).toBe(403);

      // …and writes and publishes like the consultant.
      await sam.goto(`${cms.url}/admin`);
      await createEntry(sam, 'Indlæg');
      await form(sam)
        .getByRole('textbox', { name: 'Titel' })
        .pressSequentially('Gæsteindlæg fra Sam');
      await publish(sam);
      await waitFor(
        "the co-writer's post on the site",
        async () => (await get('/blog/gaesteindlaeg-fra-sam/')).status === 200,
        60_000,
      );
    },
  );
});
