// The site server's incremental builds (web/server/builder/incremental-site.ts, the cache keys of
// web/src/lib/page-keys.ts) against full builds of the same content: after each edit in a random
// sequence, an incremental build in one builds directory and a full build in a fresh one must give
// the same site, file by file. Any page whose key misses something it shows fails here.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteFiles } from '../../web/build/site-files';
import type { IncrementalResult } from '../../web/build/site-output';
import { seededRandom } from '../bench/corpus';
import { webDir } from '../helpers/paths';
import { startIncrementalBuilder, type IncrementalBuilder } from '../helpers/site-build';
import { addTestImage, type TestImage } from '../helpers/test-media';
import { found, startTestCms, type TestCms } from '../helpers/test-cms';

const SITE_URL = 'https://blog.example.test';
// Printed, and settable, so that a failing order can be run again.
const SEED = Number(process.env.INCREMENTAL_TEST_SEED || Date.now() % 100_000);
// Inside web/, so that each build's server code resolves its packages from node_modules.
const root = path.join(webDir, `.test-builds-incremental-${process.pid}`);
const incrementalDir = path.join(root, 'incremental');

let cms: TestCms;
let image: TestImage;
let step = 0;

const next = seededRandom(SEED);
const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;

const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

/**
 * A build in `dir` by `builder`, and its manifest. The incremental side builds again and again in
 * one process, as a build worker may; each full build is a fresh process over a fresh directory,
 * without the worker's warm-up (nothing before it in its process).
 */
async function build(
  dir: string,
  builder?: IncrementalBuilder,
): Promise<{
  result: IncrementalResult;
  manifest: SiteFiles;
  early: SiteFiles | null;
  output: string;
}> {
  const own = builder ? null : await startIncrementalBuilder(env(), dir, { warmUp: false });
  try {
    const { result, early, output } = await (builder ?? own!).build();
    const manifest = JSON.parse(
      fs.readFileSync(path.join(result.outDir, 'site-files.json'), 'utf8'),
    ) as SiteFiles;
    return { result, manifest, early, output };
  } finally {
    own?.stop();
  }
}

const env = () => ({ CMS_URL: cms.url, CMS_TOKEN: cms.token, SITE_URL });

/** The files whose content differs (or that only one side has), with the start of a difference. */
function differences(a: SiteFiles, aDir: string, b: SiteFiles, bDir: string): string[] {
  const names = new Set([...Object.keys(a.files), ...Object.keys(b.files)]);
  const read = (dir: string, hash: string) =>
    fs.readFileSync(path.join(dir, 'objects', hash), 'utf8');
  const found: string[] = [];
  for (const name of [...names].sort()) {
    const left = a.files[name];
    const right = b.files[name];
    if (left?.hash === right?.hash) continue;
    if (!left || !right) {
      found.push(`${name}: only in the ${left ? 'incremental' : 'full'} build`);
      continue;
    }
    const x = read(aDir, left.hash);
    const y = read(bDir, right.hash);
    let at = 0;
    while (at < x.length && x[at] === y[at]) at++;
    found.push(
      `${name}: incremental "…${x.slice(Math.max(0, at - 60), at + 80)}…" / full "…${y.slice(Math.max(0, at - 60), at + 80)}…"`,
    );
  }
  return found;
}

beforeAll(async () => {
  console.log(`Incremental build test: seed ${SEED} (INCREMENTAL_TEST_SEED=${SEED} repeats it)`);
  cms = await startTestCms();
  const posts = cms.strapi.documents('api::post.post');
  const tags = cms.strapi.documents('api::tag.tag');
  const authors = cms.strapi.documents('api::author.author');
  const tagIds: string[] = [];
  for (const name of ['Salg', 'Ledelse', 'Forhandling'])
    tagIds.push((await tags.create({ data: { name }, status: 'published' })).documentId);
  const author = await authors.create({
    data: { name: 'Anne Sælger', role: 'Salgstræner' },
    status: 'published',
  });
  // Images too: a build that renders none of their pages must still have them (Astro makes its
  // resized copies again from what the skipped pages used).
  image = await addTestImage(cms, {
    name: 'incremental',
    width: 640,
    height: 360,
    format: 'jpeg',
    alt: 'Et billede',
  });
  // Enough posts for pages of older posts, related posts and neighbours to matter.
  for (let i = 1; i <= 24; i++)
    await posts.create({
      data: {
        title: `Indlæg nummer ${i}`,
        date: new Date(Date.UTC(2020, 0, 1) + i * 5 * 86_400_000).toISOString(),
        excerpt: `Kort om indlæg ${i}.`,
        body: [
          ...paragraph(`Teksten i indlæg ${i}.`),
          ...(i % 6 === 0 ? [image.block] : []),
        ] as never,
        cover: i % 5 === 0 ? image.file.id : undefined,
        tags: [tagIds[i % 3]!, ...(i % 4 === 0 ? [tagIds[(i + 1) % 3]!] : [])],
        author: i % 2 ? author.documentId : undefined,
      },
      status: 'published',
    });
  await cms.strapi.documents('api::page.page').create({
    data: { title: 'Om mig', body: paragraph('Hvem jeg er.') as never, showInNavigation: true },
    status: 'published',
  });
  fs.mkdirSync(root, { recursive: true });
}, 180_000);

afterAll(async () => {
  image?.remove();
  await cms?.destroy();
  fs.rmSync(root, { recursive: true, force: true });
});

/** The edits an editor makes, each on something picked at random. */
const EDITS: Array<[string, () => Promise<string>]> = [
  [
    'title',
    async () => {
      // (One on the site: a scheduled post has no share card yet to write again.)
      const now = Date.now();
      const post = pick(
        (await publishedPosts()).filter(
          (entry) => !entry.date || new Date(entry.date as string | Date).getTime() <= now,
        ),
      );
      await republish(post.documentId, { title: `${post.title} (rettet ${step})` });
      return `retitled ${post.slug}`;
    },
  ],
  [
    'body',
    async () => {
      const post = pick(await publishedPosts());
      await republish(post.documentId, { body: paragraph(`Ny tekst ${step}.`) as never });
      return `new body for ${post.slug}`;
    },
  ],
  [
    'slug',
    async () => {
      const post = pick(await publishedPosts());
      await republish(post.documentId, { slug: `${post.slug}-ny-${step}` });
      return `renamed ${post.slug}`;
    },
  ],
  [
    'tags',
    async () => {
      const post = pick(await publishedPosts());
      const tag = pick(
        await cms.strapi.documents('api::tag.tag').findMany({ status: 'published' }),
      );
      await republish(post.documentId, { tags: [tag.documentId] });
      return `tagged ${post.slug} ${tag.slug}`;
    },
  ],
  [
    'new post',
    async () => {
      const post = await cms.strapi.documents('api::post.post').create({
        data: { title: `Helt nyt indlæg ${step}`, body: paragraph('Nyt.') as never },
        status: 'published',
      });
      return `published ${post.slug}`;
    },
  ],
  [
    'unpublish',
    async () => {
      const post = pick(await publishedPosts());
      await cms.strapi.documents('api::post.post').unpublish({ documentId: post.documentId });
      return `unpublished ${post.slug}`;
    },
  ],
  [
    'delete',
    async () => {
      const post = pick(await publishedPosts());
      await cms.strapi.documents('api::post.post').delete({ documentId: post.documentId });
      return `deleted ${post.slug}`;
    },
  ],
  [
    'schedule',
    async () => {
      const post = pick(await publishedPosts());
      await republish(post.documentId, {
        date: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      return `scheduled ${post.slug} a month ahead`;
    },
  ],
  [
    // Nothing on the site changes (the post waits for its date), so no page is rendered again.
    'new scheduled post',
    async () => {
      const post = await cms.strapi.documents('api::post.post').create({
        data: {
          title: `Kommer senere ${step}`,
          date: new Date(Date.now() + 60 * 86_400_000).toISOString(),
        },
        status: 'published',
      });
      return `scheduled the new ${post.slug}`;
    },
  ],
  [
    'settings',
    async () => {
      const sites = cms.strapi.documents('api::site.site');
      const site = found(await sites.findFirst({}), 'the site settings');
      await sites.update({
        documentId: site.documentId,
        data: { tagline: `Ny undertitel ${step}` },
      });
      return 'changed the tagline';
    },
  ],
  [
    'menu',
    async () => {
      const pages = cms.strapi.documents('api::page.page');
      const page = found((await pages.findMany({ status: 'published' }))[0], 'a page');
      await pages.update({
        documentId: page.documentId,
        data: { title: `Om mig ${step}`, showInNavigation: next() < 0.5 },
      });
      await pages.publish({ documentId: page.documentId });
      return 'changed the menu page';
    },
  ],
  [
    // The old address of a standalone page is then made by another route (a redirect page).
    'page slug',
    async () => {
      const pages = cms.strapi.documents('api::page.page');
      const page = found((await pages.findMany({ status: 'published' }))[0], 'a page');
      await pages.update({ documentId: page.documentId, data: { slug: `om-mig-${step}` } });
      await pages.publish({ documentId: page.documentId });
      return `renamed the page ${page.slug}`;
    },
  ],
];

async function publishedPosts() {
  return cms.strapi
    .documents('api::post.post')
    .findMany({ status: 'published', fields: ['title', 'slug', 'date'], limit: 100 });
}

async function republish(documentId: string, data: Record<string, unknown>) {
  const posts = cms.strapi.documents('api::post.post');
  await posts.update({ documentId, data: data as never });
  await posts.publish({ documentId });
}

describe('incremental builds', () => {
  it('give the same site as a full build after every edit of a random sequence', async () => {
    // A worker's first build is Astro's; it renders the next publishes itself with the site code
    // that build loaded (web/server/builder/hot-render.ts). Both in turn: every other edit is
    // built by a fresh worker.
    let builder = await startIncrementalBuilder(env(), incrementalDir);
    const first = await build(incrementalDir, builder);
    expect(first.result.changed.rendered).toBeGreaterThan(30); // the first build renders everything
    expect(first.early, 'a first build has no search index to show before its own').toBeNull();
    let before = first.manifest;
    let pagesFirst = 0;
    // Every kind of edit once, in random order (each seed a different sequence), then one more at
    // random: the same kind twice in one run.
    const order = [...EDITS].sort(() => next() - 0.5);
    order.push(pick(EDITS));
    for (const [kind, edit] of order) {
      step++;
      const what = await edit();
      const fresh = step % 2 === 1;
      if (fresh) {
        builder.stop();
        builder = await startIncrementalBuilder(env(), incrementalDir);
      }
      const incremental = await build(incrementalDir, builder);
      console.log(`Edit ${step}, ${kind} (${what}): built by ${incremental.result.renderedBy}`);
      expect(incremental.result.renderedBy, `edit ${step} (${kind})`).toBe(
        fresh ? 'astro' : 'loaded code',
      );
      const fullDir = path.join(root, `full-${step}`);
      const full = await build(fullDir);
      const found = differences(incremental.manifest, incrementalDir, full.manifest, fullDir);
      expect(found, `after edit ${step} (${kind}: ${what}), seed ${SEED}`).toEqual([]);
      // What went live before the search index: this build's pages with the last build's index.
      if (incremental.early) {
        pagesFirst++;
        const part = (manifest: SiteFiles, search: boolean) =>
          Object.fromEntries(
            Object.entries(manifest.files).filter(
              ([name]) => name.startsWith('pagefind/') === search,
            ),
          );
        expect(part(incremental.early, false), kind).toEqual(part(incremental.manifest, false));
        expect(part(incremental.early, true), kind).toEqual(part(before, true));
      }
      // Share cards are written again only when their text changed: a retitled post's, no other.
      const cardsWritten = /share cards: (\d+) written/.exec(incremental.output)?.[1] ?? '0';
      if (kind === 'title') expect(cardsWritten, what).toBe('1');
      if (kind === 'body') expect(cardsWritten, what).toBe('0');
      before = incremental.manifest;
      // Less was rendered than the whole site (the point of it all), but for what every page shows.
      if (kind !== 'settings' && kind !== 'menu')
        expect(incremental.result.changed.rendered, `${kind}: ${what}`).toBeLessThan(
          full.result.changed.rendered,
        );
      fs.rmSync(fullDir, { recursive: true, force: true });
    }
    // (Edits of a post's text change its search entry: those builds showed their pages first.)
    expect(pagesFirst, 'builds whose pages went live before their search index').toBeGreaterThan(0);
    // The tree of links for a web server in front holds the last build's files, and nothing else.
    const last = await build(incrementalDir, builder);
    builder.stop();
    const tree = path.join(incrementalDir, 'site', 'client');
    const inTree = fs
      .readdirSync(tree, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(tree, path.join(entry.parentPath, entry.name)))
      .filter((name) => !/\.(br|gz)$/.test(name))
      .sort();
    expect(inTree).toEqual(Object.keys(last.manifest.files).sort());
    for (const [name, file] of Object.entries(last.manifest.files))
      expect(fs.statSync(path.join(tree, name)).size, name).toBe(file.size);
    // The build's server code (its previews) is its own: one content store, not one per build.
    const chunks = fs.readdirSync(path.join(last.result.outDir, 'server', 'chunks'));
    expect(chunks.filter((name) => name.startsWith('_astro_data-layer-content'))).toHaveLength(1);
  }, 900_000);
});
