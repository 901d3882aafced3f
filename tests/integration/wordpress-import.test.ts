// The WordPress import as the consultant runs it: `web/cli/import.ts` (what `npm run import`
// runs) against a real CMS, then the real site server building from it. What a reader gets: every
// published post and page at its new address with its date and text, every old address answering
// 301 there, valid HTML, a valid feed. And what the operator gets: a dry run that writes nothing, a
// second run that changes nothing, an edited entry that survives, a broken file named by its line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Parser from 'rss-parser';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_RECORD_UID, RESERVED_PAGE_SLUGS, type ImportRecord } from '@blog/shared';
import type { ImportReport } from '../../web/import/wordpress-import';
import { htmlErrors } from '../helpers/html-validation';
import { runImportCommand } from '../helpers/import-command';
import { testsDir, webDir } from '../helpers/paths';
import { rawRequest } from '../helpers/raw-http';
import {
  freePort,
  siteServerEnv,
  startCmsForSite,
  startSiteServer,
  type RunningSiteServer,
} from '../helpers/site-server';
import { found, type TestCms } from '../helpers/test-cms';
import { uploadsMadeFromNow } from '../helpers/test-media';

const FIXTURES = path.join(testsDir, 'fixtures', 'wordpress');
const EXPORT = path.join(FIXTURES, 'gammel-blog.xml');
const UPLOADS = path.join(FIXTURES, 'uploads');
const SECRETS = { webhook: 'test-webhook-secret-wp01', preview: 'test-preview-secret-wp01' };

let cms: TestCms;
let site: RunningSiteServer;
let firstRun: ImportRun;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wordpress-import-'));
// Inside web/, so the on-demand server code of each build resolves its packages from node_modules.
const buildsDir = path.join(webDir, `.test-builds-wordpress-${process.pid}`);
const liveDir = path.join(buildsDir, 'live', 'client');
// The import's images go into the app's own uploads folder.
const removeUploads = uploadsMadeFromNow();

interface ImportRun {
  code: number | null;
  output: string;
  report: ImportReport | null;
}

/** Runs the import command as `npm run import` does, against the test CMS, with its report. */
async function runImport(args: string[]): Promise<ImportRun> {
  const reportFile = path.join(scratch, `report-${Date.now()}-${Math.random()}.json`);
  const run = await runImportCommand(cms, [...args, '--report', reportFile]);
  return {
    ...run,
    report: fs.existsSync(reportFile)
      ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ImportReport)
      : null,
  };
}

const ledgerKeys = async () =>
  (
    (await cms.strapi.db.query(IMPORT_RECORD_UID as 'api::post.post').findMany({
      select: ['key' as 'title'],
    })) as unknown as Array<{ key: string }>
  )
    .map((row) => row.key)
    .sort();

/** The entry an import key became (through the import's own bookkeeping). */
async function entryOf(key: string) {
  const row = found(
    (await cms.strapi.db
      .query(IMPORT_RECORD_UID as 'api::post.post')
      .findOne({ where: { key } as never })) as unknown as { entryId: string; target: string },
    `the import record ${key}`,
  );
  return row.entryId;
}

/** Every entry's last change, to prove a run wrote nothing. */
async function lastChanges(): Promise<string[]> {
  const uids = ['api::post.post', 'api::page.page', 'api::tag.tag', 'api::author.author'] as const;
  const rows = await Promise.all(
    uids.map((uid) =>
      cms.strapi.db.query(uid).findMany({ select: ['documentId', 'updatedAt', 'publishedAt'] }),
    ),
  );
  return rows
    .flat()
    .map((row) => `${row.documentId} ${String(row.updatedAt)} ${String(row.publishedAt)}`)
    .sort();
}

const get = (urlPath: string) => rawRequest(`${site.url}${urlPath}`, { method: 'GET' });

beforeAll(async () => {
  const sitePort = await freePort();
  cms = await startCmsForSite(sitePort, SECRETS);
  firstRun = await runImport(['wordpress', EXPORT, '--uploads', UPLOADS]);
  if (firstRun.code !== 0) throw new Error(`The import failed:\n${firstRun.output}`);
  site = await startSiteServer(siteServerEnv(cms, SECRETS, buildsDir), sitePort);
}, 300_000);

afterAll(async () => {
  await site?.stop();
  await cms?.destroy();
  fs.rmSync(buildsDir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
  removeUploads();
});

describe('npm run import -- wordpress', () => {
  it('reports what it brought over, what it skipped and why, and what is missing', () => {
    const report = found(firstRun.report, 'the report');
    expect(report.counts.author).toEqual({ created: 2 });
    // The seeded first post is the old blog's post 12: it is kept as it is, not made twice, and
    // so are the tags the seed already has.
    expect(report.counts.post).toEqual({ created: 6, matched: 1 });
    expect(report.counts.page).toEqual({ created: 2 });
    expect(report.skipped).toMatchObject({
      'in the trash': 1,
      'a menu item': 2,
      'a revision': 1,
      comments: 2,
      'an empty page at an address of the new site': 1,
    });
    // The featured image and the resized copy in the text are one file: uploaded once.
    expect(report.images).toEqual({ created: 1 });
    expect(report.missingImages).toEqual([
      { url: '2014/06/mangler-300x200.jpg', usedBy: ['wordpress:post:12'] },
    ]);
    const notes = (key: string) =>
      report.entries.find((entry) => entry.key === key)?.notes.join(' ') ?? '';
    expect(notes('wordpress:post:23')).toContain('private on WordPress');
    expect(notes('wordpress:post:50')).toContain('removed <script>');
    expect(notes('wordpress:page:31')).toContain('/kontakt-side/');
    expect(firstRun.output).toMatch(/posts and pages: 10 of 10/);
    expect(firstRun.output).toContain('images not found (1)');
  });

  it('brings posts in with their dates, states, authors, tags, covers and old addresses', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const published = found(
      await posts.findOne({
        documentId: await entryOf('wordpress:post:20'),
        status: 'published',
        populate: { author: true, tags: true, cover: true },
      }),
      'post 20, published',
    );
    expect(published.title).toBe('Mine holdninger til salg');
    expect(new Date(published.date!).toISOString()).toBe('2015-02-03T12:30:00.000Z');
    expect(published.author?.name).toBe('Gæsteskribent');
    // The category "Salg" and the tag "salg" are one tag; "Uncategorized" is none.
    expect(published.tags?.map((tag) => tag.name)).toEqual(['Salg']);
    expect(published.cover?.alternativeText).toBe('Klitter og hav ved Skagen');
    expect(published.oldAddresses).toEqual(
      expect.arrayContaining(['/2015/02/03/holdninger/', '/?p=20', '/archives/20/']),
    );

    // draft, pending and private: drafts, never published; future: published with its date ahead.
    for (const id of [21, 22, 23]) {
      const documentId = await entryOf(`wordpress:post:${id}`);
      expect(await posts.findOne({ documentId, status: 'published' })).toBeNull();
      expect(await posts.findOne({ documentId, status: 'draft' })).not.toBeNull();
    }
    const scheduled = await posts.findOne({
      documentId: await entryOf('wordpress:post:24'),
      status: 'published',
    });
    expect(new Date(found(scheduled?.date, 'a date')).getTime()).toBeGreaterThan(Date.now());
    expect(await ledgerKeys()).not.toContain('wordpress:post:25'); // the trash

    // No two tags of one name, whether the seed or the import made them.
    const tags = await cms.strapi.documents('api::tag.tag').findMany({ status: 'draft' });
    const names = tags.map((tag) => String(tag.name).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('shows every published post and page at its new address, with its date and text', async () => {
    const post = await get('/blog/holdninger/');
    expect(post.status).toBe(200);
    const html = parse(post.body.toString());
    expect(html.querySelector('h1')?.text).toBe('Mine holdninger til salg');
    expect(html.querySelector('time')?.text).toBe('3. februar 2015');
    expect(html.querySelector('article')?.text).toContain('Sælg det, kunden har brug for.');
    expect(html.querySelector('figcaption')?.text).toContain('Skagen om vinteren');

    const page = await get('/om-mig/');
    expect(page.status).toBe(200);
    const about = parse(page.body.toString());
    expect(about.querySelector('h1')?.text).toBe('Om mig');
    expect(about.querySelector('article')?.text).toContain('Jeg har solgt i tyve år.');
    // It was in the old blog's menu, so it is in the new one.
    const menu = about.querySelectorAll('nav[aria-label="Hovedmenu"] a').map((a) => a.text);
    expect(menu).toEqual(['Blog', 'Mine holdninger', 'Om mig', 'Kontakt', 'Søg']);
    expect((await get('/kontakt-side/')).status).toBe(200);
    // The hostile post's script is gone; its title is the text the old blog's readers saw.
    const hostile = (await get('/blog/farlig/')).body.toString();
    expect(hostile).toContain('<h1>Farlig</h1>');
    expect(hostile).not.toMatch(/alert\(|javascript:|onclick/);
    // Drafts and the scheduled post are not on the site.
    expect((await get('/blog/kommer-senere/')).status).toBe(404);
    expect((await get('/blog/til-godkendelse/')).status).toBe(404);

    const sitemap = (await get('/sitemap-0.xml')).body.toString();
    expect(sitemap).toContain('/om-mig/</loc>');
    expect(sitemap).not.toContain('/2015/02/03/holdninger/');
  });

  it('has every published imported entry at its address, and every one of its old addresses leading there', async () => {
    const types = [
      ['api::post.post', (slug: string) => `/blog/${slug}/`],
      ['api::page.page', (slug: string) => `/${slug}/`],
      ['api::tag.tag', (slug: string) => `/emner/${slug}/`],
      ['api::author.author', (slug: string) => `/forfattere/${slug}/`],
    ] as const;
    const keys = await ledgerKeys();
    let checked = 0;
    for (const [uid, address] of types) {
      const entries = (await cms.strapi.db.query(uid).findMany({
        where: { publishedAt: { $notNull: true } },
        select: [
          'documentId',
          'slug',
          'oldAddresses',
          ...(uid === 'api::post.post' ? ['date'] : []),
        ] as never,
      })) as Array<{
        documentId: string;
        slug: string;
        oldAddresses: string[] | null;
        date?: string;
      }>;
      for (const entry of entries) {
        const imported = await cms.strapi.db
          .query(IMPORT_RECORD_UID as 'api::post.post')
          .findOne({ where: { entryId: entry.documentId } as never });
        if (!imported || (entry.date && new Date(entry.date) > new Date())) continue;
        const to = address(entry.slug);
        expect({ to, status: (await get(to)).status }).toEqual({ to, status: 200 });
        for (const from of entry.oldAddresses ?? []) {
          const response = await get(from);
          // An old address that is a page of the new site (a section, its own page) stays that page.
          if (response.status === 200) {
            expect(from === to || /^\/(holdninger|kontakt|blog)\/$/.test(from), from).toBe(true);
            continue;
          }
          expect({ from, status: response.status, location: response.headers.location }).toEqual({
            from,
            status: 301,
            location: to,
          });
          checked++;
        }
      }
    }
    expect(keys.length).toBeGreaterThan(10);
    expect(checked, 'old addresses followed').toBeGreaterThan(40);
  });

  it('answers every old address with a 301 to the new page, also the old ?p= links', async () => {
    const expectations: Array<[string, string]> = [
      ['/2015/02/03/holdninger/', '/blog/holdninger/'],
      ['/2015/02/holdninger/', '/blog/holdninger/'],
      ['/?p=20', '/blog/holdninger/'],
      ['/?p=20&utm_source=nyhedsbrev', '/blog/holdninger/'],
      ['/archives/20/', '/blog/holdninger/'],
      ['/2014/06/18/ikke-flere-kunder-tak/', '/blog/ikke-flere-kunder-tak/'],
      ['/?page_id=30', '/om-mig/'],
      ['/category/salg/', '/emner/salg/'],
      ['/category/salg/salgstraening/', '/emner/salgstraening/'],
      ['/tag/salg-2/', '/emner/salg/'],
      ['/tag/kunder/feed/', '/emner/kunder/'],
      ['/author/kim/', '/forfattere/kim-aekvator/'],
      ['/feed/', '/rss.xml'],
      // The old date archives lead to the year's archive.
      ['/2015/02/', '/arkiv/2015/'],
      ['/2014/', '/arkiv/2014/'],
    ];
    for (const [from, to] of expectations) {
      const response = await get(from);
      expect({ from, status: response.status, location: response.headers.location }).toEqual({
        from,
        status: 301,
        location: to,
      });
    }
    // An old address that is a page of the new site is that page, never a redirect: the old
    // blog's /kontakt/ page and /holdninger/ (the post's short form) stay the site's own.
    expect((await get('/kontakt/')).status).toBe(200);
    expect((await get('/holdninger/')).status).toBe(200);
    // A static host gets a redirect page for each old path (a query has no file of its own).
    expect(fs.existsSync(path.join(liveDir, '2015', '02', '03', 'holdninger', 'index.html'))).toBe(
      true,
    );
    expect(fs.existsSync(path.join(liveDir, 'category', 'salg', 'index.html'))).toBe(true);
  });

  it('keeps every page valid HTML and the feed a valid feed', async () => {
    const files = fs
      .readdirSync(liveDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name === 'index.html')
      .map((entry) => path.relative(liveDir, path.join(entry.parentPath, entry.name)));
    expect(files).toContain(path.join('om-mig', 'index.html'));
    expect(await htmlErrors(liveDir, files)).toEqual([]);
    const feed = await new Parser().parseString((await get('/rss.xml')).body.toString());
    const titles = feed.items.map((item) => item.title);
    expect(titles).toEqual(expect.arrayContaining(['Mine holdninger til salg', 'Farlig']));
    expect(titles).not.toContain('Kommer senere');
  });

  it('changes nothing when run again', async () => {
    const before = await lastChanges();
    const again = await runImport(['wordpress', EXPORT, '--uploads', UPLOADS]);
    expect(again.code).toBe(0);
    const report = found(again.report, 'the report');
    expect(report.counts).toEqual({
      author: { unchanged: 2 },
      tag: { unchanged: 3 },
      post: { unchanged: 7 },
      page: { unchanged: 2 },
    });
    expect(report.images).toEqual({ unchanged: 1 });
    expect(await lastChanges()).toEqual(before);
  });

  it('updates what changed on WordPress, and leaves alone what the editor changed', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const edited = await entryOf('wordpress:post:20');
    await posts.update({ documentId: edited, data: { title: 'Min egen titel' } });
    await posts.publish({ documentId: edited });
    // The old blog changed both posts since.
    const changed = path.join(scratch, 'aendret.xml');
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(EXPORT, 'utf8')
        .replace('Skrevet i <em>blokeditoren</em>', 'Omskrevet i <em>blokeditoren</em>')
        .replace('Planlagt indlæg.', 'Planlagt og rettet indlæg.'),
    );
    expect(fs.readFileSync(changed, 'utf8')).toContain('Planlagt og rettet indlæg.');
    const run = await runImport(['wordpress', changed, '--uploads', UPLOADS]);
    expect(run.code).toBe(0);
    const report = found(run.report, 'the report');
    expect(report.counts.post).toEqual({ edited: 1, updated: 1, unchanged: 5 });
    expect(run.output).toMatch(
      /left as they are in the CMS[^\n]*\n\s+Mine holdninger til salg \(edited, \/blog\/holdninger\/\)/,
    );
    const kept = found(await posts.findOne({ documentId: edited }), 'post 20');
    expect(kept.title).toBe('Min egen titel');
    expect(JSON.stringify(kept.body)).not.toContain('Omskrevet');
    const updated = found(
      await posts.findOne({ documentId: await entryOf('wordpress:post:24') }),
      'post 24',
    );
    expect(JSON.stringify(updated.body)).toContain('Planlagt og rettet indlæg.');
  });

  it('reports a dry run without writing anything', async () => {
    const before = await lastChanges();
    const keys = await ledgerKeys();
    const changed = path.join(scratch, 'ny.xml');
    fs.writeFileSync(
      changed,
      fs
        .readFileSync(EXPORT, 'utf8')
        .replace('<wp:post_id>50</wp:post_id>', '<wp:post_id>51</wp:post_id>'),
    );
    const run = await runImport(['wordpress', changed, '--uploads', UPLOADS, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('Dry run (nothing was written)');
    expect(found(run.report, 'the report').counts.post).toMatchObject({ created: 1 });
    expect(await lastChanges()).toEqual(before);
    expect(await ledgerKeys()).toEqual(keys);
  });

  it('reports a post too large for one request as failed, and goes on with the rest', async () => {
    const huge = path.join(scratch, 'stor.xml');
    fs.writeFileSync(
      huge,
      fs
        .readFileSync(EXPORT, 'utf8')
        .replace('<![CDATA[Venter.]]>', `<![CDATA[${'Meget lang tekst. '.repeat(60_000)}]]>`),
    );
    const run = await runImport(['wordpress', huge, '--dry-run']);
    expect(run.code).toBe(1);
    const report = found(run.report, 'the report');
    expect(report.entries.find((entry) => entry.key === 'wordpress:post:22')).toMatchObject({
      action: 'failed',
      notes: [expect.stringContaining('too large to hand to the CMS')],
    });
    expect(report.counts.post).toMatchObject({ failed: 1 });
    expect(run.output).toContain('FAILED');
  });

  it('fails on a file that is not a WordPress export, naming the line', async () => {
    const broken = path.join(scratch, 'broken.xml');
    const text = fs.readFileSync(EXPORT, 'utf8');
    fs.writeFileSync(broken, text.replace('</wp:post_type>', '</wp:post_typ>'));
    const malformed = await runImport(['wordpress', broken]);
    expect(malformed.code).toBe(1);
    expect(malformed.output).toMatch(/The import stopped: .*line \d+/);

    const feed = path.join(scratch, 'feed.xml');
    fs.writeFileSync(feed, '<rss version="2.0"><channel><title>x</title></channel></rss>');
    const foreign = await runImport(['wordpress', feed]);
    expect(foreign.code).toBe(1);
    expect(foreign.output).toContain('Not a WordPress export');

    const missing = await runImport(['wordpress', path.join(scratch, 'findes-ikke.xml')]);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('No file at');
  });

  it('refuses records the CMS cannot take, naming what is wrong', async () => {
    const response = await fetch(`${cms.url}/api/content-import/entries`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cms.importToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        records: [
          { type: 'opinion', key: 'x:1', state: 'published', fields: {}, oldAddresses: [] },
          {
            type: 'post',
            key: 'x:2',
            state: 'published',
            fields: { slug: 'uden-titel' },
            oldAddresses: [],
          } satisfies ImportRecord,
        ],
      }),
    });
    const { data } = (await response.json()) as {
      data: Array<{ action: string; message: string }>;
    };
    expect(data[0]).toMatchObject({
      action: 'failed',
      message: expect.stringContaining('opinion'),
    });
    expect(data[1]).toMatchObject({ action: 'failed', message: expect.stringContaining('title') });
    // The import's token can do nothing else: not even read a post.
    const read = await fetch(`${cms.url}/api/posts`, {
      headers: { Authorization: `Bearer ${cms.importToken}` },
    });
    expect(read.status).toBe(403);
  });

  it("refuses a page whose address is one of the site's sections", async () => {
    for (const slug of ['kontakt', 'blog']) {
      expect(RESERVED_PAGE_SLUGS.has(slug)).toBe(true);
      await expect(
        cms.strapi.documents('api::page.page').create({ data: { title: 'Kontakt', slug } }),
      ).rejects.toThrow(`Adressen /${slug}/ bruges af sitet selv`);
    }
  });
});
