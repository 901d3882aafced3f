import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse, type HTMLElement } from 'node-html-parser';
import Parser from 'rss-parser';
import type { Modules } from '@strapi/strapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutControlCharacters } from '@blog/shared';
import { StaticSite } from '../../web/server/static-files';
import { hasChromium, launchChromium, noChromiumReason } from '../helpers/browser';
import { listFiles, redirectPages } from '../helpers/output';
import { runSiteBuild, type BuildRun } from '../helpers/site-build';
import { found, startTestCms, type TestCms } from '../helpers/test-cms';
import { addTestImage, type TestImage } from '../helpers/test-media';
import { htmlErrors } from '../helpers/html-validation';
import {
  HOSTILE_URLS,
  PAYLOADS,
  hostileBody,
  hostileLinks,
  megabyteBody,
} from '../fixtures/hostile-content';

const SITE_URL = 'https://blog.example.test';
const payloads = Object.entries(PAYLOADS);
const clean = (value: string) => withoutControlCharacters(value).trim();

let cms: TestCms;
let outDir: string;
let build: BuildRun;
let pages: string[];
const postSlugs = new Map<string, string>();
const keepSlug = (name: string, slug: string | null | undefined) =>
  postSlugs.set(name, found(slug, `a slug for ${name}`));
let caseCount = 0;
let image: TestImage | undefined;

beforeAll(async () => {
  cms = await startTestCms();
  // Hostile content is malformed on purpose (markup where text belongs, broken rich text), so it
  // goes in as JSON, past the types the schemas give the document service.
  type Collection =
    | 'api::post.post'
    | 'api::opinion.opinion'
    | 'api::page.page'
    | 'api::author.author'
    | 'api::tag.tag';
  const create = async (uid: Collection, data: Record<string, unknown>, publish = true) => {
    caseCount++;
    try {
      return await cms.strapi.documents(uid).create({
        data: data as Modules.Documents.Params.Data.Input<Collection>,
        ...(publish ? { status: 'published' } : {}),
      });
    } catch (error) {
      throw new Error(
        `${uid} ${JSON.stringify(data).slice(0, 200)}: ${JSON.stringify((error as { details?: unknown }).details).slice(0, 1500)}`,
        { cause: error },
      );
    }
  };

  image = await addTestImage(cms, {
    name: 'hostile',
    width: 10,
    height: 10,
    format: 'png',
    alt: PAYLOADS.imgOnerror!,
  });
  const media = await cms.strapi.db
    .query('plugin::upload.file')
    .update({ where: { id: image.file.id }, data: { caption: PAYLOADS.scriptTag } });
  const author = await create('api::author.author', {
    name: `Forfatter ${PAYLOADS.scriptTag}`,
    role: PAYLOADS.attributeBreakout,
    bio: `${PAYLOADS.titleClose} ${PAYLOADS.controls} ${PAYLOADS.rightToLeft}`,
    phone: PAYLOADS.imgOnerror.slice(0, 40),
    photo: media.id,
    links: HOSTILE_URLS.map((url) => ({ label: `${PAYLOADS.svgOnload} ${url}`.slice(0, 80), url })),
  });
  const tags = [];
  for (const [name, payload] of payloads)
    tags.push(await create('api::tag.tag', { name: `${name}: ${payload}`.slice(0, 80) }));
  await create('api::tag.tag', { name: 'Emne uden indlæg' });

  for (const [name, payload] of payloads) {
    const post = await create('api::post.post', {
      title: payload,
      excerpt: payload,
      body: hostileBody(media),
      author: author.documentId,
      tags: tags.map((tag) => tag.documentId),
      cover: media.id,
      seo: { metaTitle: payload.slice(0, 70), metaDescription: payload },
    });
    keepSlug(name, post.slug);
  }
  for (const [, payload] of payloads)
    await create('api::opinion.opinion', {
      title: payload,
      statement: payload,
      body: hostileBody(media),
    });

  // Standalone pages, one of them in the menu: its title is then on every page of the site.
  for (const [name, payload] of payloads)
    await create('api::page.page', {
      title: payload,
      body: hostileBody(media),
      showInNavigation: name === 'scriptTag',
      seo: { metaTitle: payload.slice(0, 70), metaDescription: payload },
    });

  // The CMS refuses javascript:/data: links itself; write them past it, onto draft and published rows.
  await expect(
    create('api::post.post', { title: 'Afvist', body: [hostileLinks()] }),
  ).rejects.toThrow(/valid link/);
  caseCount--;
  await cms.strapi.db.query('api::post.post').updateMany({
    where: { slug: postSlugs.get('scriptTag') },
    data: { body: [...hostileBody(media), hostileLinks()] },
  });

  keepSlug(
    'megabyte',
    (await create('api::post.post', { title: 'Et indlæg på en megabyte', body: megabyteBody() }))
      .slug,
  );
  keepSlug('empty', (await create('api::post.post', { title: 'Et tomt indlæg', body: [] })).slug);
  keepSlug('nobody', (await create('api::post.post', { title: 'Et indlæg uden brødtekst' })).slug);
  keepSlug('twin1', (await create('api::post.post', { title: 'Samme titel' })).slug);
  keepSlug('twin2', (await create('api::post.post', { title: 'Samme titel' })).slug);
  const leaving = await create('api::author.author', { name: 'Forfatter der slettes' });
  keepSlug(
    'orphan',
    (
      await create('api::post.post', {
        title: 'Forfatteren er slettet',
        author: leaving.documentId,
      })
    ).slug,
  );
  await cms.strapi.documents('api::author.author').delete({ documentId: leaving.documentId });
  const unpublishedAuthor = await create('api::author.author', { name: 'Upubliceret forfatter' });
  keepSlug(
    'draftAuthor',
    (
      await create('api::post.post', {
        title: 'Forfatteren er ikke udgivet',
        author: unpublishedAuthor.documentId,
      })
    ).slug,
  );
  await cms.strapi
    .documents('api::author.author')
    .unpublish({ documentId: unpublishedAuthor.documentId });

  const sites = cms.strapi.documents('api::site.site');
  const site = found(
    await sites.findFirst({ populate: ['contact', 'navigation'] }),
    'the site settings',
  );
  await sites.update({
    documentId: site.documentId,
    data: {
      siteTitle: `Salg ${PAYLOADS.titleClose}`.slice(0, 120),
      tagline: PAYLOADS.imgOnerror,
      description: PAYLOADS.cdataClose,
      contact: {
        heading: PAYLOADS.scriptTag,
        text: PAYLOADS.svgOnload,
        email: 'kontakt@example.dk',
        phone: PAYLOADS.attributeBreakout.slice(0, 40),
      },
      navigation: {
        blog: PAYLOADS.svgOnload.slice(0, 40),
        opinions: 'Mine holdninger',
        contact: 'Kontakt',
      },
    },
  });
  caseCount += 5;

  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-hostile-'));
  build = await runSiteBuild({ CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL }, outDir);
  pages = listFiles(outDir).filter((file) => file.endsWith('.html'));
});

afterAll(async () => {
  image?.remove();
  await cms?.destroy();
});

const read = (file: string) => fs.readFileSync(path.join(outDir, file), 'utf8');
const postPage = (key: string) => parse(read(path.join('blog', postSlugs.get(key)!, 'index.html')));

/** Every attribute of every element, as [element, name, value]. */
function attributes(root: HTMLElement): Array<[string, string, string]> {
  return root
    .querySelectorAll('*')
    .flatMap((element) =>
      Object.entries(element.attributes).map(
        ([name, value]) => [element.rawTagName, name, value] as [string, string, string],
      ),
    );
}

describe('hostile content', () => {
  it('is a corpus of at least 40 cases', () => {
    expect(caseCount + HOSTILE_URLS.length).toBeGreaterThanOrEqual(40);
  });

  it('builds', () => {
    expect(build.code, build.output).toBe(0);
  });

  it('keeps every page valid HTML (html-validate, recommended rules), whatever the content', async () => {
    // The payloads are deliberately overlong titles; a title's length is the editor's call, not markup.
    expect((await htmlErrors(outDir, pages, { 'long-title': 'off' })).join('\n')).toBe('');
  });

  it('never becomes markup: no script, no event handler, no frame, no dangerous URL on any page (parsed)', () => {
    expect(pages.length).toBeGreaterThan(payloads.length * 2);
    for (const file of pages) {
      const root = parse(read(file));
      for (const tag of ['iframe', 'svg', 'object', 'embed', 'base']) {
        expect(root.querySelectorAll(tag), `${tag} in ${file}`).toHaveLength(0);
      }
      // The forms are the site's own, posting to the site server: the contact form, the
      // newsletter's sign-up (under every post and on its page) and its confirm and unsubscribe
      // buttons.
      const isPost =
        /^blog\/[^/]+\/index\.html$/.test(file) &&
        !root.querySelector('meta[http-equiv="refresh"]');
      const forms: Record<string, string> = {
        'kontakt/index.html': 'post /kontakt/send',
        'nyhedsbrev/index.html': 'post /nyhedsbrev/tilmeld',
        'nyhedsbrev/bekraeft/index.html': 'post /nyhedsbrev/bekraeft/',
        'nyhedsbrev/afmeld/index.html': 'post /nyhedsbrev/afmeld/',
      };
      const form = isPost ? 'post /nyhedsbrev/tilmeld' : forms[file];
      expect(
        root
          .querySelectorAll('form')
          .map((form) => `${form.getAttribute('method')} ${form.getAttribute('action')}`),
        `forms in ${file}`,
      ).toEqual(form ? [form] : []);
      // The only scripts are JSON-LD data blocks, each one intact JSON document, the search
      // page's two files (Pagefind's interface and the line that starts it) and a form's own
      // (a file of the site's): the contact form's checks, the sign-up form's stamp.
      const scripts = root.querySelectorAll('script');
      const code = scripts
        .filter((script) => script.getAttribute('type') !== 'application/ld+json')
        .map((script) => script.getAttribute('src'));
      const formScript =
        isPost || file === 'kontakt/index.html' || file === 'nyhedsbrev/index.html';
      expect(code, `scripts in ${file}`).toEqual(
        file === 'soeg/index.html'
          ? ['/pagefind/pagefind-ui.js', '/search.js']
          : formScript
            ? [expect.stringMatching(/^\/_astro\/[\w.-]+\.js$/)]
            : [],
      );
      for (const script of scripts.filter((script) => script.getAttribute('src') === undefined)) {
        expect(script.getAttribute('type'), `script in ${file}`).toBe('application/ld+json');
        expect(() => JSON.parse(script.rawText), `JSON-LD in ${file}`).not.toThrow();
        expect(script.rawText, `JSON-LD in ${file}`).not.toMatch(/<\/script/i);
      }
      for (const [element, name, value] of attributes(root)) {
        expect(name.toLowerCase().startsWith('on'), `${element}[${name}] in ${file}`).toBe(false);
        if (['href', 'src', 'action', 'formaction', 'srcset'].includes(name.toLowerCase())) {
          // eslint-disable-next-line no-control-regex -- control characters are what it looks for
          const squashed = value.replace(/[\s\u0000-\u001F]/g, '').toLowerCase();
          expect(
            /^(javascript|data|vbscript):/.test(squashed),
            `${element}[${name}]=${value} in ${file}`,
          ).toBe(false);
          expect(squashed.startsWith('//'), `${element}[${name}]=${value} in ${file}`).toBe(false);
        }
      }
    }
  });

  it('shows each payload as the text it is, without control characters', () => {
    for (const [name, payload] of payloads) {
      const doc = postPage(name);
      expect(doc.querySelector('h1')!.text, name).toBe(clean(payload));
      expect(doc.querySelector('title')!.text, name).toContain(clean(payload));
      expect(doc.querySelector('meta[name=description]')!.getAttribute('content'), name).toBe(
        clean(payload),
      );
      const posting = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.rawText);
      expect(posting.headline, name).toBe(clean(payload));
    }
    const raw = read(path.join('blog', postSlugs.get('controls')!, 'index.html'));
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(raw).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('keeps the words of a dangerous link but drops the link', () => {
    const doc = postPage('scriptTag');
    const texts = doc.querySelectorAll('.prose p').map((p) => p.text);
    for (const url of HOSTILE_URLS)
      expect(
        texts.some((t) => t.includes(`link ${withoutControlCharacters(url)}`)),
        url,
      ).toBe(true);
    expect(doc.querySelectorAll('.prose a').map((a) => a.getAttribute('href'))).toEqual([
      'https://example.test/" onclick="window.__pwned=1',
    ]);
  });

  it('copes with a 1 MB post, an empty one, duplicate titles, a deleted or unpublished author and a tag with no posts', () => {
    expect(
      fs.statSync(path.join(outDir, 'blog', postSlugs.get('megabyte')!, 'index.html')).size,
    ).toBeGreaterThan(1_000_000);
    expect(postPage('empty').querySelector('h1')!.text).toBe('Et tomt indlæg');
    expect(postPage('nobody').querySelector('h1')!.text).toBe('Et indlæg uden brødtekst');
    expect([postSlugs.get('twin1'), postSlugs.get('twin2')]).toEqual([
      'samme-titel',
      'samme-titel-2',
    ]);
    expect(postPage('twin2').querySelector('h1')!.text).toBe('Samme titel');
    expect(postPage('orphan').querySelector('a[rel=author]')).toBeNull();
    expect(postPage('draftAuthor').querySelector('a[rel=author]')).toBeNull();
    expect(parse(read('emner/emne-uden-indlaeg/index.html')).text).toContain(
      'Der er ingen indlæg om dette emne endnu.',
    );
  });

  it('leaves every feed well-formed, and a feed reader accepts it with the payloads as plain text', async () => {
    for (const feedFile of pages.length
      ? listFiles(outDir).filter((file) => file.endsWith('rss.xml'))
      : []) {
      expect(XMLValidator.validate(read(feedFile)), feedFile).toBe(true);
      await new Parser().parseString(read(feedFile));
    }
    const xml = read('rss.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = await new Parser().parseString(xml);
    const titles = feed.items.map((item) => item.title);
    for (const [name, payload] of payloads) expect(titles, name).toContain(clean(payload));
    const hostile = feed.items.find((item) => item.title === clean(PAYLOADS.cdataClose))!;
    const content = parse(
      (hostile as { 'content:encoded'?: string })['content:encoded'] ?? hostile.content ?? '',
    );
    expect(content.querySelectorAll('script')).toHaveLength(0);
    expect(attributes(content).some(([, name]) => name.startsWith('on'))).toBe(false);
    expect(XMLValidator.validate(read('sitemap-0.xml'))).toBe(true);
    expect(new XMLParser().parse(read('sitemap-0.xml')).urlset.url.length).toBeGreaterThan(
      payloads.length,
    );
  });
});

describe.skipIf(!hasChromium)(
  'hostile content in a real browser (served without a CSP, so only escaping protects)',
  () => {
    it('runs no injected script on any page', async () => {
      const files = StaticSite.load(outDir);
      const server = http.createServer((req, res) => files.serve(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const dialogs: string[] = [];
        page.on('dialog', (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
        // Redirect pages navigate away at once; the pages they lead to are visited themselves.
        const redirects = redirectPages(outDir);
        const visited = pages.filter(
          (file) => !file.includes(postSlugs.get('megabyte')!) && !redirects.has(file),
        );
        for (const file of visited) {
          await page.goto(`${base}/${file.replace(/index\.html$/, '')}`, { waitUntil: 'load' });
          await page.mouse.move(10, 10);
          expect(
            await page.evaluate(() => (window as { __pwned?: unknown }).__pwned),
            file,
          ).toBeUndefined();
        }
        expect(dialogs).toEqual([]);
      } finally {
        await browser.close();
        server.close();
      }
    });
  },
);
if (!hasChromium) console.warn(noChromiumReason);
