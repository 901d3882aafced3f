// The site server's builds (in a build worker): publish → live in time that does not grow with the
// site. Astro renders into one render directory that keeps the last build's output, and its
// incremental build (src/lib/page-keys.ts) renders again only the pages whose data or code changed;
// the files it wrote go into the object store (object-store.ts) compressed, the search shards that
// hold a changed page are indexed again, and the build is a new manifest of every path. Nothing here
// reads, hashes or copies the unchanged files. docs/architecture.md, "Publish → live".
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CmsConnection } from '../../src/lib/cms-client.ts';
import { ObjectStore } from './object-store.ts';
import { astroBuild, type BuildOptions } from '../../build/site-build.ts';
import { forgetPrerenderApp } from '../../build/prerender-app.ts';
import { renderWithKeptApp, type RenderChanges } from './hot-render.ts';
import { countPagesOf, type IncrementalResult } from '../../build/site-output.ts';
import {
  ENCODING_SUFFIX,
  MANIFEST_NAME,
  listFiles,
  readSiteFiles,
  type Encoding,
  type SiteFile,
  type SiteFiles,
} from '../../build/site-files.ts';
import { indexShard, searchShardBytes, SEARCH_SHARDS_FILE } from '../../build/search-index.ts';

/** The parts of a builds directory an incremental build keeps between builds. */
export function buildsLayout(buildsDir: string) {
  return {
    render: path.join(buildsDir, 'render'),
    cache: path.join(buildsDir, 'astro-cache'),
    objects: path.join(buildsDir, 'objects'),
    /** A tree of links to the live build's files, for a web server in front (docs/operations.md). */
    tree: path.join(buildsDir, 'site'),
    state: path.join(buildsDir, 'render-state.json'),
  };
}

/** Names in a builds directory that are no build of their own. */
export const KEPT_NAMES = new Set([
  'render',
  'astro-cache',
  'objects',
  'site',
  'render-state.json',
]);

/** What the render directory holds, as of the last build that finished in it. */
export interface RenderState {
  /** False while a build runs: a build that died half-way leaves it false, and the next renders all. */
  complete: boolean;
  /**
   * The directory of that build (relative to the builds directory), whose manifest names every
   * path of the site (pages, assets, search) and its object; kept while this names it.
   */
  build: string;
  /** The pages with a search body → a hash of what the search index takes from it. */
  searchable: Record<string, string>;
  /** How many search shards the pages were indexed in. */
  shards: number;
  /** Media shown without alt text, by page (kept for the pages not rendered again). */
  imagesWithoutAlt: Record<string, string[]>;
}

/** The manifest of the render directory's last finished build, if its directory is still there. */
export function renderedManifest(buildsDir: string, state: RenderState): SiteFiles | null {
  return state.build ? readSiteFiles(path.join(buildsDir, state.build, MANIFEST_NAME)) : null;
}

export function readRenderState(buildsDir: string): RenderState | null {
  try {
    return JSON.parse(fs.readFileSync(buildsLayout(buildsDir).state, 'utf8')) as RenderState;
  } catch {
    return null;
  }
}

function writeRenderState(buildsDir: string, state: RenderState): void {
  writeWhole(buildsLayout(buildsDir).state, JSON.stringify(state));
}

/** Written beside and renamed over: a reader (a restarting server) never sees half of it. */
function writeWhole(file: string, content: string): void {
  fs.writeFileSync(`${file}.tmp`, content);
  fs.renameSync(`${file}.tmp`, file);
}

export interface IncrementalOptions extends BuildOptions {
  /**
   * Given the build as soon as its pages are stored, with the last build's search index for the
   * changed pages (the site server makes it live then); the build with its own index follows as
   * the result. Not called for a first or full build, which has no earlier index to show.
   */
  onPagesReady?: (result: IncrementalResult) => void | Promise<void>;
}

/**
 * One build of the site server: Astro into the render directory, then the changed files into the
 * object store and the manifest into `buildDir` (with a copy of the preview routes' server code).
 */
export async function buildIncrementally(
  cms: CmsConnection | null,
  buildsDir: string,
  buildDir: string,
  options: IncrementalOptions = {},
): Promise<IncrementalResult> {
  const log = options.log ?? console.log;
  const layout = buildsLayout(buildsDir);
  const store = new ObjectStore(layout.objects);
  const before = readRenderState(buildsDir);
  // Renders everything when asked, the first time, and after a build that did not finish (its
  // half-written pages would pass for finished ones).
  const last = before?.complete ? renderedManifest(buildsDir, before) : null;
  const fromScratch = !last || options.force === true;
  if (fromScratch) {
    fs.rmSync(layout.render, { recursive: true, force: true });
    if (before && !before.complete)
      log('The last build did not finish: rendering every page again');
  }
  // The render directory is unfinished from the moment pages are written into it: after the
  // content sync, so a build the CMS fails leaves it as the last build left it (the next build is
  // incremental); a build from scratch has emptied it already.
  let rendering = false;
  const renderStarts = () => {
    rendering = true;
    writeRenderState(buildsDir, {
      ...(before ?? { build: '', searchable: {}, shards: 0, imagesWithoutAlt: {} }),
      complete: false,
    });
  };
  if (fromScratch) renderStarts();
  fs.mkdirSync(layout.render, { recursive: true });
  const renderOptions = { ...options, onRenderStart: renderStarts };

  // The worker renders with the code its last build loaded when it can (hot-render.ts), else Astro
  // builds; either way the same files result (tests/integration/incremental-build.test.ts).
  let rendered: Awaited<ReturnType<typeof renderWithKeptApp>> = null;
  if (cms && !fromScratch)
    try {
      rendered = await renderWithKeptApp(cms, layout.render, log, renderStarts);
    } catch (error) {
      if (!rendering) throw error; // the CMS failed, as it would for Astro's sync
      forgetPrerenderApp();
      log(
        `Rendering with the loaded site code failed (${(error as Error).message}); building with Astro instead`,
      );
    }
  const result = rendered ?? (await buildWithAstro(cms, buildsDir, renderOptions, fromScratch));
  const finishing = Date.now();
  const now = new Date();
  const clientDir = result.clientDir;
  // The last build's files: kept where the page was kept, and their dates where content is the same.
  const previous = last?.files ?? {};
  const files: SiteFiles['files'] = {};
  let written = 0;
  const renderedPages: string[] = [];
  const searchable = new Map(Object.entries(fromScratch ? {} : (before?.searchable ?? {})));
  // Pages whose searchable part changed (a page rendered again for a changed link beside it is not).
  const touchedSearch = new Set<string>();

  const { changed, kept } =
    'changes' in result
      ? changesOf(result.changes, previous)
      : renderDirChanges(clientDir, result.since, result.outputFiles, previous);
  for (const name of kept) files[name] = previous[name]!;
  for (const name of changed) {
    const content = await fs.promises.readFile(path.join(clientDir, name));
    const stored = await store.put(name, content, previous[name], now);
    files[name] = stored.file;
    if (stored.written) written++;
    if (name.endsWith('.html')) {
      renderedPages.push(name);
      const searched = searchDigest(content);
      if (searched !== (searchable.get(name) ?? null)) touchedSearch.add(name);
      if (searched) searchable.set(name, searched);
      else searchable.delete(name);
    }
  }
  for (const name of searchable.keys())
    if (!files[name]) {
      searchable.delete(name);
      touchedSearch.add(name);
    }

  // Search: the pages are spread over shards by their path, so a page stays in its shard as others
  // come and go, and only the shards holding a changed page are indexed again.
  const shards = shardCount(searchable.size);
  const shardOf = (name: string) => shardIndex(name, shards);
  const dirty = new Set<number>();
  if (fromScratch || shards !== before?.shards) for (let i = 0; i < shards; i++) dirty.add(i);
  else for (const name of touchedSearch) dirty.add(shardOf(name));
  for (const [name, file] of Object.entries(previous))
    if (name.startsWith('pagefind/')) {
      const shard = bundleShard(name);
      if (shard !== null && shard < shards && !dirty.has(shard)) files[name] = file;
    }

  // The build's own directory: its manifest, and its preview routes' code (a worker loads that
  // while later builds rewrite the render directory's).
  fs.mkdirSync(buildDir, { recursive: true });
  let serverEntry: string | null = null;
  if (result.serverEntry) {
    fs.cpSync(path.dirname(result.serverEntry), path.join(buildDir, 'server'), { recursive: true });
    serverEntry = path.join(buildDir, 'server', path.basename(result.serverEntry));
  }
  const imagesWithoutAlt = mergeImages(
    fromScratch ? {} : (before?.imagesWithoutAlt ?? {}),
    result.imagesWithoutAlt,
    renderedPages,
    files,
  );
  // What the build reports of its pages: the same before and after its search index.
  const redirects = readJson<Array<{ from: string }>>(store, files, 'redirects.json') ?? [];
  const counts = countPagesOf(Object.keys(files), redirects);
  const imagesReport = Object.entries(invert(imagesWithoutAlt)).map(([url, pages]) => ({
    url,
    pages,
  }));
  let shown = previous; // what the tree of links shows
  // Writes the build's manifest of `all` and brings the tree of links up to it.
  const publish = (all: SiteFiles['files']): IncrementalResult => {
    const manifest: SiteFiles = {
      files: Object.fromEntries(
        Object.keys(all)
          .sort()
          .map((name) => [name, all[name]!]),
      ),
    };
    writeWhole(path.join(buildDir, MANIFEST_NAME), JSON.stringify(manifest));
    // (A build from scratch publishes once: it has no earlier search index to show first.)
    updateTree(layout.tree, store, shown, manifest, fromScratch);
    shown = manifest.files;
    return {
      outDir: buildDir,
      clientDir: path.join(layout.tree, 'client'),
      serverEntry,
      counts,
      imagesWithoutAlt: imagesReport,
      nextScheduledAt: result.nextScheduledAt,
      sync: result.sync,
      startedAt: result.startedAt,
      durationMs: Date.now() - result.startedAt,
      renderedBy: rendered ? 'loaded code' : 'astro',
      changed: {
        written,
        removed: Object.keys(previous).filter((name) => !manifest.files[name]).length,
        shards: dirty.size,
        rendered: renderedPages.length,
      },
    };
  };

  // The pages go live before their search index (a search finds the last build's text for a
  // second): indexing a shard takes about 1.4 ms a page, up to a second or more of every publish.
  // A first build has no index to show meanwhile, so it waits for its own.
  if (options.onPagesReady && !fromScratch && dirty.size > 0) {
    const early = { ...files };
    for (const [name, file] of Object.entries(previous))
      if (name.startsWith('pagefind/')) early[name] = file;
    await options.onPagesReady(publish(early));
  }

  const searchStarted = Date.now();
  for (const shard of [...dirty].sort((a, b) => a - b)) {
    const pages = [...searchable.keys()].filter((name) => shardOf(name) === shard).sort();
    if (pages.length === 0 && shard > 0) continue; // an empty shard has no bundle
    const scratch = fs.mkdtempSync(path.join(buildsDir, '.search-'));
    try {
      await indexShard(
        clientDir,
        pages.map((name) => path.join(clientDir, name)),
        scratch,
      );
      for (const name of listFiles(scratch)) {
        const full = `${bundlePath(shard)}${name}`;
        const stored = await store.put(
          full,
          await fs.promises.readFile(path.join(scratch, name)),
          previous[full],
          now,
        );
        files[full] = stored.file;
        if (stored.written) written++;
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  // The main bundle always (it carries the search interface); the others when they hold pages.
  const filled = new Set([...searchable.keys()].map(shardOf));
  const bundles = Array.from({ length: shards - 1 }, (_, i) => i + 1)
    .filter((shard) => filled.has(shard))
    .map((shard) => `/${bundlePath(shard)}`);
  files[SEARCH_SHARDS_FILE] = (
    await store.put(
      SEARCH_SHARDS_FILE,
      Buffer.from(JSON.stringify({ bundles })),
      previous[SEARCH_SHARDS_FILE],
      now,
    )
  ).file;
  if (dirty.size)
    log(
      `Indexed ${dirty.size} of ${shards} search shards (${searchable.size} pages in all) in ${((Date.now() - searchStarted) / 1000).toFixed(1)} s`,
    );

  const built = publish(files);
  writeRenderState(buildsDir, {
    complete: true,
    build: path.relative(buildsDir, buildDir),
    searchable: Object.fromEntries([...searchable].sort(([a], [b]) => (a < b ? -1 : 1))),
    shards,
    imagesWithoutAlt,
  });
  log(
    `Stored the build: ${renderedPages.length} pages changed, ${written} new files, ${built.changed.removed} removed (${((Date.now() - finishing) / 1000).toFixed(1)} s after rendering)`,
  );
  log(
    `Built ${counts.pages} pages (${counts.posts} posts, ${counts.opinions} opinions, ${counts.authors} authors, ${counts.tags} tags) in ${(built.durationMs / 1000).toFixed(1)} s`,
  );
  return built;
}

/** Astro's build into the render directory, and the mark that tells the files it wrote. */
async function buildWithAstro(
  cms: CmsConnection | null,
  buildsDir: string,
  options: IncrementalOptions,
  fromScratch: boolean,
) {
  const layout = buildsLayout(buildsDir);
  // Only the pages carry over: the server code is made whole by every build, and its chunks are
  // named by content, so a kept server directory gained a copy of the content store per publish
  // (8 MB at 10,000 posts), all copied into each build's directory.
  fs.rmSync(path.join(layout.render, 'server'), { recursive: true, force: true });
  // Files Astro writes from now on are newer than this mark (the same clock as theirs).
  const mark = path.join(buildsDir, '.render-started');
  fs.writeFileSync(mark, '');
  const since = fs.statSync(mark).mtimeMs;
  const result = await astroBuild(cms, layout.render, {
    ...options,
    force: fromScratch,
    cacheDir: layout.cache,
    keepOutput: true,
  });
  return { ...result, since };
}

/**
 * The render directory after Astro's build: what it wrote now (newer than `since`) or did not have
 * before changed, what it kept is kept, and files no page makes any more are removed.
 */
function renderDirChanges(
  clientDir: string,
  since: number,
  outputFiles: Set<string>,
  previous: SiteFiles['files'],
): { changed: string[]; kept: string[] } {
  const changed: string[] = [];
  const kept: string[] = [];
  for (const name of listFiles(clientDir)) {
    const full = path.join(clientDir, name);
    const fresh = fs.statSync(full).mtimeMs >= since;
    if (!fresh && !outputFiles.has(full)) {
      fs.rmSync(full, { force: true }); // a page that is gone (a deleted post, an old slug)
      continue;
    }
    if (!fresh && previous[name]) kept.push(name);
    else changed.push(name);
  }
  return { changed, kept };
}

/** The same from a rendered publish's own account of what it wrote and removed. */
function changesOf(
  changes: RenderChanges,
  previous: SiteFiles['files'],
): { changed: string[]; kept: string[] } {
  const touched = new Set([...changes.written, ...changes.removed]);
  const kept = Object.keys(previous).filter(
    (name) => !touched.has(name) && !name.startsWith('pagefind/') && name !== SEARCH_SHARDS_FILE,
  );
  return { changed: changes.written, kept };
}

/**
 * What Pagefind indexes of a page: its language and its search body (the one element marked
 * data-pagefind-body, an article), or null for a page without one.
 */
export function searchDigest(html: Buffer): string | null {
  const start = html.indexOf('data-pagefind-body');
  if (start < 0) return null;
  const end = html.indexOf('</article>', start);
  const lang = /<html[^>]*\blang="([^"]*)"/.exec(html.subarray(0, 512).toString('latin1'))?.[1];
  return createHash('sha256')
    .update(`${lang}\n`)
    .update(html.subarray(start, end < 0 ? html.length : end))
    .digest('base64url');
}

/** Search pages per shard, about: fewer shards mean fewer files for a search to load. */
const PAGES_PER_SHARD = 800;

/** A power of two, so that growing splits each shard in two instead of moving every page. */
function shardCount(pages: number): number {
  const byBytes = Math.ceil((pages * 16 * 1024) / searchShardBytes()); // a page is about 12–16 KB
  const wanted = Math.max(1, Math.ceil(pages / PAGES_PER_SHARD), byBytes);
  // Never more shards than pages (a tiny SITE_SEARCH_SHARD_MB would ask for thousands).
  return 2 ** Math.ceil(Math.log2(Math.min(wanted, Math.max(1, pages))));
}

function shardIndex(name: string, shards: number): number {
  if (shards === 1) return 0;
  return createHash('sha256').update(name).digest().readUInt32BE(0) % shards;
}

/** Shard 0 is the main bundle (with the search interface); the others are merged into it. */
function bundlePath(shard: number): string {
  return shard === 0 ? 'pagefind/' : `pagefind/shard-${shard + 1}/`;
}

function bundleShard(name: string): number | null {
  if (name === SEARCH_SHARDS_FILE) return null;
  const match = /^pagefind\/shard-(\d+)\//.exec(name);
  return match ? Number(match[1]) - 1 : 0;
}

/**
 * Brings the tree of links up to the manifest: each changed path gets a new link to its object
 * (made beside it and renamed over it, so a reader never sees it missing), removed paths go.
 */
function updateTree(
  treeDir: string,
  store: ObjectStore,
  previous: SiteFiles['files'],
  manifest: SiteFiles,
  fromScratch: boolean,
): void {
  const clientDir = path.join(treeDir, 'client');
  if (fromScratch) fs.rmSync(treeDir, { recursive: true, force: true });
  const made = new Set<string>();
  const variants = (file: SiteFile) => [null, ...(Object.keys(file.encoded) as Encoding[])];
  const suffix = (encoding: Encoding | null) => (encoding ? ENCODING_SUFFIX[encoding] : '');
  for (const [name, file] of Object.entries(manifest.files)) {
    const was = previous[name];
    if (!fromScratch && was?.hash === file.hash) continue;
    const target = path.join(clientDir, name);
    const dir = path.dirname(target);
    if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
    for (const encoding of variants(file)) {
      const to = target + suffix(encoding);
      const next = `${to}.next`;
      fs.rmSync(next, { force: true });
      fs.linkSync(store.pathOf(file.hash, encoding), next);
      fs.renameSync(next, to);
    }
    if (was)
      for (const encoding of Object.keys(was.encoded) as Encoding[])
        if (file.encoded[encoding] === undefined)
          fs.rmSync(target + suffix(encoding), { force: true });
  }
  if (fromScratch) return;
  for (const [name, was] of Object.entries(previous))
    if (!manifest.files[name])
      for (const encoding of variants(was))
        fs.rmSync(path.join(clientDir, name) + suffix(encoding), { force: true });
}

function readJson<T>(store: ObjectStore, files: SiteFiles['files'], name: string): T | null {
  const file = files[name];
  return file ? (JSON.parse(fs.readFileSync(store.pathOf(file.hash), 'utf8')) as T) : null;
}

/** Page → images: the rendered pages' from this build, the others' kept, gone pages dropped. */
function mergeImages(
  kept: Record<string, string[]>,
  now: Array<{ url: string; pages: string[] }>,
  rendered: string[],
  files: SiteFiles['files'],
): Record<string, string[]> {
  const pageOf = (name: string) => `/${name.replace(/index\.html$/, '')}`;
  const merged: Record<string, string[]> = {};
  const renderedPages = new Set(rendered.map(pageOf));
  for (const [page, urls] of Object.entries(kept))
    if (!renderedPages.has(page) && files[`${page.slice(1)}index.html`]) merged[page] = urls;
  for (const { url, pages } of now)
    for (const page of pages) {
      const urls = (merged[page] ??= []);
      if (!urls.includes(url)) urls.push(url);
    }
  return merged;
}

function invert(byPage: Record<string, string[]>): Record<string, string[]> {
  const byUrl: Record<string, string[]> = {};
  for (const [page, urls] of Object.entries(byPage))
    for (const url of urls) (byUrl[url] ??= []).push(page);
  for (const pages of Object.values(byUrl)) pages.sort();
  return byUrl;
}
