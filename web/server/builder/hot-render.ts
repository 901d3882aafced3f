// A publish rendered by the build worker itself, with the site's code that its last Astro build
// left loaded (build/prerender-app.ts): the content synced by the same loaders Astro ran (without
// Astro's content layer), every page's path and cache key asked of the pages' getStaticPaths(), and
// only the pages whose key changed rendered through Astro's app. Astro's startup, content layer and
// Vite bundling (3–4 s of every publish at 10,000 posts) are not run again; the site's code is the
// same, since the server builds from one checkout. Astro's incremental-build record is kept up to
// date, so a later Astro build skips exactly what it would have. docs/architecture.md, "Publish → live".
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AstroIntegrationLogger } from 'astro';
import type { CmsConnection } from '../../src/lib/cms-client.ts';
import { setBuildId } from '../../src/lib/build-id.ts';
import { imagesWithoutAlt, nextScheduled, resetPageRegistry } from '../../src/lib/page-registry.ts';
import { setShareCardOutputKept, shareCardFiles } from '../../src/share-card/integration.ts';
import { collectionSyncs } from '../../src/sync/loaders.ts';
import { describeSync } from '../../src/sync/report.ts';
import { SyncSession } from '../../src/sync/session.ts';
import {
  keptPrerenderApp,
  type KeptApp,
  type PrerenderApp,
  type RouteData,
} from '../../build/prerender-app.ts';
import type { SiteBuildResult } from '../../build/site-output.ts';

/** What a rendered publish changed in the render directory's client folder (relative names). */
export interface RenderChanges {
  written: string[];
  removed: string[];
}

/** Astro's record of its incremental build (astro/dist/core/build/incremental.js), as used here. */
interface IncrementalRecord {
  version: number;
  routes: Record<string, { dependencyHash: string; paths: Record<string, PathRecord> }>;
}

interface PathRecord {
  cacheKey?: string;
  outputFile: string;
  staticImages?: unknown[];
  referencedImages?: unknown[];
}

type TransformsByOriginal = Map<
  string,
  { originalSrcPath?: string; transforms: Map<string, { finalPath: string }> }
>;

const astroDir = path.dirname(createRequire(import.meta.url).resolve('astro/package.json'));
/** A module of Astro's own build (not in its public exports; docs/upgrading.md lists the ones used). */
const astroModule = <T>(file: string): Promise<T> =>
  import(pathToFileURL(path.join(astroDir, 'dist', file)).href) as Promise<T>;

/**
 * Syncs and renders a publish with the app the last build of this process kept, into the same
 * render directory; null when there is none to use (a fresh worker, another directory or CMS).
 */
export async function renderWithKeptApp(
  cms: CmsConnection,
  outDir: string,
  log: (line: string) => void,
  /** Called when the content is synced and pages are about to be written. */
  onRenderStart: () => void,
): Promise<(SiteBuildResult & { changes: RenderChanges }) | null> {
  const kept = keptPrerenderApp();
  if (!kept || path.resolve(kept.outDir) !== path.resolve(outDir) || kept.cmsUrl !== cms.url)
    return null;
  const { app } = kept;
  const options = app.getOptions();
  const { config } = options.settings;
  const recordFile = new URL('incremental-build.json', config.cacheDir);
  let record: IncrementalRecord;
  try {
    record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as IncrementalRecord;
  } catch {
    return null; // no record of what is rendered: Astro renders
  }
  const syncs = collectionSyncs();
  if (syncs.size === 0) return null;

  const started = Date.now();
  const buildId = randomUUID();
  log(`Building the site from ${cms.url} (rendering with the loaded site code) …`);
  resetPageRegistry();
  setBuildId(buildId);
  setShareCardOutputKept(true);
  const logger = integrationLogger(log);
  try {
    for (const integration of kept.integrations)
      await integration.hooks['astro:build:start']?.({ logger } as never);

    const session = new SyncSession({ cms, buildId, force: false });
    await Promise.all([...syncs.values()].map((sync) => sync(session)));
    const sync = session.report();
    if (sync) log(describeSync(sync));
    onRenderStart();

    const changes = await withLoadedCode(kept, async (images) => {
      const rendered = await renderChanged(app, recordFile, record, log);
      rendered.written.push(...(await writeMissingImages(app, images, log)));
      return rendered;
    });

    // The site's own end-of-build steps: the sitemap, the share cards.
    const clientDir = fileURLToPath(config.build.client);
    for (const integration of kept.integrations)
      await integration.hooks['astro:build:done']?.({
        dir: config.build.client,
        pages: changes.pages.map((pathname) => ({ pathname })),
        routes: [],
        assets: new Map(),
        logger,
      } as never);
    const relative = (file: string) => path.relative(clientDir, file).split(path.sep).join('/');
    const cards = shareCardFiles();
    changes.written.push(
      ...cards.writtenFiles.map(relative),
      ...fs.readdirSync(clientDir).filter((name) => /^sitemap-.*\.xml$/.test(name)),
    );
    changes.removed.push(...cards.removedFiles.map(relative));
    return {
      outDir,
      clientDir,
      serverEntry: path.join(outDir, 'server', 'entry.mjs'),
      counts: { pages: 0, posts: 0, opinions: 0, authors: 0, tags: 0 },
      imagesWithoutAlt: imagesWithoutAlt(),
      nextScheduledAt: nextScheduled()?.toISOString() ?? null,
      sync,
      startedAt: started,
      changes: { written: [...new Set(changes.written)], removed: changes.removed },
    };
  } finally {
    setBuildId(null);
  }
}

/**
 * Runs `render` with the kept code ready: its chunks back where the modules import them from, its
 * getStaticPaths() cache empty, and astro:assets naming the resized images the pages ask for (into
 * the map `render` is given). Afterwards the previews this worker serves link images as the CMS
 * has them again, and the chunks go (a build's directory copies the server folder).
 */
async function withLoadedCode<T>(
  kept: KeptApp,
  render: (images: TransformsByOriginal) => Promise<T>,
): Promise<T> {
  if (!fs.existsSync(kept.prerenderDir))
    fs.cpSync(kept.codeCopy, kept.prerenderDir, { recursive: true });
  kept.app.routeCache.clearAll();
  const asset = ((globalThis as { astroAsset?: Record<string, unknown> }).astroAsset ??= {});
  const images: TransformsByOriginal = new Map();
  asset.staticImages = images;
  asset.addStaticImage = kept.addStaticImage;
  try {
    return await render(images);
  } finally {
    delete asset.addStaticImage;
    fs.rmSync(kept.prerenderDir, { recursive: true, force: true });
  }
}

/**
 * Renders the pages whose cache key changed or which are new, removes the files of paths no page
 * makes any more, and brings Astro's record up to date. Sequential, as Astro's build renders.
 */
async function renderChanged(
  app: PrerenderApp,
  recordFile: URL,
  record: IncrementalRecord,
  log: (line: string) => void,
): Promise<RenderChanges & { pages: string[] }> {
  try {
    return await renderPaths(app, record, log);
  } finally {
    // Each path's entry changes with its file: true to the directory even after a failure.
    fs.writeFileSync(recordFile, JSON.stringify(record, null, '\t'));
  }
}

async function renderPaths(
  app: PrerenderApp,
  record: IncrementalRecord,
  log: (line: string) => void,
): Promise<RenderChanges & { pages: string[] }> {
  const options = app.getOptions();
  const { settings } = options;
  const { config } = settings;
  const { getOutFolder, getOutFile } = await astroModule<{
    getOutFolder(settings: unknown, pathname: string, route: RouteData): URL;
    getOutFile(format: string, folder: URL, pathname: string, route: RouteData): URL;
  }>('core/build/common.js');
  // Astro's own way to render one static page, with what it used (resized images) recorded.
  const { renderForPrerender } = await astroModule<{
    renderForPrerender(
      app: PrerenderApp,
      request: Request,
      options: { routeData: RouteData; collectMetadata: boolean },
    ): Promise<{
      response: Response;
      metadata?: { staticImages: unknown[]; referencedImages: unknown[] };
    }>;
  }>('core/app/prerender.js');
  const { ensureAsyncRenderScope } = await astroModule<{ ensureAsyncRenderScope(): void }>(
    'core/render-scope/node-scope.js',
  );
  ensureAsyncRenderScope();
  const { StaticPaths } = (await import('astro/runtime/prerender/static-paths.js')) as unknown as {
    StaticPaths: new (app: PrerenderApp) => {
      getAll(): Promise<Array<{ pathname: string; route: RouteData; cacheKey?: string }>>;
    };
  };
  const asked = Date.now();
  const all = await new StaticPaths(app).getAll();
  log(`Asked the pages for ${all.length} paths and their keys in ${seconds(Date.now() - asked)}`);
  const clientHref = config.build.client.href;
  const written: string[] = [];
  const removed: string[] = [];
  const pages: string[] = [];
  const seen = new Set<string>();
  const now = new Set<string>(); // `${component}\n${pathname}` of this build's paths
  const outputs = new Set<string>(); // the files of this build's paths
  const rendering = Date.now();
  for (const { pathname, route, cacheKey } of all) {
    const normal = pathname.replace(/\/$/, '');
    if (seen.has(normal)) continue; // the first route wins, as in Astro's build
    seen.add(normal);
    const encoded = encodeURI(pathname);
    const outFile = getOutFile(
      config.build.format,
      getOutFolder(settings, encoded, route),
      encoded,
      route,
    );
    const outputFile = outFile.href.slice(config.outDir.href.length);
    outputs.add(outputFile);
    const routeRecord = (record.routes[route.component] ??= { dependencyHash: '', paths: {} });
    now.add(`${route.component}\n${pathname}`);
    if (route.type === 'page') pages.push(pathname.replace(/\/?$/, '/').replace(/^\//, ''));
    const was = routeRecord.paths[pathname];
    if (
      cacheKey !== undefined &&
      was?.cacheKey === cacheKey &&
      was.outputFile === outputFile &&
      fs.existsSync(outFile)
    )
      continue;
    const url = new URL(
      route.type === 'endpoint' ? pathname : pathname.replace(/\/?$/, '/'),
      config.site ?? 'http://localhost/',
    );
    const { response, metadata } = await renderForPrerender(app, new Request(url), {
      routeData: route,
      collectMetadata: true,
    });
    if (response.status !== 200 && !(response.status === 404 && route.route === '/404'))
      throw new Error(`Rendering ${pathname} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    const file = fileURLToPath(outFile);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, body);
    written.push(outFile.href.slice(clientHref.length));
    const entry: PathRecord = cacheKey === undefined ? { outputFile } : { cacheKey, outputFile };
    if (metadata?.staticImages.length) entry.staticImages = metadata.staticImages;
    if (metadata?.referencedImages.length) entry.referencedImages = metadata.referencedImages;
    routeRecord.paths[pathname] = entry;
    // (Astro's copy for restoring a missing page: the new one, or a stale one could come back.)
    const copy = new URL(`dist/${outputFile}`, config.cacheDir);
    await fs.promises.mkdir(new URL('./', copy), { recursive: true });
    await fs.promises.writeFile(copy, body);
  }
  for (const [component, routeRecord] of Object.entries(record.routes))
    for (const [pathname, { outputFile }] of Object.entries(routeRecord.paths)) {
      if (now.has(`${component}\n${pathname}`)) continue;
      delete routeRecord.paths[pathname];
      // (A path another page makes now, such as a removed page's address become a redirect, stays.)
      if (outputs.has(outputFile)) continue;
      const file = new URL(outputFile, config.outDir);
      fs.rmSync(file, { force: true });
      fs.rmSync(new URL(`dist/${outputFile}`, config.cacheDir), { force: true });
      if (file.href.startsWith(clientHref)) removed.push(file.href.slice(clientHref.length));
    }
  log(
    `Rendered ${written.length} of ${all.length} paths in ${seconds(Date.now() - rendering)}, removed ${removed.length}`,
  );
  return {
    written: written.map(decodeURIComponent),
    removed: removed.map(decodeURIComponent),
    pages,
  };
}

/**
 * The resized images the rendered pages link that are not in the render directory yet (a new or
 * replaced image), made by astro:assets from its cache or the CMS as Astro's build makes them.
 */
async function writeMissingImages(
  app: PrerenderApp,
  images: TransformsByOriginal,
  log: (line: string) => void,
): Promise<string[]> {
  const options = app.getOptions();
  const client = options.settings.config.build.client;
  const missing: TransformsByOriginal = new Map();
  let count = 0;
  for (const [original, { originalSrcPath, transforms }] of images) {
    const absent = [...transforms].filter(
      ([, { finalPath }]) => !fs.existsSync(new URL(`.${finalPath}`, client)),
    );
    if (absent.length === 0) continue;
    missing.set(original, { originalSrcPath, transforms: new Map(absent) });
    count += absent.length;
  }
  if (count === 0) return [];
  log(`Making ${count} resized images …`);
  const { prepareAssetsGenerationEnv, generateImagesForPath } = await astroModule<{
    prepareAssetsGenerationEnv(options: unknown, count: number): Promise<unknown>;
    generateImagesForPath(original: string, transforms: unknown, env: unknown): Promise<void>;
  }>('assets/build/generate.js');
  const env = await prepareAssetsGenerationEnv(options, count);
  for (const [original, transforms] of missing)
    await generateImagesForPath(original, transforms, env);
  return [...missing.values()].flatMap(({ transforms }) =>
    [...transforms.values()].map(({ finalPath }) =>
      decodeURIComponent(finalPath.replace(/^\//, '')),
    ),
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function integrationLogger(log: (line: string) => void): AstroIntegrationLogger {
  const logger = {
    info: (line: string) => log(line),
    warn: (line: string) => log(`warning: ${line}`),
    error: (line: string) => log(`error: ${line}`),
    debug: () => {},
    fork: () => logger,
    label: 'blog',
    options: {},
  };
  return logger as unknown as AstroIntegrationLogger;
}
