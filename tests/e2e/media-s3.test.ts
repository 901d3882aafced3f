// The media library on S3 as the editor uses it: in the real admin in Chromium, an image uploaded
// through the library's own dialog lands in the bucket (a real S3 API server, s3rver), and while
// the bucket cannot be reached the dialog says so in Danish instead of failing silently.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, newAdminContext, noChromiumReason } from '../helpers/browser';
import { testsDir } from '../helpers/paths';
import { objectKeys, startS3Server, type TestS3Server } from '../helpers/s3';
import { registerFirstAdmin, startTestCms, type TestCms } from '../helpers/test-cms';

if (!hasChromium) console.warn(noChromiumReason);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-s3-admin-'));
const BUCKET = 'admin-media';
const kim = { firstname: 'Kim', email: 'kim@example.dk', password: 'Hemmelig123' };

describe.skipIf(!hasChromium)('the media library on S3, in the admin', () => {
  let s3: TestS3Server;
  let cms: TestCms;
  let browser: Browser;
  let page: Page;

  /** Uploads `file` through the media library, as the editor does: Ny → Læg filer op → the file. */
  async function uploadThroughLibrary(file: string) {
    await page.goto(`${cms.url}/admin/plugins/upload`);
    await page.getByRole('button', { name: 'Ny' }).click();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('menuitem', { name: 'Læg filer op' }).click(),
    ]);
    await chooser.setFiles(file);
  }

  const photo = async (name: string) => {
    const file = path.join(dir, name);
    await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 90, g: 140, b: 60 } },
    })
      .jpeg()
      .toFile(file);
    return file;
  };

  beforeAll(async () => {
    s3 = await startS3Server(path.join(dir, 's3'), [BUCKET]);
    Object.assign(process.env, s3.cmsEnv(BUCKET));
    cms = await startTestCms({ serveAdminPanel: true });
    await registerFirstAdmin(cms.url, kim);
    browser = await launchChromium();
    const context = await newAdminContext(browser, {
      viewport: { width: 1400, height: 1000 },
      locale: 'da-DK',
    });
    page = await context.newPage();
    // The one login of this file (the admin's login is rate-limited).
    await page.goto(`${cms.url}/admin/auth/login`);
    await page.getByRole('textbox', { name: 'E-mail' }).fill(kim.email);
    await page.getByRole('textbox', { name: 'Kodeord' }).fill(kim.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { level: 1, name: `Hej ${kim.firstname}` }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await cms?.destroy();
    await s3?.stop();
    for (const name of Object.keys(s3?.cmsEnv(BUCKET) ?? {})) delete process.env[name];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts an image uploaded in the library into the bucket', async () => {
    await uploadThroughLibrary(await photo('moede-i-banken.jpg'));
    // The library's own word that it is done, then the files in the bucket.
    await page.getByText('1 fil lagt op').waitFor({ timeout: 30_000 });
    const keys = await objectKeys(s3, BUCKET);
    expect(keys.some((key) => key.startsWith('moede_i_banken'))).toBe(true);
    expect(keys.some((key) => key.startsWith('thumbnail_moede_i_banken'))).toBe(true);
  });

  it('says in Danish that nothing was kept when the bucket cannot be reached', async () => {
    const file = await photo('uden-forbindelse.jpg');
    const port = s3.port;
    await s3.stop();
    try {
      await uploadThroughLibrary(file);
      const message = page.getByText(/Filen kunne ikke gemmes/).first();
      await message.waitFor({ timeout: 60_000 });
      const shots = path.join(testsDir, 'artifacts', 'media-s3');
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'upload-refused.png') });
      expect(await message.textContent()).toContain('Intet er gemt');
    } finally {
      s3 = await startS3Server(path.join(dir, 's3'), [], port);
    }
    expect(
      (await objectKeys(s3, BUCKET)).filter((key) => key.includes('uden_forbindelse')),
    ).toEqual([]);
    const stored = await cms.strapi.db
      .query('plugin::upload.file')
      .count({ where: { name: 'uden-forbindelse.jpg' } });
    expect(stored).toBe(0);
  }, 120_000);
});
