import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { parse } from 'node-html-parser';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEED_ALIASES } from '@blog/shared';
import { found, startTestCms, type TestCms } from '../helpers/test-cms';
import { runNpmBuild, runSiteBuild, type SiteBuildRun } from '../helpers/site-build';
import { listFiles, page, readRedirects, redirectPages, textOf } from '../helpers/output';
import { webDir } from '../helpers/paths';
import { addTestImage, type TestImage } from '../helpers/test-media';
import { htmlErrors } from '../helpers/html-validation';
import { SEED_POST_HEADINGS } from '../helpers/seed-post';

const SITE_URL = 'https://blog.example.test';
const SEED_POST = '/blog/ikke-flere-kunder-tak/';
// More than one REST page (100), so the build has to page.
const FILLER_POSTS = 100;
const LONG_TITLE =
  'Fyldindlæg nummer 99 med en meget lang titel, som en importeret blog kan have, når ingen tænkte på søgemaskinerne';
const DRAFT_MARKER = 'HEMMELIGT-UDKAST-7f3a';
const UNPUBLISHED_CHANGE = 'UPUBLICERET-AENDRING-91c2';

let cms: TestCms;
let outDir: string;
let build: SiteBuildRun;

/** What a build's sync report says about one collection. */
const synced = (run: SiteBuildRun, collection: string) =>
  run.report?.sync?.collections.find((report) => report.collection === collection);
const fillerSlugs: string[] = [];
const images: Record<string, TestImage> = {};

beforeAll(async () => {
  cms = await startTestCms();
  const posts = cms.strapi.documents('api::post.post');
  const author = found(
    (await cms.strapi.documents('api::author.author').findMany({ status: 'published' }))[0],
    'the seeded author',
  );

  // A post saved as a draft only, never published.
  await posts.create({
    data: {
      title: `Udkast ${DRAFT_MARKER}`,
      excerpt: DRAFT_MARKER,
      body: [{ type: 'paragraph', children: [{ type: 'text', text: DRAFT_MARKER }] }],
      author: author.documentId,
    },
  });
  // Media files as an upload leaves them: a cover photo, and a figure in the text without alt text.
  images.cover = await addTestImage(cms, {
    name: 'tavle',
    width: 1200,
    height: 800,
    format: 'jpeg',
    alt: 'Tavle med salgstal',
  });
  images.inText = await addTestImage(cms, {
    name: 'graf',
    width: 600,
    height: 400,
    format: 'png',
    alt: null,
  });
  // A published post whose later, unpublished edit must not reach the site.
  const published = await posts.create({
    data: {
      title: 'Offentligt indlæg',
      date: '2012-03-04T10:00:00Z',
      author: author.documentId,
      cover: images.cover.file.id,
      body: [
        { type: 'paragraph', children: [{ type: 'text', text: 'Se grafen.' }] },
        images.inText.block,
      ],
    },
    status: 'published',
  });
  await posts.update({
    documentId: published.documentId,
    data: { title: `Offentligt indlæg ${UNPUBLISHED_CHANGE}` },
  });

  // A post whose slug changed after it was published: its old address must redirect.
  const moved = await posts.create({
    data: { title: 'Flyttet indlæg', date: '2011-05-05T10:00:00Z' },
    status: 'published',
  });
  await posts.update({
    documentId: moved.documentId,
    data: { slug: 'flyttet-indlaeg-ny-adresse' },
  });
  await posts.publish({ documentId: moved.documentId });

  for (let i = 1; i <= FILLER_POSTS - 1; i++) {
    const post = await posts.create({
      data: {
        // The newest filler has a title as long as an imported post's can be.
        title: i === FILLER_POSTS - 1 ? LONG_TITLE : `Fyldindlæg nummer ${i}`,
        date: new Date(Date.UTC(2010, 0, 1, 12) + i * 86_400_000).toISOString(),
      },
      status: 'published',
    });
    fillerSlugs.push(found(post.slug, 'a slug made from the title'));
  }

  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'blog-site-'));
  build = await runSiteBuild({ CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL }, outDir);
  if (build.code !== 0) throw new Error(`The site build failed:\n${build.output}`);
});

afterAll(async () => {
  for (const image of Object.values(images)) image.remove();
  await cms?.destroy();
});

describe('the site built from the real CMS', () => {
  it('reports what it built', () => {
    expect(build.report!.counts).toMatchObject({ posts: 102, opinions: 4, authors: 1, tags: 3 });
    expect(synced(build, 'posts')).toMatchObject({ mode: 'full', published: 102, fetched: 102 });
    // The operator reads the same in the log.
    expect(build.output).toMatch(
      /Built \d+ pages \(102 posts, 4 opinions, 1 authors, 3 tags\) into/,
    );
  });

  it('renders the seed post faithfully: title, Danish date, byline, reading time, eight headings', () => {
    const doc = page(outDir, SEED_POST);
    expect(doc.querySelector('html')!.getAttribute('lang')).toBe('da');
    expect(textOf(doc.querySelector('h1'))).toBe('Ikke flere kunder tak.');
    const time = doc.querySelector('article header time')!;
    expect(time.getAttribute('datetime')).toBe('2014-06-18');
    expect(textOf(time)).toBe('18. juni 2014');
    const byline = doc.querySelector('article header a[rel=author]')!;
    expect(byline.getAttribute('href')).toBe('/forfattere/kim-eksempel/');
    expect(textOf(doc.querySelector('article header .meta'))).toMatch(/\d+ min\. læsning/);
    expect(doc.querySelectorAll('.prose h2').map(textOf)).toEqual(SEED_POST_HEADINGS);
    expect(doc.querySelectorAll('.prose p')).toHaveLength(14);
  });

  it('keeps the call to action links of the old post and adds the contact box and opinions link', () => {
    const doc = page(outDir, SEED_POST);
    const links = doc.querySelectorAll('.prose a').map((a) => [textOf(a), a.getAttribute('href')]);
    expect(links).toEqual([
      ['Kontakt mig', '/kontakt/'],
      ['her', '/holdninger/'],
    ]);
    expect(textOf(doc.querySelector('.contact-cta h2'))).toBe('Lad os tage en snak');
    expect(doc.querySelector('.contact-cta a[href="mailto:kontakt@example.dk"]')).not.toBeNull();
    expect(doc.querySelector('article footer a[href="/holdninger/"]')).not.toBeNull();
    expect(doc.querySelectorAll('.tags a').map((a) => a.getAttribute('href'))).toEqual([
      '/emner/salg/',
      '/emner/kunder/',
      '/emner/salgstraening/',
    ]);
  });

  it('has the contact page that "Kontakt mig" points to, with the contact details', () => {
    const doc = page(outDir, '/kontakt/');
    expect(textOf(doc.querySelector('h1'))).toBe('Kontakt');
    expect(
      doc.querySelector('.contact-details a[href="mailto:kontakt@example.dk"]'),
    ).not.toBeNull();
    expect(doc.querySelector('.contact-details a[href="tel:+4512345678"]')).not.toBeNull();
    expect(doc.querySelector('a[href="/forfattere/kim-eksempel/"]')).not.toBeNull();
  });

  it('lists the opinions by their order, each with its statement, and links each to its posts', () => {
    const doc = page(outDir, '/holdninger/');
    expect(textOf(doc.querySelector('h1'))).toBe('Mine holdninger');
    const items = doc.querySelectorAll('.opinion-list li');
    expect(items.map((li) => textOf(li.querySelector('h2')))).toEqual([
      'Ikke alle kunder er gode kunder',
      'Indsigt i behov før alt andet',
      'Salgstræning er ingen metervare',
      'Sig nej tak',
    ]);
    expect(textOf(items[0]!.querySelector('.statement'))).toBe(
      'De rigtige kunder er vigtigere end flere kunder.',
    );
    for (const item of items) {
      const href = item.querySelector('a')!.getAttribute('href')!;
      const opinion = page(outDir, href);
      expect(opinion.querySelectorAll('.post-list a').map((a) => a.getAttribute('href'))).toContain(
        SEED_POST,
      );
    }
  });

  it('turns the old address of a moved post into a redirect page, left out of the sitemap', () => {
    const old = fs.readFileSync(path.join(outDir, 'blog', 'flyttet-indlaeg', 'index.html'), 'utf8');
    expect(old).toMatch(
      /<meta http-equiv="refresh" content="0;url=\/blog\/flyttet-indlaeg-ny-adresse\/">/,
    );
    const redirects = readRedirects(outDir);
    expect(redirects).toEqual([
      { from: '/blog/flyttet-indlaeg/', to: '/blog/flyttet-indlaeg-ny-adresse/' },
      // A blog's usual feed addresses lead to the feed; the section addresses are redirects too.
      ...FEED_ALIASES.map((from) => ({ from, to: '/rss.xml' })),
      { from: '/blog/', to: '/' },
      { from: '/side/', to: '/' },
    ]);
    const sitemap = fs.readFileSync(path.join(outDir, 'sitemap-0.xml'), 'utf8');
    expect(sitemap).toContain(`${SITE_URL}/blog/flyttet-indlaeg-ny-adresse/`);
    expect(sitemap).not.toContain(`${SITE_URL}/blog/flyttet-indlaeg/<`);
  });

  it('serves CMS images resized by the site: srcset, AVIF and WebP, width and height, eager cover, lazy figures', async () => {
    const doc = page(outDir, '/blog/offentligt-indlaeg/');
    const cover = doc.querySelector('figure.cover picture')!;
    const img = cover.querySelector('img')!;
    expect(img.getAttribute('alt')).toBe('Tavle med salgstal');
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['1200', '800']);
    expect([img.getAttribute('loading'), img.getAttribute('fetchpriority')]).toEqual([
      'eager',
      'high',
    ]);
    expect(img.getAttribute('src')).toMatch(/^\/_astro\/.+\.jpe?g$/);
    expect(cover.querySelectorAll('source').map((source) => source.getAttribute('type'))).toEqual([
      'image/avif',
      'image/webp',
    ]);
    const avif = cover.querySelector('source[type="image/avif"]')!.getAttribute('srcset')!;
    expect(avif.split(', ').map((candidate) => candidate.split(' ')[1])).toEqual([
      '360w',
      '720w',
      '1080w',
      '1200w',
    ]);
    // Every candidate is a real file of that width and format in the output.
    for (const candidate of avif.split(', ')) {
      const [url, width] = candidate.split(' ');
      const meta = await sharp(path.join(outDir, url!)).metadata();
      expect([meta.format, `${meta.width}w`]).toEqual(['heif', width]);
    }
    expect(img.getAttribute('sizes')).toContain('40rem');

    const figure = doc.querySelector('.prose figure picture img')!;
    expect([
      figure.getAttribute('loading'),
      figure.getAttribute('width'),
      figure.getAttribute('alt'),
    ]).toEqual(['lazy', '600', '']);
    expect(
      figure
        .getAttribute('srcset')!
        .split(', ')
        .map((candidate) => candidate.split(' ')[1]),
    ).toEqual(['360w', '600w']);
    expect(page(outDir, SEED_POST).querySelector('figure.cover')).toBeNull();
    // Nothing on the page loads from the CMS itself.
    expect(
      fs.readFileSync(path.join(outDir, 'blog', 'offentligt-indlaeg', 'index.html'), 'utf8'),
    ).not.toContain(cms.url);
  });

  it('reports each image without alt text at build time, naming the file and the page', () => {
    expect(build.output).toContain(
      `Image without alt text: ${cms.url}${images.inText!.file.url} (on /blog/offentligt-indlaeg/)`,
    );
    expect(build.output).not.toContain(images.cover!.file.url);
  });

  it('describes the post for search engines and sharing: canonical, Open Graph, Twitter and BlogPosting JSON-LD', () => {
    const doc = page(outDir, SEED_POST);
    const meta = (selector: string) => doc.querySelector(selector)?.getAttribute('content');
    expect(doc.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(
      `${SITE_URL}${SEED_POST}`,
    );
    expect(meta('meta[property="og:type"]')).toBe('article');
    expect(meta('meta[property="og:title"]')).toBe('Ikke flere kunder tak.');
    expect(meta('meta[property="og:url"]')).toBe(`${SITE_URL}${SEED_POST}`);
    expect(meta('meta[property="og:locale"]')).toBe('da_DK');
    // No cover: a link to it shows the post's share card.
    expect(meta('meta[name="twitter:card"]')).toBe('summary_large_image');
    expect(meta('meta[property="og:image"]')).toBe(`${SITE_URL}${SEED_POST}delekort.png`);
    expect(meta('meta[name="twitter:image"]')).toBe(`${SITE_URL}${SEED_POST}delekort.png`);
    expect(meta('meta[name=description]')).toMatch(/^Engang for længe siden/);
    const posting = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.rawText);
    expect(posting['@type']).toBe('BlogPosting');
    expect(posting.headline).toBe('Ikke flere kunder tak.');
    expect(posting.datePublished).toBe('2014-06-17T22:00:00.000Z');
    expect(posting.dateModified).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(posting.author).toEqual({
      '@type': 'Person',
      name: 'Kim Eksempel',
      url: `${SITE_URL}/forfattere/kim-eksempel/`,
    });
    const cover = page(outDir, '/blog/offentligt-indlaeg/');
    const shareImage = cover.querySelector('meta[property="og:image"]')!.getAttribute('content')!;
    expect(shareImage).toMatch(new RegExp(`^${SITE_URL}/_astro/.+\\.jpe?g$`));
    expect(fs.existsSync(path.join(outDir, new URL(shareImage).pathname))).toBe(true);
    expect(
      JSON.parse(page(outDir, '/').querySelector('script[type="application/ld+json"]')!.rawText)[
        '@type'
      ],
    ).toBe('WebSite');
    const profile = JSON.parse(
      page(outDir, '/forfattere/kim-eksempel/').querySelector('script[type="application/ld+json"]')!
        .rawText,
    );
    expect(profile['@type']).toBe('ProfilePage');
    expect(profile.mainEntity).toMatchObject({ '@type': 'Person', name: 'Kim Eksempel' });
  });

  it('draws a share card (1200×630 PNG under 300 KB) for every post and opinion, kept in the cache by what it shows', async () => {
    const cards = listFiles(outDir).filter((file) => file.endsWith('/delekort.png'));
    const redirects = redirectPages(outDir);
    const pages = listFiles(outDir)
      .filter((file) => /^(blog|holdninger)\/[^/]+\/index\.html$/.test(file))
      .filter((file) => !redirects.has(file));
    expect(cards.length).toBeGreaterThan(FILLER_POSTS);
    expect(cards.sort()).toEqual(
      pages.map((file) => file.replace('index.html', 'delekort.png')).sort(),
    );
    for (const card of cards) {
      const file = path.join(outDir, card);
      const { format, width, height } = await sharp(file).metadata();
      expect({ card, format, width, height }).toEqual({
        card,
        format: 'png',
        width: 1200,
        height: 630,
      });
      expect(fs.statSync(file).size, card).toBeLessThan(300 * 1024);
    }
    // An opinion's page names its card; a post with a cover shows the cover instead (tested above).
    const opinion = cards.find((card) => card.startsWith('holdninger/'))!;
    expect(
      page(outDir, `/${opinion.replace('delekort.png', '')}`)
        .querySelector('meta[property="og:image"]')!
        .getAttribute('content'),
    ).toBe(`${SITE_URL}/${opinion}`);
    // Each card is drawn once for what it shows: the build left it in Astro's cache folder.
    const cache = path.join(
      process.env.SITE_CACHE_DIR ?? path.join(webDir, 'node_modules', '.astro'),
      'share-cards',
    );
    const cached = new Set(
      fs
        .readdirSync(cache)
        .map((name) => fs.readFileSync(path.join(cache, name)).toString('base64')),
    );
    for (const card of cards)
      expect(cached.has(fs.readFileSync(path.join(outDir, card)).toString('base64')), card).toBe(
        true,
      );
  });

  it('links each post to the posts before and after it, and to related posts', () => {
    const doc = page(outDir, '/blog/offentligt-indlaeg/');
    expect(doc.querySelector('.post-neighbours a[rel=next]')!.getAttribute('href')).toBe(SEED_POST);
    expect(doc.querySelector('.post-neighbours a[rel=prev]')!.getAttribute('href')).toBe(
      '/blog/flyttet-indlaeg-ny-adresse/',
    );
    expect(page(outDir, SEED_POST).querySelector('.post-neighbours a[rel=next]')).toBeNull();
    // The seed post shares no tag or opinion with another post, so it has no related posts.
    expect(page(outDir, SEED_POST).querySelector('.related')).toBeNull();
  });

  it('has a yearly archive', () => {
    const archive = page(outDir, '/arkiv/');
    const years = archive
      .querySelectorAll('.archive-years a')
      .map((a) => [textOf(a), a.getAttribute('href')]);
    expect(years[0]).toEqual(['2014', '/arkiv/2014/']);
    expect(years.map(([year]) => year)).toEqual(['2014', '2012', '2011', '2010']);
    expect(
      page(outDir, '/arkiv/2014/')
        .querySelectorAll('.post-list a')
        .map((a) => a.getAttribute('href')),
    ).toEqual([SEED_POST]);
    expect(page(outDir, '/arkiv/2010/').querySelectorAll('.post-list h2 a')).toHaveLength(
      FILLER_POSTS - 1,
    );
  });

  it('has a feed per author and per tag, each discoverable on its page', async () => {
    const authorPage = page(outDir, '/forfattere/kim-eksempel/');
    const links = authorPage
      .querySelectorAll('link[rel=alternate][type="application/rss+xml"]')
      .map((link) => link.getAttribute('href'));
    expect(links).toEqual([`${SITE_URL}/rss.xml`, `${SITE_URL}/forfattere/kim-eksempel/rss.xml`]);
    const authorFeed = await new Parser().parseString(
      fs.readFileSync(path.join(outDir, 'forfattere', 'kim-eksempel', 'rss.xml'), 'utf8'),
    );
    expect(authorFeed.items.map((item) => item.link)).toEqual([
      `${SITE_URL}${SEED_POST}`,
      `${SITE_URL}/blog/offentligt-indlaeg/`,
    ]);
    expect(authorFeed.items[0]!['content:encoded']).toContain('<h2>REN RUNDKREDS</h2>');
    const tagPage = page(outDir, '/emner/salg/');
    expect(
      tagPage.querySelectorAll('link[rel=alternate]').map((link) => link.getAttribute('href')),
    ).toContain(`${SITE_URL}/emner/salg/rss.xml`);
    const tagFeed = await new Parser().parseString(
      fs.readFileSync(path.join(outDir, 'emner', 'salg', 'rss.xml'), 'utf8'),
    );
    expect(tagFeed.title).toBe('Emne: Salg – Salg med holdning');
    expect(tagFeed.items.map((item) => item.title)).toEqual(['Ikke flere kunder tak.']);
  });

  it('has an author page and tag pages listing their posts', () => {
    const author = page(outDir, '/forfattere/kim-eksempel/');
    expect(textOf(author.querySelector('h1'))).toBe('Kim Eksempel');
    expect(author.querySelectorAll('.post-list a').map((a) => a.getAttribute('href'))).toEqual([
      SEED_POST,
      '/blog/offentligt-indlaeg/',
    ]);
    const tag = page(outDir, '/emner/salgstraening/');
    expect(textOf(tag.querySelector('h1'))).toBe('Emne: Salgstræning');
    expect(tag.querySelectorAll('.post-list a').map((a) => a.getAttribute('href'))).toEqual([
      SEED_POST,
    ]);
  });

  it('lists every tag with its number of posts at /emner/, and every author at /forfattere/', () => {
    const listed = (urlPath: string) =>
      page(outDir, urlPath)
        .querySelectorAll('.index-list li')
        .map((item) => ({
          href: item.querySelector('a')!.getAttribute('href')!,
          text: textOf(item),
        }));
    const subpages = (dir: string) =>
      fs
        .readdirSync(path.join(outDir, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `/${dir}/${entry.name}/`);
    const postsOn = (urlPath: string) =>
      page(outDir, urlPath).querySelectorAll('.post-list li').length;

    for (const [index, dir] of [
      ['/emner/', 'emner'],
      ['/forfattere/', 'forfattere'],
    ] as const) {
      const items = listed(index);
      expect(items.map((item) => item.href).sort(), index).toEqual(subpages(dir).sort());
      for (const item of items)
        expect(item.text, item.href).toMatch(new RegExp(` ${postsOn(item.href)} indlæg$`));
      // Sorted by name, the Danish way.
      const names = items.map((item) => item.text);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'da')));
    }
    expect(listed('/emner/')).toContainEqual({
      href: '/emner/salgstraening/',
      text: 'Salgstræning 1 indlæg',
    });
    // Linked from every page (the footer), and from the tag and author pages.
    for (const urlPath of ['/', SEED_POST, '/emner/salgstraening/', '/forfattere/kim-eksempel/']) {
      const links = page(outDir, urlPath)
        .querySelectorAll('a')
        .map((a) => a.getAttribute('href'));
      expect(links, urlPath).toEqual(expect.arrayContaining(['/emner/', '/forfattere/']));
    }
  });

  it('answers every address that begins the address of a page: no shortened address is "not found"', () => {
    const redirects = new Map(
      readRedirects(outDir).map((redirect) => [redirect.from, redirect.to]),
    );
    const pages = listFiles(outDir)
      .filter((file) => file.endsWith('/index.html') || file === 'index.html')
      .map((file) => `/${file.slice(0, -'index.html'.length)}`);
    const prefixes = new Set(
      pages.flatMap((urlPath) =>
        urlPath
          .split('/')
          .slice(1, -2)
          .map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}/`),
      ),
    );
    expect(prefixes).toContain('/blog/');
    const missing = [...prefixes].filter(
      (prefix) => !fs.existsSync(path.join(outDir, prefix, 'index.html')),
    );
    expect(missing).toEqual([]);
    // Those that are no page of their own lead to one (or to a file, as /feed/ to /rss.xml).
    for (const prefix of prefixes) {
      const target = redirects.get(prefix);
      if (target)
        expect(
          pages.includes(target) || fs.existsSync(path.join(outDir, target.slice(1))),
          `${prefix} → ${target}`,
        ).toBe(true);
    }
    expect(redirects.get('/blog/')).toBe('/');
  });

  it('pages the blog newest first: the home page, then pages of 10 that keep their posts, numbered from the oldest', () => {
    const links = (html: ReturnType<typeof page>) =>
      html.querySelectorAll('.post-list h2 a').map((a) => a.getAttribute('href'));
    const pager = (html: ReturnType<typeof page>, rel: string) =>
      html.querySelector(`.pagination a[rel=${rel}]`)?.getAttribute('href') ?? null;
    // 102 posts: the newest page's 2 and the full page before it on the home page, then /side/9/ … /side/1/.
    const first = page(outDir, '/');
    const firstLinks = links(first);
    expect(firstLinks).toHaveLength(12);
    expect(firstLinks[0]).toBe(SEED_POST);
    expect(firstLinks[1]).toBe('/blog/offentligt-indlaeg/');
    expect(pager(first, 'next')).toBe('/side/9/');
    expect(pager(first, 'prev')).toBeNull();
    const oldest = page(outDir, '/side/1/');
    expect(links(oldest)).toEqual(
      fillerSlugs
        .slice(0, 10)
        .reverse()
        .map((slug) => `/blog/${slug}/`),
    );
    expect(pager(oldest, 'next')).toBeNull();
    expect(pager(oldest, 'prev')).toBe('/side/2/');
    expect(pager(page(outDir, '/side/9/'), 'prev')).toBe('/');
    expect(fs.existsSync(path.join(outDir, 'side', '10'))).toBe(false);
    // A page of older posts is named by the dates it spans.
    expect(oldest.querySelector('h1')!.text).toBe('Ældre indlæg');
    expect(oldest.querySelector('title')!.text).toMatch(/^Indlæg \d+\. \S+ 2010 – \d+\. \S+ 2010/);
    // Every post is on exactly one page.
    const all = [
      firstLinks,
      ...Array.from({ length: 9 }, (_, i) => links(page(outDir, `/side/${i + 1}/`))),
    ].flat();
    expect(all).toHaveLength(102);
    expect(new Set(all).size).toBe(102);
    for (const slug of fillerSlugs)
      expect(fs.existsSync(path.join(outDir, 'blog', slug, 'index.html'))).toBe(true);
  });

  it('serves an RSS 2.0 feed in Danish of the newest 50 posts, with the full post HTML and absolute links', () => {
    const xml = fs.readFileSync(path.join(outDir, 'rss.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<?xml-stylesheet href="/rss.xsl" type="text/xsl"?>');
    expect(XMLValidator.validate(fs.readFileSync(path.join(outDir, 'rss.xsl'), 'utf8'))).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(feed.rss['@_version']).toBe('2.0');
    const channel = feed.rss.channel;
    expect(channel.language).toBe('da');
    // The newest 50 of the 102 posts: the seed post, the public one, then fillers 100 down to 53.
    expect(channel.item).toHaveLength(50);
    expect(channel.item.at(-1).link).toBe(`${SITE_URL}/blog/fyldindlaeg-nummer-53/`);
    const [first, second] = channel.item;
    expect(first.title).toBe('Ikke flere kunder tak.');
    expect(first.link).toBe(`${SITE_URL}${SEED_POST}`);
    expect(new Date(first.pubDate).toISOString()).toBe('2014-06-17T22:00:00.000Z');
    expect(second.title).toBe('Offentligt indlæg');
    expect(parse(second['content:encoded']).querySelector('img')!.getAttribute('src')).toMatch(
      new RegExp(`^${SITE_URL}/_astro/.+\\.png$`),
    );
    // Every item has a plain-text summary; a post without a body has no empty content:encoded,
    // and the content namespace is declared whatever the items hold (a feed of empty posts too).
    for (const item of channel.item) expect(String(item.description ?? '').trim()).not.toBe('');
    const empty = found(
      channel.item.find((item: { title: string }) => item.title === LONG_TITLE),
      'the post without a body in the feed',
    );
    expect(empty.description).toBe(LONG_TITLE);
    expect(empty['content:encoded']).toBeUndefined();
    expect(feed.rss['@_xmlns:content']).toBe('http://purl.org/rss/1.0/modules/content/');
    const content = parse(first['content:encoded']);
    expect(content.querySelectorAll('h2').map(textOf)).toEqual(SEED_POST_HEADINGS);
    expect(content.querySelectorAll('a').map((a) => a.getAttribute('href'))).toEqual([
      `${SITE_URL}/kontakt/`,
      `${SITE_URL}/holdninger/`,
    ]);
  });

  it('keeps a long title whole on its page and cut at a word in <title>, as search results show it', () => {
    const html = page(outDir, `/blog/${fillerSlugs.at(-1)}/`);
    expect(textOf(html.querySelector('h1'))).toBe(LONG_TITLE);
    const title = textOf(html.querySelector('title'));
    expect(title.length).toBeLessThanOrEqual(70);
    expect(title).toMatch(/^Fyldindlæg nummer 99 med en meget lang titel, som .+…$/);
  });

  it('puts lang="da" and the feed autodiscovery link on every page, and has a 404 page', () => {
    const redirects = redirectPages(outDir);
    expect(redirects).toContain('blog/flyttet-indlaeg/index.html');
    const pages = listFiles(outDir).filter(
      (file) => file.endsWith('.html') && !redirects.has(file),
    );
    expect(pages.length).toBeGreaterThan(FILLER_POSTS);
    for (const file of pages) {
      const doc = parse(fs.readFileSync(path.join(outDir, file), 'utf8'));
      expect(doc.querySelector('html')!.getAttribute('lang'), file).toBe('da');
      expect(
        doc.querySelector('link[rel=alternate][type="application/rss+xml"]')?.getAttribute('href'),
        file,
      ).toBe(`${SITE_URL}/rss.xml`);
    }
    expect(textOf(page(outDir, '/404.html').querySelector('h1'))).toBe('Siden findes ikke');
  });

  it('has a sitemap of every public page and a robots.txt pointing to it', () => {
    const robots = fs.readFileSync(path.join(outDir, 'robots.txt'), 'utf8');
    expect(robots).toContain(`Sitemap: ${SITE_URL}/sitemap-index.xml`);
    const sitemap = new XMLParser().parse(
      fs.readFileSync(path.join(outDir, 'sitemap-0.xml'), 'utf8'),
    );
    const urls: string[] = sitemap.urlset.url.map((entry: { loc: string }) => entry.loc);
    expect(urls).toContain(`${SITE_URL}${SEED_POST}`);
    expect(urls).toContain(`${SITE_URL}/holdninger/`);
    expect(urls).toEqual(expect.arrayContaining([`${SITE_URL}/emner/`, `${SITE_URL}/forfattere/`]));
    expect(urls).not.toContain(`${SITE_URL}/blog/`); // a redirect, not a page
    expect(urls.filter((url) => url.includes('/blog/'))).toHaveLength(2 + FILLER_POSTS);
    expect(urls.some((url) => url.includes('404'))).toBe(false);
    const seedEntry = sitemap.urlset.url.find(
      (entry: { loc: string }) => entry.loc === `${SITE_URL}${SEED_POST}`,
    );
    expect(seedEntry.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/);
  });

  it('never shows a draft or an unpublished change, in any page, the feed or the sitemap', () => {
    const files = listFiles(outDir);
    expect(files).toContain('rss.xml');
    expect(files).toContain('sitemap-0.xml');
    for (const file of files) {
      const body = fs.readFileSync(path.join(outDir, file), 'utf8');
      expect(body, file).not.toContain(DRAFT_MARKER);
      expect(body, file).not.toContain(UNPUBLISHED_CHANGE);
    }
    expect(textOf(page(outDir, '/blog/offentligt-indlaeg/').querySelector('h1'))).toBe(
      'Offentligt indlæg',
    );
  });

  it('passes html-validate (recommended rules) with zero errors on every built page', async () => {
    const pages = listFiles(outDir).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(120);
    expect((await htmlErrors(outDir, pages)).join('\n')).toBe('');
  });

  it('never puts the API token in the output', () => {
    for (const file of listFiles(outDir)) {
      expect(fs.readFileSync(path.join(outDir, file), 'utf8'), file).not.toContain(cms.token);
    }
  });
});

describe('syncing again', () => {
  it('fetches only what changed since the last build, and everything with --force', async () => {
    const posts = cms.strapi.documents('api::post.post');
    const filler = found(
      (await posts.findMany({ filters: { slug: 'fyldindlaeg-nummer-7' }, status: 'published' }))[0],
      'filler post 7',
    );
    await posts.update({
      documentId: filler.documentId,
      data: {
        title: 'Fyldindlæg nummer 7, redigeret',
        body: [
          {
            type: 'paragraph',
            children: [{ type: 'text', text: 'Ny brødtekst efter redigeringen.' }],
          },
        ],
      },
    });
    await posts.publish({ documentId: filler.documentId });

    const again = await runSiteBuild({ CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL }, outDir);
    expect(again.code, again.output).toBe(0);
    // The sync state (count, latest change per type) first: only posts changed, so only the changed post is fetched.
    expect(synced(again, 'posts')).toMatchObject({
      mode: 'changes',
      published: 102,
      fetched: 1,
      removed: 0,
      requests: 1,
    });
    expect(synced(again, 'tags')).toMatchObject({ mode: 'unchanged', requests: 0 });
    expect(synced(again, 'site')).toMatchObject({ mode: 'unchanged', requests: 0 });
    // Opinions take their posts from the posts' side, so a post edit leaves them alone.
    expect(synced(again, 'opinions')).toMatchObject({ mode: 'unchanged', requests: 0 });
    // The sync state and the changed post: nothing else.
    expect(again.report!.sync!.requests).toBe(2);
    expect(textOf(page(outDir, '/blog/fyldindlaeg-nummer-7/').querySelector('h1'))).toBe(
      'Fyldindlæg nummer 7, redigeret',
    );
    expect(textOf(page(outDir, '/blog/fyldindlaeg-nummer-7/').querySelector('article'))).toContain(
      'Ny brødtekst efter redigeringen.',
    );
    // Bodies live beside the content store, one file per published post: the edited body's old file is gone (web/src/lib/body-files.ts).
    const bodyFiles = () =>
      fs.readdirSync(
        path.join(
          process.env.SITE_CACHE_DIR ?? path.join(webDir, 'node_modules', '.astro'),
          'content-bodies',
          'posts',
        ),
      );
    expect(bodyFiles()).toHaveLength(102);

    const forced = await runSiteBuild(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL },
      outDir,
      ['--force'],
    );
    expect(forced.code, forced.output).toBe(0);
    expect(synced(forced, 'posts')).toMatchObject({ mode: 'full', published: 102, requests: 2 });
    // The sync state, 2 pages of posts, 4 more collections, the site settings.
    expect(forced.report!.sync!.requests).toBe(8);

    // An unpublished post lowers the count: the posts are listed again and it is dropped.
    // Changed site settings are fetched again.
    await posts.unpublish({ documentId: filler.documentId });
    const sites = cms.strapi.documents('api::site.site');
    const site = found(await sites.findFirst({}), 'the site settings');
    await sites.update({ documentId: site.documentId, data: { siteTitle: 'Salg med omtanke' } });
    const dropped = await runSiteBuild(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL },
      outDir,
    );
    expect(dropped.code, dropped.output).toBe(0);
    expect(synced(dropped, 'posts')).toMatchObject({
      mode: 'listing',
      published: 101,
      fetched: 0,
      removed: 1,
    });
    expect(fs.existsSync(path.join(outDir, 'blog', 'fyldindlaeg-nummer-7', 'index.html'))).toBe(
      false,
    );
    expect(bodyFiles(), 'the dropped post’s body file goes with it').toHaveLength(101);
    expect(synced(dropped, 'site')).toMatchObject({ mode: 'full', fetched: 1 });
    expect(textOf(page(outDir, '/').querySelector('title'))).toBe('Salg med omtanke');
    await posts.publish({ documentId: filler.documentId });
    await sites.update({
      documentId: site.documentId,
      data: { siteTitle: found(site.siteTitle, 'a site title') },
    });
  }, 180_000); // three builds
});

describe('the build out of its memory budget', () => {
  it('says so and how to raise it, and leaves the last good site in place', async () => {
    const before = fs.readFileSync(
      path.join(outDir, 'blog', 'ikke-flere-kunder-tak', 'index.html'),
      'utf8',
    );
    const starved = await runSiteBuild(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL, SITE_BUILD_HEAP_MB: '24' },
      outDir,
    );
    expect(starved.code).not.toBe(0);
    expect(starved.output).toContain(
      'The build ran out of its memory budget (24 MB of heap). Raise it, e.g. SITE_BUILD_HEAP_MB=48 npm run build:site.',
    );
    expect(
      fs.readFileSync(path.join(outDir, 'blog', 'ikke-flere-kunder-tak', 'index.html'), 'utf8'),
    ).toBe(before);

    const wrong = await runSiteBuild(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL, SITE_BUILD_HEAP_MB: 'lots' },
      outDir,
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain(
      'SITE_BUILD_HEAP_MB must be a whole number, 0 or more, not "lots"',
    );
  });

  it('refuses a bad search shard size before it renders anything', async () => {
    const wrong = await runSiteBuild(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL, SITE_SEARCH_SHARD_MB: '-5' },
      outDir,
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toContain('SITE_SEARCH_SHARD_MB must be a positive number, not "-5"');
    expect(wrong.output).not.toContain('Building the site from');
    expect(
      fs
        .readdirSync(path.dirname(outDir))
        .filter((name) => name.startsWith(`${path.basename(outDir)}.building-`)),
    ).toEqual([]);
  });

  it('gets the options given to `npm run build:site --` (the README documents --out, docs/features.md --force)', async () => {
    // Stopped by the bad shard size before it renders, so this checks the command line alone.
    const elsewhere = path.join(os.tmpdir(), `blog-out-${process.pid}`);
    const run = await runNpmBuild(
      { CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL, SITE_SEARCH_SHARD_MB: '-5' },
      ['--out', elsewhere, '--force'],
    );
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(`the previous build in ${elsewhere} (if any) is unchanged`);
    expect(run.output).not.toContain('Unknown cli config');
    expect(fs.existsSync(elsewhere)).toBe(false);
  });
});

describe('the build with the CMS stopped', () => {
  it('fails with a message naming the URL and the cause, and leaves the last good site in place', async () => {
    const before = fs.readFileSync(
      path.join(outDir, 'blog', 'ikke-flere-kunder-tak', 'index.html'),
      'utf8',
    );
    await cms.closeServer();
    const failed = await runSiteBuild({ CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL }, outDir);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(`CMS request failed: ${cms.url}/api/`);
    expect(failed.output).toContain('ECONNREFUSED');
    expect(failed.output).not.toContain(cms.token);
    expect(
      fs.readFileSync(path.join(outDir, 'blog', 'ikke-flere-kunder-tak', 'index.html'), 'utf8'),
    ).toBe(before);
    expect(
      fs
        .readdirSync(path.dirname(outDir))
        .filter((name) => name.startsWith(`${path.basename(outDir)}.building-`)),
    ).toEqual([]);
  });
});
